import * as tf from '@tensorflow/tfjs'
import { initVariable, STREAM, trainRng } from '../index.ts'
import type { Optimizer } from '../index.ts'
import { addBlockParams, blockForward, createParamStore, crossEntropy, embed, tiedLogits } from './transformer-layers.ts'
import type { ParamStore } from './transformer-layers.ts'
import { layerNorm } from './transformer-norm.ts'

/**
 * A small decoder-only transformer (GPT-style, pre-LN) trained by next-token prediction.
 * Per step on wasm (W2: 2 layers): embedding gather, per layer one LN kernel, a fused QKV product, one
 * attention kernel (causal mask inside), a fused output projection, one LN, two fused FF products;
 * the backward pass mirrors it with hand-written kernels, and the optimizer is one kernel.
 */
export interface LanguageModelConfig {
  vocabSize: number
  /** Longest sequence the model sees (position embeddings). */
  context: number
  dModel: number
  layers: number
  heads: number
  ff: number
  dropout: number
  /** Output projection shares the token embedding (GPT-2) instead of its own [d, vocab] matrix. */
  tied: boolean
  seed: number
}

// In param-specs.ts (TF.js-free) since the sweep-file defaults derive from it; re-exported for existing imports.
export { LM_DEFAULTS } from '../param-specs.ts'

export interface LanguageModel {
  readonly config: Readonly<LanguageModelConfig>
  readonly store: ParamStore
  /**
   * One optimizer step on `size` windows of `context + 1` tokens each (row-major in `windows`):
   * inputs are tokens 0..T-1, targets 1..T. Returns the mean next-token loss.
   */
  trainStep(windows: Int32Array, size: number, optimizer: Optimizer, lr: number): number
  /** Summed next-token NLL and token count over n windows (no dropout, no gradient). */
  evaluate(windows: Int32Array, n: number, batchSize?: number): { nll: number; tokens: number }
  /** Final hidden states [B·T, d] (after the last LN) for ids [B, T]; for fine-tuning heads. Caller disposes. */
  hidden(ids: tf.Tensor2D, training: boolean): tf.Tensor2D
  /** Logits [B·T, vocab] for ids [B, T]. Caller disposes. */
  logits(ids: tf.Tensor2D): tf.Tensor2D
  /** Logits of the last position for one prompt (its last `context` tokens). */
  nextTokenLogits(prompt: ArrayLike<number>): Float32Array
  /** Parameters by stable name (saved weights use these names). */
  namedWeights(): Record<string, tf.Tensor>
  setWeights(named: Record<string, tf.Tensor>): void
  dispose(): void
}

export function validateLmConfig(cfg: LanguageModelConfig): void {
  if (cfg.dModel % cfg.heads !== 0) throw new Error(`d_model (${cfg.dModel}) must be divisible by heads (${cfg.heads})`)
  for (const k of ['vocabSize', 'context', 'dModel', 'layers', 'heads', 'ff'] as const) {
    if (!(Number.isInteger(cfg[k]) && cfg[k] >= 1)) throw new Error(`language model: ${k} must be a positive integer, got ${cfg[k]}`)
  }
}

/** Adds the LM's parameters (embeddings, blocks, final LN, untied head) to `store`. */
export function addLmParams(store: ParamStore, cfg: LanguageModelConfig): void {
  const rng = trainRng(cfg.seed, STREAM.init)
  store.add('tok_emb', initVariable(rng, 'normal', [cfg.vocabSize, cfg.dModel]))
  store.add('pos_emb', initVariable(rng, 'normal', [cfg.context, cfg.dModel]))
  for (let l = 0; l < cfg.layers; l++) addBlockParams(store, rng, `block_${l}`, cfg, cfg.layers)
  store.add('ln_f/gamma', tf.variable(tf.ones([cfg.dModel]), true))
  store.add('ln_f/beta', initVariable(rng, 'zeros', [cfg.dModel]))
  if (!cfg.tied) store.add('head/kernel', initVariable(rng, 'normal', [cfg.dModel, cfg.vocabSize]))
}

/** Final hidden states of the LM stack in `store` (shared with the fine-tuning model). */
export function lmHidden(store: ParamStore, cfg: LanguageModelConfig, ids: tf.Tensor2D, run: { training: boolean; dropoutRng: ReturnType<typeof trainRng>; mask?: tf.Tensor | null; causal?: boolean }): tf.Tensor2D {
  const [bsz, t] = ids.shape
  if (t > cfg.context) throw new Error(`sequence of ${t} tokens is longer than the context (${cfg.context})`)
  let h = embed(ids, store.get('tok_emb'), store.get('pos_emb'))
  const blockRun = { heads: cfg.heads, causal: run.causal ?? true, mask: run.mask ?? null, dropout: cfg.dropout, rng: run.dropoutRng, training: run.training }
  for (let l = 0; l < cfg.layers; l++) h = blockForward(h, store, `block_${l}`, bsz, t, blockRun)
  return layerNorm(h, store.get('ln_f/gamma'), store.get('ln_f/beta'))
}

export function createLanguageModel(config: LanguageModelConfig): LanguageModel {
  const cfg = { ...config }
  validateLmConfig(cfg)
  const store = createParamStore()
  addLmParams(store, cfg)
  const dropoutRng = trainRng(cfg.seed, STREAM.dropout)

  const hidden = (ids: tf.Tensor2D, training: boolean) => lmHidden(store, cfg, ids, { training, dropoutRng })
  const project = (h: tf.Tensor2D) => (cfg.tied ? tiedLogits(h, store.get('tok_emb')) : (tf.matMul(h, store.get('head/kernel')) as tf.Tensor2D))

  /** Splits windows [n, T+1] into inputs [n, T] and targets [n·T] in JS (no slicing kernels). */
  function split(windows: Int32Array, n: number): { x: Int32Array; y: Int32Array; t: number } {
    const w = windows.length / n
    const t = w - 1
    const x = new Int32Array(n * t)
    const y = new Int32Array(n * t)
    for (let i = 0; i < n; i++) {
      x.set(windows.subarray(i * w, i * w + t), i * t)
      y.set(windows.subarray(i * w + 1, (i + 1) * w), i * t)
    }
    return { x, y, t }
  }

  function trainStep(windows: Int32Array, size: number, optimizer: Optimizer, lr: number): number {
    const { x, y, t } = split(windows, size)
    const xT = tf.tensor2d(x, [size, t], 'int32')
    const yT = tf.tensor1d(y, 'int32')
    try {
      const { value, grads } = tf.variableGrads(() => crossEntropy(project(hidden(xT, true)), yT), store.vars)
      const loss = value.dataSync()[0]!
      const list = store.vars.map((v) => grads[v.name]!)
      optimizer.step(list, lr)
      value.dispose()
      for (const g of list) g.dispose()
      return loss
    } finally {
      xT.dispose()
      yT.dispose()
    }
  }

  function evaluate(windows: Int32Array, n: number, batchSize = 64): { nll: number; tokens: number } {
    let nll = 0
    let tokens = 0
    const w = windows.length / n
    for (let s = 0; s < n; s += batchSize) {
      const m = Math.min(batchSize, n - s)
      const { x, y, t } = split(windows.subarray(s * w, (s + m) * w), m)
      const loss = tf.tidy(() => crossEntropy(project(hidden(tf.tensor2d(x, [m, t], 'int32'), false)), tf.tensor1d(y, 'int32')))
      nll += loss.dataSync()[0]! * m * t
      tokens += m * t
      loss.dispose()
    }
    return { nll, tokens }
  }

  function nextTokenLogits(prompt: ArrayLike<number>): Float32Array {
    const ids = Int32Array.from(Array.from(prompt).slice(-cfg.context))
    if (ids.length === 0) throw new Error('generation needs a prompt of at least one token')
    const t = ids.length
    const out = tf.tidy(() => {
      const h = hidden(tf.tensor2d(ids, [1, t], 'int32'), false)
      // Only the last position's logits are needed.
      return project(tf.slice(h, [t - 1, 0], [1, cfg.dModel]) as tf.Tensor2D)
    })
    const v = out.dataSync() as Float32Array
    out.dispose()
    return v
  }

  return {
    config: cfg,
    store,
    trainStep,
    evaluate,
    hidden,
    logits: (ids) => tf.tidy(() => project(hidden(ids, false))),
    nextTokenLogits,
    namedWeights: () => store.named(),
    setWeights: (named) => store.assignAll(named),
    dispose: () => store.dispose(),
  }
}
