import * as tf from '@tensorflow/tfjs'
import { dense as coreDense } from '../index.ts'
import { bmmAny, hasFastKernels, hostFor, registerTextKernels, textKernels } from './transformer-kernels.ts'

/**
 * act(x·W + b) with a registered gradient that is ONE kernel: dz = dy·act'(y), db = Σ_rows dz,
 * dW = xᵀ·dz and dx = dz·Wᵀ together, the two products on the SIMD matmul with xᵀ read through
 * strides (no transpose kernel). Profiled on W2 (wasm), the core's `dense` backward cost per layer
 * 2 Transpose + 2 BatchMatMul + a Sum over axis 0 (which tfjs-backend-wasm implements as a transpose
 * and a row sum) + an activation kernel, and a customGrad's Identity copies: ~9 kernels.
 * Forward is the SIMD matmul with bias and ReLU applied as it stores (one kernel as well).
 */
const FWD = 'SlDense'
const BWD = 'SlDenseGrad'

export type DenseActivation = 'linear' | 'relu'

/* eslint-disable @typescript-eslint/no-explicit-any -- kernel functions receive untyped backends */
function forwardKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: any; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo }
  const relu = (attrs as unknown as { act: DenseActivation }).act === 'relu'
  const [n, k] = x.shape as [number, number]
  const m = w.shape[1]!
  const h = hostFor(backend)
  const px = h.input(x)
  const pw = h.input(w)
  const pb = h.input(b)
  const py = h.output([n, m])
  // Bias and ReLU applied inside the SIMD kernel as it stores: 40–49 GFLOP/s against 21 for
  // tfjs-backend-wasm's fused XNNPACK path on W2's shapes.
  bmmAny(h, px, pw, py, 1, n, m, k, 0, k * 4, 4, 0, m * 4, 0, m * 4, 1, pb, relu ? 1 : 0)
  return h.finish()[0]!
}

function backwardKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: any; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { dy, x, w, y } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo; w: tf.TensorInfo; y: tf.TensorInfo }
  const relu = (attrs as unknown as { act: DenseActivation }).act === 'relu'
  const [n, k] = x.shape as [number, number]
  const m = w.shape[1]!
  const h = hostFor(backend)
  const pdy = h.input(dy)
  const px = h.input(x)
  const pw = h.input(w)
  const py = relu ? h.input(y) : 0
  const pdx = h.output([n, k])
  const pdw = h.output([k, m])
  const pdb = h.output([m])
  const dz = relu ? h.scratch(n * m) : pdy
  const wt = h.scratch(k * m)
  // dz = dy·[y > 0] and db = Σ_rows dz in one pass.
  if (m % 4 === 0) h.k.colsum(pdy, py, dz, pdb, n, m, relu ? 1 : 0)
  else colsumJs(h.heap(), pdy >> 2, py >> 2, dz >> 2, pdb >> 2, n, m, relu)
  // dW[k×m] = xᵀ·dz: xᵀ read through strides (row step 4 bytes, inner step k·4).
  bmmAny(h, px, dz, pdw, 1, k, m, n, 0, 4, k * 4, 0, m * 4, 0, m * 4, 1)
  // dx[n×k] = dz·Wᵀ: Wᵀ transposed once into scratch (k·m floats, small).
  h.k.transpose(pw, wt, 1, k, m, 0, m * 4)
  bmmAny(h, dz, wt, pdx, 1, n, k, m, 0, m * 4, 4, 0, k * 4, 0, k * 4, 1)
  return h.finish()
}

function colsumJs(f: Float32Array, g: number, y: number, z: number, db: number, n: number, m: number, relu: boolean): void {
  f.fill(0, db, db + m)
  for (let r = 0; r < n; r++) {
    const o = r * m
    for (let j = 0; j < m; j++) {
      let v = f[g + o + j]!
      if (relu) {
        if (!(f[y + o + j]! > 0)) v = 0
        f[z + o + j] = v
      }
      f[db + j] = f[db + j]! + v
    }
  }
}

let registered = false
function ensure(): void {
  if (registered) return
  registered = true
  registerTextKernels({ [FWD]: forwardKernel, [BWD]: backwardKernel })
  tf.registerGradient({
    kernelName: FWD,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor]
      const [dx, dw, db] = tf.engine().runKernel(BWD, { dy: dy as tf.Tensor, x, w, y }, attrs as tf.NamedAttrMap) as tf.Tensor[]
      return { x: () => dx!, w: () => dw!, b: () => db! }
    },
  })
}

/** act(x·W + b) for x [N, in], W [in, out], b [out]; differentiable in all three. */
export function denseLayer(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, act: DenseActivation = 'linear'): tf.Tensor2D {
  if (!hasFastKernels() || !textKernels.dense) return coreDense(x, w as tf.Tensor2D, b as tf.Tensor1D, act) as tf.Tensor2D
  ensure()
  return tf.engine().runKernel(FWD, { x, w, b }, { act }) as tf.Tensor2D
}
