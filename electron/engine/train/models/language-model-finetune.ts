import * as tf from '@tensorflow/tfjs'
import { STREAM, trainRng } from '../index.ts'
import type { Optimizer } from '../index.ts'
import { addLmParams, lmHidden, validateLmConfig } from './language-model.ts'
import type { LanguageModelConfig } from './language-model.ts'
import { addHeadParams, headForward } from './text-classifier-model.ts'
import { paddingMask } from './text-data.ts'
import { createParamStore, crossEntropy, maskedMeanPool } from './transformer-layers.ts'
import type { ParamStore } from './transformer-layers.ts'

/**
 * A classifier on top of a language model: the LM's final hidden states (causal attention, with the
 * padding mask too), averaged over the real tokens, then a head (dense + ReLU → dropout → logits).
 * The base starts from a `language-model` trial's weights (or at random, for a from-scratch
 * comparison). With the base frozen its pooled features do not change, so the trainer computes them
 * once and trains the head on them (`features` + `headStep`): an epoch then costs one forward pass.
 */
export interface FinetuneConfig {
  base: LanguageModelConfig
  numClasses: number
  hidden: number
  dropout: number
  padId: number
  seed: number
}

export interface FinetuneModel {
  readonly config: Readonly<FinetuneConfig>
  readonly store: ParamStore
  /** Variables the optimizer updates: the head only (frozen base) or base and head. */
  trainable(freezeBase: boolean): tf.Variable[]
  /** One step through base and head on ids (size × T); returns the mean loss. */
  trainStep(ids: Int32Array, labels: Int32Array, size: number, t: number, vars: tf.Variable[], optimizer: Optimizer, lr: number): number
  /** Pooled base features (eval mode), n × d_model. */
  features(ids: Int32Array, n: number, t: number, batchSize?: number): Float32Array
  /** One head-only step on precomputed features (size × d_model). */
  headStep(feats: Float32Array, labels: Int32Array, size: number, optimizer: Optimizer, lr: number): number
  /** Logits n × classes from ids (through the base) or from features. */
  predict(ids: Int32Array, n: number, t: number): Float32Array
  predictFeatures(feats: Float32Array, n: number): Float32Array
  namedWeights(): Record<string, tf.Tensor>
  dispose(): void
}

/** Parameter names of the base LM that come from the saved weights. */
export function baseParamNames(store: ParamStore): string[] {
  return store.names.filter((n) => !n.startsWith('cls/'))
}

export function createFinetuneModel(config: FinetuneConfig, baseWeights: Record<string, tf.Tensor> | null): FinetuneModel {
  const cfg = { ...config, base: { ...config.base } }
  validateLmConfig(cfg.base)
  const store = createParamStore()
  addLmParams(store, cfg.base)
  if (baseWeights) {
    for (const name of baseParamNames(store)) {
      const t = baseWeights[name]
      if (!t) throw new Error(`finetune: the base weights have no tensor "${name}" (not a language-model trial's weights?)`)
      const v = store.get(name)
      if (t.shape.join('x') !== v.shape.join('x')) throw new Error(`finetune: base tensor "${name}" is [${t.shape}] but the config gives [${v.shape}]`)
      v.assign(t)
    }
  }
  const headRng = trainRng(cfg.seed, STREAM.init + 100)
  addHeadParams(store, headRng, cfg.base.dModel, cfg.hidden, cfg.numClasses, 'cls')
  const dropRng = trainRng(cfg.seed, STREAM.dropout)
  const d = cfg.base.dModel
  // The LM's own output projection (untied) plays no part in classification.
  const used = store.vars.filter((_, i) => store.names[i] !== 'head/kernel')
  const headVars = store.vars.filter((_, i) => store.names[i]!.startsWith('cls/'))

  function pooled(ids: Int32Array, size: number, t: number, training: boolean): tf.Tensor2D {
    const idsT = tf.tensor2d(ids, [size, t], 'int32')
    const mask = tf.tensor2d(paddingMask(ids, cfg.padId), [size, t])
    const h = lmHidden(store, cfg.base, idsT, { training, dropoutRng: dropRng, mask, causal: true })
    return maskedMeanPool(h, mask, size, t)
  }

  const head = (x: tf.Tensor2D, training: boolean) => headForward(store, x, cfg.hidden, cfg.dropout, dropRng, training, 'cls')

  function step(f: () => tf.Scalar, vars: tf.Variable[], optimizer: Optimizer, lr: number): number {
    const { value, grads } = tf.variableGrads(f, vars)
    const loss = value.dataSync()[0]!
    const list = vars.map((v) => grads[v.name]!)
    optimizer.step(list, lr)
    value.dispose()
    for (const g of list) g.dispose()
    return loss
  }

  function batched(n: number, batchSize: number, width: number, run: (s: number, m: number) => tf.Tensor): Float32Array {
    const out = new Float32Array(n * width)
    for (let s = 0; s < n; s += batchSize) {
      const m = Math.min(batchSize, n - s)
      const y = tf.tidy(() => run(s, m))
      out.set(y.dataSync() as Float32Array, s * width)
      y.dispose()
    }
    return out
  }

  return {
    config: cfg,
    store,
    trainable: (freeze) => (freeze ? headVars : used),
    trainStep: (ids, labels, size, t, vars, optimizer, lr) =>
      step(() => crossEntropy(head(pooled(ids, size, t, true), true), tf.tensor1d(labels.subarray(0, size), 'int32')), vars, optimizer, lr),
    features: (ids, n, t, batchSize = 64) => batched(n, batchSize, d, (s, m) => pooled(ids.subarray(s * t, (s + m) * t), m, t, false)),
    headStep: (feats, labels, size, optimizer, lr) =>
      step(() => crossEntropy(head(tf.tensor2d(feats.subarray(0, size * d), [size, d]), true), tf.tensor1d(labels.subarray(0, size), 'int32')), headVars, optimizer, lr),
    predict: (ids, n, t) => batched(n, 64, cfg.numClasses, (s, m) => head(pooled(ids.subarray(s * t, (s + m) * t), m, t, false), false)),
    predictFeatures: (feats, n) => batched(n, 1024, cfg.numClasses, (s, m) => head(tf.tensor2d(feats.subarray(s * d, (s + m) * d), [m, d]), false)),
    namedWeights: () => store.named(),
    dispose: () => store.dispose(),
  }
}
