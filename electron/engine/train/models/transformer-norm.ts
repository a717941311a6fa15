import * as tf from '@tensorflow/tfjs'
import { hasFastKernels, hostFor, registerTextKernels, textKernels } from './transformer-kernels.ts'

/**
 * Layer normalization over the last axis as one kernel forward and one backward (wasm, cpu).
 * In stock ops it is ~9 kernels forward (mean, sub, square, mean, add, rsqrt, mul, mul, add) and
 * about twice that backward; W2 has 5 of them per step, ~135 kernels at ~22 µs each on wasm.
 * The forward kernel also emits each row's mean and 1/σ for the backward one.
 */
const FWD = 'SlLayerNorm'
const BWD = 'SlLayerNormGrad'
const EPS = 1e-5 // PyTorch's nn.LayerNorm default

/* eslint-disable @typescript-eslint/no-explicit-any -- kernel functions receive untyped backends */
function forwardKernel({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: any }): tf.TensorInfo[] {
  const x = inputs.x!
  const [n, d] = x.shape as [number, number]
  const h = hostFor(backend)
  const px = h.input(x) >> 2
  const pg = h.input(inputs.gamma!) >> 2
  const pb = h.input(inputs.beta!) >> 2
  const py = h.output([n, d]) >> 2
  const ps = h.output([n, 2]) >> 2
  if (d % 4 === 0) {
    h.k.layerNorm(px << 2, pg << 2, pb << 2, py << 2, ps << 2, n, d, EPS)
    return h.finish()
  }
  const f = h.heap()
  for (let r = 0; r < n; r++) {
    const o = px + r * d
    let mean = 0
    for (let j = 0; j < d; j++) mean += f[o + j]!
    mean /= d
    let v = 0
    for (let j = 0; j < d; j++) {
      const c = f[o + j]! - mean
      v += c * c
    }
    const rstd = 1 / Math.sqrt(v / d + EPS)
    const y = py + r * d
    for (let j = 0; j < d; j++) f[y + j] = (f[o + j]! - mean) * rstd * f[pg + j]! + f[pb + j]!
    f[ps + 2 * r] = mean
    f[ps + 2 * r + 1] = rstd
  }
  return h.finish()
}

function backwardKernel({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: any }): tf.TensorInfo[] {
  const x = inputs.x!
  const [n, d] = x.shape as [number, number]
  const h = hostFor(backend)
  const pdy = h.input(inputs.dy!) >> 2
  const px = h.input(x) >> 2
  const pg = h.input(inputs.gamma!) >> 2
  const ps = h.input(inputs.stats!) >> 2
  const pdx = h.output([n, d]) >> 2
  const pdg = h.output([d]) >> 2
  const pdb = h.output([d]) >> 2
  if (d % 4 === 0) {
    h.k.layerNormGrad(pdy << 2, px << 2, pg << 2, ps << 2, pdx << 2, pdg << 2, pdb << 2, n, d)
    return h.finish()
  }
  const f = h.heap()
  f.fill(0, pdg, pdg + d)
  f.fill(0, pdb, pdb + d)
  for (let r = 0; r < n; r++) {
    const o = r * d
    const mean = f[ps + 2 * r]!
    const rstd = f[ps + 2 * r + 1]!
    // dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·γ
    let sg = 0
    let sgx = 0
    for (let j = 0; j < d; j++) {
      const dy = f[pdy + o + j]!
      const xh = (f[px + o + j]! - mean) * rstd
      const g = dy * f[pg + j]!
      sg += g
      sgx += g * xh
      f[pdg + j]! += dy * xh
      f[pdb + j]! += dy
    }
    sg /= d
    sgx /= d
    for (let j = 0; j < d; j++) {
      const xh = (f[px + o + j]! - mean) * rstd
      f[pdx + o + j] = rstd * (f[pdy + o + j]! * f[pg + j]! - sg - xh * sgx)
    }
  }
  return h.finish()
}

let registered = false
function ensure(): void {
  if (registered) return
  registered = true
  registerTextKernels({ [FWD]: forwardKernel, [BWD]: backwardKernel })
  // A registered gradient rather than tf.customGrad: customGrad wraps every call in Identity copies
  // of its inputs and outputs (70 Identity kernels per W2 step before this change).
  tf.registerGradient({
    kernelName: FWD,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const [dy] = dys as tf.Tensor[]
      const [x, gamma, stats] = saved as [tf.Tensor, tf.Tensor, tf.Tensor]
      const [dx, dg, db] = tf.engine().runKernel(BWD, { dy: dy!, x, gamma, stats }, {}) as tf.Tensor[]
      return { x: () => dx!, gamma: () => dg!, beta: () => db! }
    },
  })
}

/** Stock-op layer norm: the fallback for other backends and the tests' reference. */
export function layerNormReference(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true)
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), gamma), beta) as tf.Tensor2D
  })
}

/** y = (x − μ)/σ · γ + β per row of x [N, d] (ε = 1e-5); differentiable in x, γ and β. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  if (!hasFastKernels() || !textKernels.layerNorm) return layerNormReference(x, gamma, beta)
  ensure()
  const [y, stats] = tf.engine().runKernel(FWD, { x, gamma, beta }, {}) as tf.Tensor[]
  // When recording, the engine keeps its own clone of stats for the backward pass.
  stats!.dispose()
  return y as tf.Tensor2D
}
