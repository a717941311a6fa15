import * as tf from '@tensorflow/tfjs'
import { dropout, initVariable, STREAM, trainRng } from '../index.ts'
import type { Optimizer, Rng } from '../index.ts'
import { embeddingBag } from './text-embedding-bag.ts'
import { paddingMask } from './text-data.ts'
import { denseLayer } from './transformer-dense.ts'
import { addBlockParams, blockForward, createParamStore, crossEntropy, embed, maskedMeanPool } from './transformer-layers.ts'
import type { ParamStore } from './transformer-layers.ts'
import { layerNorm } from './transformer-norm.ts'

/**
 * Text classifiers on padded token ids:
 * - `bow`: mean of the non-padding tokens' embeddings (one EmbeddingBag kernel) → dense + ReLU →
 *   dropout → dense → softmax. W3 is this with vocab 5000, seq 128, embedding 64, dense 64, 2 classes.
 * - `transformer`: token + position embeddings → pre-LN encoder blocks (self-attention with the
 *   padding mask) → final LN → mean over real tokens → the same head.
 */
export type TextArch = 'bow' | 'transformer'

export interface TextClassifierConfig {
  arch: TextArch
  vocabSize: number
  seqLen: number
  numClasses: number
  /** Embedding width (bow), or d_model (transformer). */
  embedding: number
  /** Hidden dense layer of the head (0 = logits straight from the pooled vector). */
  hidden: number
  dropout: number
  padId: number
  seed: number
  /** transformer only */
  layers: number
  heads: number
  ff: number
}

export interface TextClassifier {
  readonly config: Readonly<TextClassifierConfig>
  readonly store: ParamStore
  /** One optimizer step on `size` rows of ids (size × seqLen) and their labels; returns the mean loss. */
  trainStep(ids: Int32Array, labels: Int32Array, size: number, optimizer: Optimizer, lr: number): number
  /** Logits, n × numClasses row-major. */
  predict(ids: Int32Array, n: number, batchSize?: number): Float32Array
  namedWeights(): Record<string, tf.Tensor>
  setWeights(named: Record<string, tf.Tensor>): void
  dispose(): void
}

/** Head params: pooled [B, width] → (dense+ReLU, dropout) → logits. Shared with the fine-tune model. */
export function addHeadParams(store: ParamStore, rng: Rng, width: number, hidden: number, classes: number, prefix = 'head'): void {
  if (hidden > 0) {
    store.add(`${prefix}/dense/kernel`, initVariable(rng, 'he-uniform', [width, hidden]))
    store.add(`${prefix}/dense/bias`, initVariable(rng, 'zeros', [hidden]))
  }
  store.add(`${prefix}/out/kernel`, initVariable(rng, 'glorot-uniform', [hidden > 0 ? hidden : width, classes]))
  store.add(`${prefix}/out/bias`, initVariable(rng, 'zeros', [classes]))
}

export function headForward(store: ParamStore, pooled: tf.Tensor2D, hidden: number, rate: number, rng: Rng, training: boolean, prefix = 'head'): tf.Tensor2D {
  let h = pooled
  if (hidden > 0) {
    h = denseLayer(h, store.get(`${prefix}/dense/kernel`), store.get(`${prefix}/dense/bias`), 'relu')
    h = dropout(h, rate, rng, training) as tf.Tensor2D
  }
  return denseLayer(h, store.get(`${prefix}/out/kernel`), store.get(`${prefix}/out/bias`))
}

export function createTextClassifier(config: TextClassifierConfig): TextClassifier {
  const cfg = { ...config }
  if (cfg.numClasses < 2) throw new Error(`text classifier: need at least 2 classes, got ${cfg.numClasses}`)
  if (cfg.arch === 'transformer' && cfg.embedding % cfg.heads !== 0) throw new Error(`d_model (${cfg.embedding}) must be divisible by heads (${cfg.heads})`)
  const store = createParamStore()
  const rng = trainRng(cfg.seed, STREAM.init)
  // N(0, 1) for a BoW table as nn.Embedding does; GPT-2's 0.02 for the transformer's.
  store.add('tok_emb', initVariable(rng, 'normal', [cfg.vocabSize, cfg.embedding], undefined, { std: cfg.arch === 'bow' ? 1 : 0.02 }))
  if (cfg.arch === 'transformer') {
    store.add('pos_emb', initVariable(rng, 'normal', [cfg.seqLen, cfg.embedding]))
    for (let l = 0; l < cfg.layers; l++) addBlockParams(store, rng, `block_${l}`, { dModel: cfg.embedding, heads: cfg.heads, ff: cfg.ff }, cfg.layers)
    store.add('ln_f/gamma', tf.variable(tf.ones([cfg.embedding]), true))
    store.add('ln_f/beta', initVariable(rng, 'zeros', [cfg.embedding]))
  }
  addHeadParams(store, rng, cfg.embedding, cfg.hidden, cfg.numClasses)
  const dropRng = trainRng(cfg.seed, STREAM.dropout)

  function logits(ids: Int32Array, size: number, training: boolean): tf.Tensor2D {
    const t = cfg.seqLen
    const idsT = tf.tensor2d(ids, [size, t], 'int32')
    let pooled: tf.Tensor2D
    if (cfg.arch === 'bow') {
      pooled = embeddingBag(idsT, store.get('tok_emb'), cfg.padId)
    } else {
      const mask = tf.tensor2d(paddingMask(ids, cfg.padId), [size, t])
      let h = embed(idsT, store.get('tok_emb'), store.get('pos_emb'))
      const run = { heads: cfg.heads, causal: false, mask, dropout: cfg.dropout, rng: dropRng, training }
      for (let l = 0; l < cfg.layers; l++) h = blockForward(h, store, `block_${l}`, size, t, run)
      h = layerNorm(h, store.get('ln_f/gamma'), store.get('ln_f/beta'))
      pooled = maskedMeanPool(h, mask, size, t)
    }
    return headForward(store, pooled, cfg.hidden, cfg.dropout, dropRng, training)
  }

  function trainStep(ids: Int32Array, labels: Int32Array, size: number, optimizer: Optimizer, lr: number): number {
    const { value, grads } = tf.variableGrads(() => crossEntropy(logits(ids, size, true), tf.tensor1d(labels.subarray(0, size), 'int32')), store.vars)
    const loss = value.dataSync()[0]!
    const list = store.vars.map((v) => grads[v.name]!)
    optimizer.step(list, lr)
    value.dispose()
    for (const g of list) g.dispose()
    return loss
  }

  function predict(ids: Int32Array, n: number, batchSize = 256): Float32Array {
    const k = cfg.numClasses
    const out = new Float32Array(n * k)
    for (let s = 0; s < n; s += batchSize) {
      const m = Math.min(batchSize, n - s)
      const y = tf.tidy(() => logits(ids.subarray(s * cfg.seqLen, (s + m) * cfg.seqLen), m, false))
      out.set(y.dataSync() as Float32Array, s * k)
      y.dispose()
    }
    return out
  }

  return {
    config: cfg,
    store,
    trainStep,
    predict,
    namedWeights: () => store.named(),
    setWeights: (named) => store.assignAll(named),
    dispose: () => store.dispose(),
  }
}
