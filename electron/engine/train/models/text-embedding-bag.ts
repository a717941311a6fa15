import * as tf from '@tensorflow/tfjs'
import { ensureKernels, hasFastKernels, hostFor, int32Values, registerTextKernels, textKernels } from './transformer-kernels.ts'

/**
 * Mean of the embeddings of each sequence's non-padding tokens, ids [B, T] → [B, E], as one kernel
 * each way (wasm, cpu). This is PyTorch's nn.EmbeddingBag(mode='mean').
 *
 * Why a kernel: the stock route is gather → [B, T, E] → masked mean (the gather's gradient does not
 * exist on wasm, and on cpu it is 5000 passes for a 5000-word vocabulary), and PLATFORM.md §8's
 * one-hot/count-matrix route is a [B, V]·[V, E] product: 41 MFLOP forward and as much backward for
 * W3, where the sparse sum is 0.5 M additions. Backward scatter-adds dy[b]/count_b into a dense
 * [V, E] gradient, the dense gradient PyTorch's Embedding produces too (so Adam treats both the same).
 */
const FWD = 'SlEmbeddingBag'
const BWD = 'SlEmbeddingBagGrad'

/* eslint-disable @typescript-eslint/no-explicit-any -- kernel functions receive untyped backends */
/** Ids outside the table would read or write out of bounds in the SIMD kernel: check first (~10 µs for W3). */
function checkIds(backend: any, ids: tf.TensorInfo, vocab: number, padId: number): void {
  const iv = int32Values(backend, ids)
  for (let i = 0; i < iv.length; i++) {
    const id = iv[i]!
    if (id !== padId && !(id >= 0 && id < vocab)) throw new Error(`token id ${id} is outside the vocabulary (0..${vocab - 1})`)
  }
}

function forwardKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: any; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { ids, table } = inputs as { ids: tf.TensorInfo; table: tf.TensorInfo }
  const padId = (attrs as unknown as { padId: number }).padId
  const [bsz, t] = ids.shape as [number, number]
  const [vocab, e] = table.shape as [number, number]
  const h = hostFor(backend)
  const pt = h.input(table) >> 2
  if (e % 4 === 0) {
    const pi = h.inputInt(ids)
    const out = h.output([bsz, e])
    checkIds(backend, ids, vocab, padId)
    h.k.embbag(pi, pt << 2, out, bsz, t, e, padId)
    return h.finish()[0]!
  }
  const po = h.output([bsz, e]) >> 2
  const f = h.heap()
  const iv = int32Values(backend, ids)
  f.fill(0, po, po + bsz * e)
  for (let b = 0; b < bsz; b++) {
    const o = po + b * e
    let count = 0
    for (let s = 0; s < t; s++) {
      const id = iv[b * t + s]!
      if (id === padId) continue
      if (!(id >= 0 && id < vocab)) throw new Error(`token id ${id} is outside the vocabulary (0..${vocab - 1})`)
      count++
      const r = pt + id * e
      for (let j = 0; j < e; j++) f[o + j] = f[o + j]! + f[r + j]!
    }
    if (count > 1) {
      const inv = 1 / count
      for (let j = 0; j < e; j++) f[o + j] = f[o + j]! * inv
    }
  }
  return h.finish()[0]!
}

function backwardKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: any; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { dy, ids } = inputs as { dy: tf.TensorInfo; ids: tf.TensorInfo }
  const { padId, vocab } = attrs as unknown as { padId: number; vocab: number }
  const [bsz, t] = ids.shape as [number, number]
  const e = dy.shape[1]!
  const h = hostFor(backend)
  if (e % 4 === 0) {
    const pi = h.inputInt(ids)
    const pd = h.input(dy)
    const out = h.output([vocab, e])
    h.k.embbagGrad(pi, pd, out, bsz, t, e, padId, vocab)
    return h.finish()[0]!
  }
  const pg = h.input(dy) >> 2
  const pt = h.output([vocab, e]) >> 2
  const f = h.heap()
  const iv = int32Values(backend, ids)
  f.fill(0, pt, pt + vocab * e)
  for (let b = 0; b < bsz; b++) {
    let count = 0
    for (let s = 0; s < t; s++) if (iv[b * t + s] !== padId) count++
    if (count === 0) continue
    const inv = 1 / count
    const g = pg + b * e
    for (let s = 0; s < t; s++) {
      const id = iv[b * t + s]!
      if (id === padId) continue
      const r = pt + id * e
      for (let j = 0; j < e; j++) f[r + j] = f[r + j]! + f[g + j]! * inv
    }
  }
  return h.finish()[0]!
}

let registered = false
function ensure(): void {
  if (registered) return
  registered = true
  registerTextKernels({ [FWD]: forwardKernel, [BWD]: backwardKernel })
  tf.registerGradient({
    kernelName: FWD,
    inputsToSave: ['ids', 'table'],
    gradFunc: (dy, saved, attrs) => {
      const [ids, table] = saved as [tf.Tensor, tf.Tensor]
      const a = { padId: (attrs as unknown as { padId: number }).padId, vocab: table.shape[0]! }
      return {
        ids: () => tf.zerosLike(ids),
        table: () => tf.engine().runKernel(BWD, { dy: dy as tf.Tensor, ids }, a) as tf.Tensor,
      }
    },
  })
}

/** Stock-op version (gather + masked mean): the fallback for other backends and the tests' reference. */
export function embeddingBagReference(ids: tf.Tensor2D, table: tf.Tensor, padId: number): tf.Tensor2D {
  ensureKernels() // gather's gradient (UnsortedSegmentSum) on wasm
  return tf.tidy(() => {
    const [bsz, t] = ids.shape
    const e = table.shape[1]!
    const emb = tf.reshape(tf.gather(table, tf.reshape(ids, [bsz * t])), [bsz, t, e])
    const mask = tf.cast(tf.notEqual(ids, padId), 'float32') // [B, T]
    const sum = tf.sum(tf.mul(emb, tf.expandDims(mask, 2)), 1) // [B, E]
    return tf.div(sum, tf.maximum(tf.sum(mask, 1, true), 1)) as tf.Tensor2D
  })
}

/**
 * The same as a [B, V] matrix of token weights (count / row length) times the table: PLATFORM.md
 * §8's count-matrix route, for WebGL. There, gather's gradient (UnsortedSegmentSum) runs a pass per
 * vocabulary row: W3 trained at 3 samples/s on SwiftShader, and at ~440 this way, a plain GPU
 * product each way (41 MFLOP for W3). The ids are still on the CPU side (uploaded per batch).
 */
export function embeddingBagCounts(ids: tf.Tensor2D, table: tf.Tensor, padId: number): tf.Tensor2D {
  const [bsz, t] = ids.shape
  const vocab = table.shape[0]!
  const iv = ids.dataSync()
  const weights = new Float32Array(bsz * vocab)
  for (let b = 0; b < bsz; b++) {
    let count = 0
    for (let s = 0; s < t; s++) if (iv[b * t + s] !== padId) count++
    if (count === 0) continue
    const inv = 1 / count
    for (let s = 0; s < t; s++) {
      const id = iv[b * t + s]!
      if (id === padId) continue
      if (!(id >= 0 && id < vocab)) throw new Error(`token id ${id} is outside the vocabulary (0..${vocab - 1})`)
      weights[b * vocab + id]! += inv
    }
  }
  return tf.tidy(() => tf.matMul(tf.tensor2d(weights, [bsz, vocab]), table as tf.Tensor2D))
}

/** Mean embedding of the non-`padId` tokens of each row of ids [B, T] (int32) → [B, E]; 0 for all-pad rows. */
export function embeddingBag(ids: tf.Tensor2D, table: tf.Tensor, padId: number): tf.Tensor2D {
  // Not on webgpu: its gather gradient is an atomic scatter (fast), and a 1.3 MB upload per step trips
  // SwiftShader's mapped staging buffers ("createBuffer failed … mappedAtCreation").
  if (tf.getBackend() === 'webgl') return embeddingBagCounts(ids, table, padId)
  if (!hasFastKernels() || !textKernels.bag) return embeddingBagReference(ids, table, padId)
  ensure()
  return tf.engine().runKernel(FWD, { ids, table }, { padId }) as tf.Tensor2D
}
