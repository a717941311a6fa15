import * as tf from '@tensorflow/tfjs'
import { hasFastKernels, registerCustomKernel, runCustom } from './kernels.ts'
import type { CustomKernel } from './kernels.ts'

/**
 * SGD (momentum, Nesterov), Adam and AdamW with PyTorch's update rules, global-norm clipping and L2.
 *
 * Why not tf.train.adam: its update is ~10 stock kernels per variable (PLATFORM.md §8: 193 kernels
 * per W1 step, ~22 µs each on wasm). Here, on wasm and cpu, the whole update for every variable is
 * ONE custom kernel that reads the gradients from backend memory, updates the moment slots in place
 * (tensors only this optimizer sees) and writes new parameter tensors; on wasm its loops run in
 * WebAssembly SIMD over the backend's heap (simd.ts). New parameter tensors, not in-place writes:
 * tfjs-backend-wasm caches XNNPACK's packed weights by tensor id, so a weight mutated in place would
 * be multiplied with a stale packed copy. Other backends run the same math from stock ops.
 */
export type OptimizerKind = 'sgd' | 'adam' | 'adamw'

export interface OptimizerConfig {
  kind: OptimizerKind
  learningRate: number
  /** sgd: momentum factor (0 = plain SGD). */
  momentum?: number
  nesterov?: boolean
  beta1?: number
  beta2?: number
  epsilon?: number
  /**
   * adamw: decoupled decay, p ← p − lr·wd·p (Loshchilov & Hutter). sgd/adam: added to the gradient
   * as L2 (PyTorch's `weight_decay` for those optimizers).
   */
  weightDecay?: number
  /** An explicit L2 penalty λ·½‖p‖² (gradient λ·p), for any optimizer, on top of weightDecay. */
  l2?: number
  /** Scale all gradients down so their global L2 norm is at most this (torch.nn.utils.clip_grad_norm_). */
  clipNorm?: number
  /**
   * Which parameters decay applies to (index-aligned with the params). By default rank ≥ 2 only:
   * biases and norm gains are not decayed, as in most recipes.
   */
  decayMask?: readonly boolean[]
}

export interface Optimizer {
  readonly config: Readonly<OptimizerConfig>
  /** Updates applied so far. */
  readonly iterations: number
  /** Global L2 norm of the last step's gradients (before clipping). */
  readonly lastGradNorm: number
  /**
   * One update: grads[i] is the gradient of the loss with respect to params[i]. `lr` overrides the
   * configured rate (pass the schedule's value). The grads are not disposed.
   */
  step(grads: readonly tf.Tensor[], lr?: number): void
  /** Optimizer state as plain arrays (for checkpoints and tests). */
  getState(): { iterations: number; slots: Float32Array[] }
  /** Frees its slot tensors. The params are the caller's. */
  dispose(): void
}

const KIND_CODE: Record<OptimizerKind, number> = { sgd: 0, adam: 1, adamw: 2 }

interface UpdateAttrs extends Record<string, unknown> {
  n: number
  kind: number
  lr: number
  b1: number
  b2: number
  eps: number
  mom: number
  nesterov: boolean
  wd: number
  l2: number
  clip: number
  t: number
  decay: boolean[]
  normOut: Float64Array
}

/**
 * The fused update. Inputs: n params, n grads, then the slots (adam/adamw: m, v per param; sgd with
 * momentum: buf per param; plain sgd: none), which it updates in place. Outputs: n new params.
 */
const updateKernel: CustomKernel = {
  name: 'SweeplabOptimizerUpdate',
  outShapes: (shapes, attrs) => shapes.slice(0, attrs.n as number),
  impl: (ins, outs, attrsRaw, simd) => {
    const a = attrsRaw as UpdateAttrs
    const grads = ins.slice(a.n, 2 * a.n) as Float32Array[]
    const slots = ins.slice(2 * a.n) as Float32Array[]
    let sq = 0
    for (const g of grads) {
      const n4 = g.length & ~3
      sq += simd ? simd.sumsq(g.byteOffset, n4 * 4) + sumSquares(g, n4) : sumSquares(g, 0)
    }
    const norm = Math.sqrt(sq)
    a.normOut[0] = norm
    const clipScale = a.clip > 0 && norm > a.clip ? a.clip / norm : 1
    const { lr, b1, b2, eps, mom, wd, l2 } = a
    // Bias corrections folded into the step size, as PyTorch's Adam does: p −= (lr/bc1)·m / (√v/√bc2 + eps).
    const stepSize = lr / (1 - Math.pow(b1, a.t))
    const sqrtBc2 = Math.sqrt(1 - Math.pow(b2, a.t))
    for (let k = 0; k < a.n; k++) {
      const decay = a.decay[k]!
      const l2k = (decay && a.kind !== 2 ? wd : 0) + (decay ? l2 : 0)
      const p = ins[k] as Float32Array
      const g = grads[k]!
      const out = outs[k]!
      // SIMD over the first multiple of 4 elements, JS over the (< 4) rest.
      const n4 = simd ? p.length & ~3 : 0
      if (a.kind === 0) {
        const buf = mom > 0 ? slots[k]! : null
        const first = a.t === 1
        if (n4) simd!.sgd(p.byteOffset, g.byteOffset, out.byteOffset, buf ? buf.byteOffset : 0, n4 * 4, clipScale, l2k, lr, first ? 0 : mom, buf && a.nesterov ? 1 : buf ? 0 : 1, buf ? (a.nesterov ? mom : 1) : 0)
        sgdLoop(p, g, out, buf, lr, clipScale, l2k, mom, a.nesterov, first, n4)
      } else {
        const shrink = decay && a.kind === 2 ? 1 - lr * wd : 1
        const m = slots[2 * k]!
        const v = slots[2 * k + 1]!
        if (n4) simd!.adam(p.byteOffset, g.byteOffset, out.byteOffset, m.byteOffset, v.byteOffset, n4 * 4, clipScale, l2k, b1, 1 - b1, b2, 1 - b2, stepSize, 1 / sqrtBc2, eps, shrink)
        adamLoop(p, g, out, m, v, clipScale, l2k, b1, b2, stepSize, sqrtBc2, eps, shrink, n4)
      }
    }
  },
}

function sumSquares(g: Float32Array, from: number): number {
  let s = 0
  for (let i = from; i < g.length; i++) s += g[i]! * g[i]!
  return s
}

// Separate monomorphic loops (Float32Array only, no per-element branches on the optimizer kind):
// the first version, one loop with branches and typed-array unions, ran at ~9 ns per parameter.
function adamLoop(
  p: Float32Array, g: Float32Array, out: Float32Array, m: Float32Array, v: Float32Array,
  clipScale: number, l2k: number, b1: number, b2: number, stepSize: number, sqrtBc2: number, eps: number, shrink: number, from: number,
): void {
  const c1 = 1 - b1
  const c2 = 1 - b2
  const invSqrtBc2 = 1 / sqrtBc2
  for (let i = from; i < p.length; i++) {
    const pi = p[i]!
    const gi = g[i]! * clipScale + l2k * pi
    const mi = b1 * m[i]! + c1 * gi
    const vi = b2 * v[i]! + c2 * gi * gi
    m[i] = mi
    v[i] = vi
    out[i] = pi * shrink - (stepSize * mi) / (Math.sqrt(vi) * invSqrtBc2 + eps)
  }
}

function sgdLoop(
  p: Float32Array, g: Float32Array, out: Float32Array, buf: Float32Array | null,
  lr: number, clipScale: number, l2k: number, mom: number, nesterov: boolean, first: boolean, from: number,
): void {
  if (!buf) {
    for (let i = from; i < p.length; i++) out[i] = p[i]! - lr * (g[i]! * clipScale + l2k * p[i]!)
    return
  }
  for (let i = from; i < p.length; i++) {
    const gi = g[i]! * clipScale + l2k * p[i]!
    // PyTorch initializes the buffer with the first gradient (t = 1), not with zeros.
    const b = first ? gi : mom * buf[i]! + gi
    buf[i] = b
    out[i] = p[i]! - lr * (nesterov ? gi + mom * b : b)
  }
}

export interface OptimizerOptions {
  /**
   * 'fused': the one-kernel update (wasm, cpu); 'ops': stock TF.js ops (any backend); 'auto' picks
   * fused where the backend has it. 'ops' exists for tests and for measuring what fusing bought.
   */
  implementation?: 'auto' | 'fused' | 'ops'
}

export function createOptimizer(params: readonly tf.Variable[], config: OptimizerConfig, opts: OptimizerOptions = {}): Optimizer {
  const cfg: Required<Omit<OptimizerConfig, 'decayMask'>> & { decayMask: readonly boolean[] } = {
    kind: config.kind,
    learningRate: config.learningRate,
    momentum: config.momentum ?? 0,
    nesterov: config.nesterov ?? false,
    beta1: config.beta1 ?? 0.9,
    beta2: config.beta2 ?? 0.999,
    epsilon: config.epsilon ?? 1e-8,
    weightDecay: config.weightDecay ?? 0,
    l2: config.l2 ?? 0,
    clipNorm: config.clipNorm ?? 0,
    decayMask: config.decayMask ?? params.map((p) => p.rank >= 2),
  }
  if (!(cfg.kind in KIND_CODE)) throw new Error(`unknown optimizer "${cfg.kind}"; expected sgd, adam or adamw`)
  if (cfg.nesterov && cfg.momentum <= 0) throw new Error('nesterov needs momentum > 0')
  if (cfg.decayMask.length !== params.length) throw new Error('decayMask must have one entry per parameter')
  const slotsPerParam = cfg.kind === 'sgd' ? (cfg.momentum > 0 ? 1 : 0) : 2
  const impl = opts.implementation ?? 'auto'
  if (impl === 'fused' && !hasFastKernels()) throw new Error(`the fused optimizer update needs the wasm or cpu backend, not ${tf.getBackend()}`)
  const fast = impl === 'fused' || (impl === 'auto' && hasFastKernels())
  let iterations = 0
  let lastGradNorm = Number.NaN
  const normOut = new Float64Array(1)

  // Fast path: slot tensors the kernel updates in place. Fallback: slot variables updated with stock ops.
  const fastSlots: tf.Tensor[] = []
  const tfSlots: tf.Variable[] = []
  for (const p of params) {
    for (let s = 0; s < slotsPerParam; s++) {
      // tf.zeros may share one buffer between equal-shaped zeros on some backends; a fresh buffer per slot is required for in-place updates.
      if (fast) fastSlots.push(tf.tensor(new Float32Array(p.size), p.shape, 'float32'))
      else {
        const z = tf.zerosLike(p)
        tfSlots.push(tf.variable(z, false))
        z.dispose()
      }
    }
  }
  if (fast) registerCustomKernel(updateKernel)
  const paramsCopy = [...params]

  function fastStep(grads: readonly tf.Tensor[], lr: number): void {
    const attrs: UpdateAttrs = {
      n: paramsCopy.length,
      kind: KIND_CODE[cfg.kind],
      lr,
      b1: cfg.beta1,
      b2: cfg.beta2,
      eps: cfg.epsilon,
      mom: cfg.momentum,
      nesterov: cfg.nesterov,
      wd: cfg.weightDecay,
      l2: cfg.l2,
      clip: cfg.clipNorm,
      t: iterations,
      decay: [...cfg.decayMask],
      normOut,
    }
    const outs = runCustom(updateKernel.name, [...paramsCopy, ...grads, ...fastSlots], attrs)
    for (let k = 0; k < outs.length; k++) {
      paramsCopy[k]!.assign(outs[k]!)
      outs[k]!.dispose()
    }
    lastGradNorm = normOut[0]!
  }

  function slowStep(grads: readonly tf.Tensor[], lr: number): void {
    tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))))
      lastGradNorm = norm.dataSync()[0]!
      const clipScale = cfg.clipNorm > 0 && lastGradNorm > cfg.clipNorm ? cfg.clipNorm / lastGradNorm : 1
      const t = iterations
      for (let k = 0; k < paramsCopy.length; k++) {
        const p = paramsCopy[k]!
        const decay = cfg.decayMask[k]!
        const l2k = (decay && cfg.kind !== 'adamw' ? cfg.weightDecay : 0) + (decay ? cfg.l2 : 0)
        let g = clipScale === 1 ? grads[k]! : tf.mul(grads[k]!, clipScale)
        if (l2k > 0) g = tf.add(g, tf.mul(p, l2k))
        if (cfg.kind === 'sgd') {
          if (slotsPerParam) {
            const buf = tfSlots[k]!
            const b = t === 1 ? g : tf.add(tf.mul(buf, cfg.momentum), g)
            buf.assign(b)
            g = cfg.nesterov ? tf.add(g, tf.mul(b, cfg.momentum)) : b
          }
          p.assign(tf.sub(p, tf.mul(g, lr)))
        } else {
          const m = tfSlots[2 * k]!
          const v = tfSlots[2 * k + 1]!
          const mi = tf.add(tf.mul(m, cfg.beta1), tf.mul(g, 1 - cfg.beta1))
          const vi = tf.add(tf.mul(v, cfg.beta2), tf.mul(tf.square(g), 1 - cfg.beta2))
          m.assign(mi)
          v.assign(vi)
          const bc1 = 1 - Math.pow(cfg.beta1, t)
          const bc2 = 1 - Math.pow(cfg.beta2, t)
          const upd = tf.div(tf.mul(mi, lr / bc1), tf.add(tf.div(tf.sqrt(vi), Math.sqrt(bc2)), cfg.epsilon))
          const base = decay && cfg.kind === 'adamw' ? tf.mul(p, 1 - lr * cfg.weightDecay) : p
          p.assign(tf.sub(base, upd))
        }
      }
    })
  }

  return {
    config: cfg,
    get iterations() {
      return iterations
    },
    get lastGradNorm() {
      return lastGradNorm
    },
    step(grads, lr) {
      if (grads.length !== paramsCopy.length) throw new Error(`optimizer: ${grads.length} gradients for ${paramsCopy.length} parameters`)
      iterations++
      const rate = lr ?? cfg.learningRate
      if (fast) fastStep(grads, rate)
      else slowStep(grads, rate)
    },
    getState() {
      return { iterations, slots: (fast ? fastSlots : tfSlots).map((s) => s.dataSync().slice() as Float32Array) }
    },
    dispose() {
      for (const s of tfSlots) s.dispose()
      for (const s of fastSlots) s.dispose()
      tfSlots.length = 0
      fastSlots.length = 0
    },
  }
}
