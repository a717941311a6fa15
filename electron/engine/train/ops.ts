import * as tf from '@tensorflow/tfjs'
import { gemm, gemmApplies } from './gemm.ts'
import { activationGrad } from './kernels.ts'
import type { Activation } from './kernels.ts'

/**
 * Matrix products that stay on tfjs-backend-wasm's fast path. Its BatchMatMul sends a product to
 * XNNPACK only when neither side is transposed and the batch is 1; every other case runs a scalar
 * triple loop (measured here: h[64×128]ᵀ·h 1,076 µs vs 98 µs for transpose + plain matMul, 11×).
 * Autodiff of a dense layer needs xᵀ·dy and dy·Wᵀ, so stock gradients always hit the slow loop.
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm' || (!transposeA && !transposeB)) return tf.matMul(a, b, transposeA, transposeB) as tf.Tensor2D
  const at = transposeA ? tf.transpose(a) : a
  const bt = transposeB ? tf.transpose(b) : b
  const out = tf.matMul(at, bt) as tf.Tensor2D
  if (at !== a) at.dispose()
  if (bt !== b) bt.dispose()
  return out
}

const FUSABLE = new Set<Activation>(['linear', 'relu', 'elu', 'sigmoid'])

/** act(x·W + b) as one fused kernel where the backend fuses that activation. */
export function denseForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, activation: Activation): tf.Tensor2D {
  if (FUSABLE.has(activation)) {
    return tf.fused.matMul({ a: x, b: w, ...(b ? { bias: b } : {}), activation: activation as tf.fused.Activation }) as tf.Tensor2D
  }
  const z = b ? tf.fused.matMul({ a: x, b: w, bias: b }) : tf.matMul(x, w)
  const y = activation === 'tanh' ? tf.tanh(z) : z
  if (y !== z) z.dispose()
  return y as tf.Tensor2D
}

/**
 * A dense layer for autodiff models (tf.grads / variableGrads): forward is one fused kernel, and
 * the gradient is hand-written (activation grad + bias grad in one custom kernel, the two products
 * on the XNNPACK path) instead of TF.js's generic one. x may have leading dims ([B, T, D]); they are
 * flattened for the product and restored.
 */
export function dense(x: tf.Tensor, w: tf.Tensor2D, b?: tf.Tensor1D, activation: Activation = 'linear'): tf.Tensor {
  const lead = x.shape.slice(0, -1)
  const x2 = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]!]) as tf.Tensor2D
  const withBias = b !== undefined
  const f = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc
    const xi = args[0] as tf.Tensor2D
    const wi = args[1] as tf.Tensor2D
    const bi = withBias ? (args[2] as tf.Tensor1D) : undefined
    const y = denseForward(xi, wi, bi, activation)
    save([xi, wi, y])
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]
        let dz: tf.Tensor2D
        let db: tf.Tensor1D
        if (activation === 'linear') {
          dz = dy as tf.Tensor2D
          db = tf.sum(dy, 0) as tf.Tensor1D
        } else {
          ;({ dz, dBias: db } = activationGrad(dy as tf.Tensor2D, sy, activation))
        }
        const dx = matMul(dz, sw, false, true)
        const dw = matMul(sx, dz, true, false)
        return withBias ? [dx, dw, db] : [dx, dw]
      },
    }
  }) as unknown as Parameters<typeof tf.customGrad>[0])
  const y = withBias ? f(x2, w, b!) : f(x2, w)
  return x.rank === 2 ? y : tf.reshape(y, [...lead, w.shape[1]])
}

// ---------------------------------------------------------------------------------------------
// Rank-3 ([1, rows, cols]) products straight through engine.runKernel. tf.matMul / tf.fused.matMul
// on 2-D tensors add three Reshape kernels and an op scope (customGrad) around the one kernel that
// does the work: ~30 µs per call on wasm, measured. Keeping activations and weights as [1, r, c]
// (the layout the BatchMatMul kernels take natively) removes them. No autodiff through these.

export type Mat3 = tf.Tensor3D

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor
}

const PERM_021 = [0, 2, 1]

/** [1, r, c] → [1, c, r]. */
export function transpose3(x: Mat3): Mat3 {
  return run('Transpose', { x }, { perm: PERM_021 }) as Mat3
}

/** a·b for [1, m, k]·[1, k, n], transposes as flags on backends that handle them natively, explicit on wasm. */
export function matMul3(a: Mat3, b: Mat3, transposeA = false, transposeB = false): Mat3 {
  if (gemmApplies(transposeB ? b.shape[1] : b.shape[2])) return gemm(a, b, { transposeA, transposeB })
  if ((transposeA || transposeB) && tf.getBackend() === 'wasm') {
    const at = transposeA ? transpose3(a) : a
    const bt = transposeB ? transpose3(b) : b
    const out = run('BatchMatMul', { a: at, b: bt }, { transposeA: false, transposeB: false }) as Mat3
    if (at !== a) at.dispose()
    if (bt !== b) bt.dispose()
    return out
  }
  return run('BatchMatMul', { a, b }, { transposeA, transposeB }) as Mat3
}

/** act(a·w + bias) in one kernel for linear/relu/elu/sigmoid; tanh adds one. */
export function dense3(a: Mat3, w: Mat3, bias: tf.Tensor1D | undefined, activation: Activation): Mat3 {
  if ((activation === 'relu' || activation === 'linear') && gemmApplies(w.shape[2])) {
    return gemm(a, w, { ...(bias ? { bias } : {}), relu: activation === 'relu' })
  }
  const fused = FUSABLE.has(activation)
  const inputs: Record<string, tf.Tensor> = bias ? { a, b: w, bias } : { a, b: w }
  const z = run('_FusedMatMul', inputs, { transposeA: false, transposeB: false, activation: fused ? activation : 'linear', leakyreluAlpha: 0.2 }) as Mat3
  if (fused) return z
  const y = run('Tanh', { x: z }, {}) as Mat3
  z.dispose()
  return y
}
