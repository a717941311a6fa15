import * as tf from '@tensorflow/tfjs'
import { hasFastKernels, hostFor, int32Values, registerTextKernels, textKernels } from './transformer-kernels.ts'

/**
 * Mean softmax cross-entropy against integer labels as one kernel: the SIMD softmax of
 * transformer-simd-rows.ts writes (softmax − onehot)/N (the gradient) and each row's max and Σexp,
 * from which the loss is summed in float64. The backward pass only scales the saved gradient.
 * (The core's softmaxCrossEntropyGrad does the same in JS with Math.exp: ~3 ms for W2's 2048 × 96
 * logits, ~0.4 ms here.)
 */
const XENT = 'SlSoftmaxXent'

/** The last forward's mean loss in float64 (the tensor output is float32). */
export const lastXent = { loss: Number.NaN }

/* eslint-disable @typescript-eslint/no-explicit-any -- kernel functions receive untyped backends */
function kernel({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: any }): tf.TensorInfo[] {
  const { logits, labels } = inputs as { logits: tf.TensorInfo; labels: tf.TensorInfo }
  const [n, k] = logits.shape as [number, number]
  const h = hostFor(backend)
  const pl = h.input(logits) >> 2
  const ploss = h.output([]) >> 2
  const pg = h.output([n, k]) >> 2
  const stats = h.scratch(2 * n) >> 2
  const inv = 1 / n
  const lab = int32Values(backend, labels)
  let f = h.heap()
  f.copyWithin(pg, pl, pl + n * k)
  if (k % 4 === 0) {
    h.k.softmax(pg << 2, n, k, inv, stats << 2, 0, 1)
    f = h.heap()
  } else {
    for (let r = 0; r < n; r++) {
      const o = pg + r * k
      let max = -Infinity
      for (let j = 0; j < k; j++) if (f[o + j]! > max) max = f[o + j]!
      let s = 0
      for (let j = 0; j < k; j++) s += Math.exp(f[o + j]! - max)
      for (let j = 0; j < k; j++) f[o + j] = (Math.exp(f[o + j]! - max) / s) * inv
      f[stats + 2 * r] = max
      f[stats + 2 * r + 1] = s
    }
  }
  let nll = 0
  for (let r = 0; r < n; r++) {
    const y = lab[r]!
    if (!(y >= 0 && y < k)) throw new Error(`label ${y} is outside 0..${k - 1}`)
    nll += Math.log(f[stats + 2 * r + 1]!) + f[stats + 2 * r]! - f[pl + r * k + y]!
    f[pg + r * k + y] = f[pg + r * k + y]! - inv
  }
  lastXent.loss = nll * inv
  f[ploss] = lastXent.loss
  return h.finish()
}

let registered = false
function ensure(): void {
  if (registered) return
  registered = true
  registerTextKernels({ [XENT]: kernel })
}

/** Mean softmax cross-entropy of logits [N, K] against int32 labels [N]: a differentiable scalar. */
export function softmaxXent(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  if (!hasFastKernels() || !textKernels.xent) {
    return tf.tidy(() => {
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits) as tf.Scalar
      return loss
    })
  }
  ensure()
  // customGrad so the gradient is saved, not a second output (tfjs would back-fill a zeros tensor
  // of the logits' size for an output without a gradient).
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const [loss, grad] = tf.engine().runKernel(XENT, { logits: x, labels }, {}) as tf.Tensor[]
    save([grad!])
    return { value: loss!, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(saved[0]!, dy) }
  }) as unknown as Parameters<typeof tf.customGrad>[0])
  return f(logits) as tf.Scalar
}
