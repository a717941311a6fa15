/**
 * TF.js kernels for the text models, registered for the `wasm` and `cpu` backends:
 *
 * - `SlMatMul`: batched matmul with transposes and a scale, on the SIMD module of transformer-simd.ts.
 *   tfjs-backend-wasm's own BatchMatMul uses XNNPACK only without transposes and with batch 1, and a
 *   scalar loop (1.3–1.8 GFLOP/s here) otherwise; this runs 8–22 GFLOP/s in every case.
 * - `SlAttention` / `SlAttentionGrad`: multi-head self-attention forward and backward in one kernel
 *   each. They read Q, K and V straight out of the packed [B, T, 3·d] projection and write heads back
 *   merged, so no split/transpose/merge kernels run (each tfjs kernel costs ~22 µs of dispatch on wasm),
 *   and apply the causal and key-padding masks inside the softmax.
 * - `UnsortedSegmentSum`: the gradient of `tf.gather`. tfjs-backend-wasm 4.22 has none (gather's
 *   gradient throws there) and the cpu one does numSegments full passes over the input (5000 passes for
 *   a 5000-word vocabulary: minutes per step). This one is a single scatter-add pass.
 *
 * On wasm the kernels work in place on the backend's heap; on cpu they copy inputs into a private
 * WebAssembly memory and outputs back (a copy is O(n) against O(n·k) of arithmetic).
 */
import * as tf from '@tensorflow/tfjs'
import { instantiateSimd, wasmApi } from './transformer-simd.ts'
import type { SimdKernels, WasmMemory } from './transformer-simd.ts'

type TensorInfo = tf.TensorInfo
/* eslint-disable @typescript-eslint/no-explicit-any -- backend internals (dataIdMap, wasm heap) are untyped */
type AnyBackend = any

/**
 * Which of the text models' custom kernels are used (all by default). The W2/W3 benches turn them
 * off one by one to measure what each bought; tests compare both ways.
 */
export const textKernels = { matmul: true, dense: true, attention: true, layerNorm: true, embed: true, xent: true, identity: true, bag: true }

// ---- host: where a kernel's tensors live ------------------------------------------------------------
export interface Host {
  k: SimdKernels
  /** Byte offset of a float32 input. */
  input(t: TensorInfo): number
  /** Byte offset of an int32 input (ids). */
  inputInt(t: TensorInfo): number
  /** Allocates a float32 output; its byte offset. */
  output(shape: number[]): number
  /** Scratch floats, freed by finish(). */
  scratch(floats: number): number
  /** A view of the memory; take it after the last allocation (memory may grow). */
  heap(): Float32Array
  /** The outputs in allocation order; frees scratch. */
  finish(): TensorInfo[]
}

const wasmKernels = new WeakMap<WasmMemory, SimdKernels>()

function wasmHost(backend: AnyBackend): Host {
  const memory: WasmMemory = backend.wasm.asm.memory
  let k = wasmKernels.get(memory)
  if (!k) {
    k = instantiateSimd(memory)
    wasmKernels.set(memory, k)
  }
  const outs: TensorInfo[] = []
  const scratch: number[] = []
  return {
    k,
    input: (t) => backend.dataIdMap.get(t.dataId).memoryOffset,
    inputInt: (t) => backend.dataIdMap.get(t.dataId).memoryOffset,
    output(shape) {
      const info = backend.makeOutput(shape, 'float32')
      outs.push(info)
      return backend.dataIdMap.get(info.dataId).memoryOffset
    },
    scratch(floats) {
      const p = backend.wasm._malloc(Math.max(4, floats * 4)) >>> 0
      scratch.push(p)
      return p
    },
    heap: () => new Float32Array(memory.buffer),
    finish() {
      for (const p of scratch) backend.wasm._free(p)
      return outs
    },
  }
}

// The cpu backend keeps tensors in JS arrays: one private memory, bump-allocated per kernel call.
let cpuMemory: WasmMemory | null = null
let cpuKernels: SimdKernels | null = null

function cpuHost(backend: AnyBackend): Host {
  cpuMemory ??= new wasmApi.Memory({ initial: 256 }) // 16 MiB, grows on demand
  cpuKernels ??= instantiateSimd(cpuMemory)
  const mem = cpuMemory
  let top = 64
  const outs: Array<{ ptr: number; shape: number[] }> = []
  const alloc = (floats: number): number => {
    const p = top
    top += Math.ceil((floats * 4) / 64) * 64 + 64
    if (top > mem.buffer.byteLength) mem.grow(Math.ceil((top - mem.buffer.byteLength) / 65536))
    return p
  }
  return {
    k: cpuKernels,
    input(t) {
      const values = backend.data.get(t.dataId).values as ArrayLike<number>
      const p = alloc(values.length)
      new Float32Array(mem.buffer, p, values.length).set(values)
      return p
    },
    inputInt(t) {
      const values = backend.data.get(t.dataId).values as ArrayLike<number>
      const p = alloc(values.length)
      new Int32Array(mem.buffer, p, values.length).set(values)
      return p
    },
    output(shape) {
      const p = alloc(shape.reduce((a, b) => a * b, 1))
      outs.push({ ptr: p, shape })
      return p
    },
    scratch: alloc,
    heap: () => new Float32Array(mem.buffer),
    finish() {
      return outs.map(({ ptr, shape }) => {
        const n = shape.reduce((a, b) => a * b, 1)
        return backend.makeTensorInfo(shape, 'float32', new Float32Array(mem.buffer, ptr, n).slice())
      })
    },
  }
}

/** The memory access for a kernel call on `backend` (wasm: in place; cpu: copies). */
export function hostFor(backend: AnyBackend): Host {
  return backend.wasm ? wasmHost(backend) : cpuHost(backend)
}

// ---- bmm with K-blocking and a JS fallback ------------------------------------------------------------
/**
 * Reductions longer than this run in blocks of KBLOCK accumulated into C: a 2·16 output tile streams
 * K rows of B (64 bytes each), and for K = 2048 (a weight gradient over a batch of tokens) that no
 * longer stays in L1. Measured [64×2048]ᵀ·[2048×256]: 14.5 GFLOP/s unblocked, 26 with blocks of 128.
 */
const KBLOCK = 128

/**
 * C = max(lo, alpha·(init + A·B)) over a batch, the SimdKernels.bmm contract (bias byte offset or 0,
 * relu 0/1) for any N (a JS loop when N % 16 ≠ 0).
 */
export function bmmAny(h: Host, a: number, b: number, c: number, batch: number, m: number, n: number, k: number,
  aBs: number, aRs: number, aKs: number, bBs: number, bKs: number, cBs: number, cRs: number, alpha: number, bias = 0, relu = 0): void {
  if (batch === 0 || m === 0 || n === 0) return
  if (n % 16 === 0 && k > 0) {
    if (k <= 2 * KBLOCK || alpha !== 1) {
      h.k.bmm(a, b, c, batch, m, n, k, aBs, aRs, aKs, bBs, bKs, cBs, cRs, alpha, bias, relu, 0)
      return
    }
    for (let k0 = 0; k0 < k; k0 += KBLOCK) {
      const kb = Math.min(KBLOCK, k - k0)
      const lastBlock = k0 + kb >= k
      h.k.bmm(a + k0 * aKs, b + k0 * bKs, c, batch, m, n, kb, aBs, aRs, aKs, bBs, bKs, cBs, cRs, 1,
        k0 === 0 ? bias : 0, lastBlock ? relu : 0, k0 === 0 ? 0 : 1)
    }
    return
  }
  const f = h.heap()
  const bi = bias >> 2
  for (let z = 0; z < batch; z++) {
    for (let i = 0; i < m; i++) {
      const cRow = (c + z * cBs + i * cRs) >> 2
      for (let j = 0; j < n; j++) f[cRow + j] = bias ? f[bi + j]! : 0
      for (let kk = 0; kk < k; kk++) {
        const av = f[(a + z * aBs + i * aRs + kk * aKs) >> 2]!
        const bRow = (b + z * bBs + kk * bKs) >> 2
        for (let j = 0; j < n; j++) f[cRow + j] = f[cRow + j]! + av * f[bRow + j]!
      }
      for (let j = 0; j < n; j++) {
        const v = f[cRow + j]! * alpha
        f[cRow + j] = relu && v < 0 ? 0 : v
      }
    }
  }
}

/** Transposes into fresh scratch; returns its offset ([batch, C, R] contiguous). */
function transposed(h: Host, src: number, batch: number, r: number, c: number, sBs: number, sRs: number): number {
  const dst = h.scratch(batch * r * c)
  h.k.transpose(src, dst, batch, r, c, sBs, sRs)
  return dst
}

// ---- SlMatMul ---------------------------------------------------------------------------------------
export const MATMUL = 'SlMatMul'

function matMulKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: AnyBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const a = inputs.a!
  const b = inputs.b!
  const { transposeA, transposeB, alpha } = attrs as unknown as { transposeA: boolean; transposeB: boolean; alpha: number }
  const [za, a1, a2] = a.shape as [number, number, number]
  const [zb, b1, b2] = b.shape as [number, number, number]
  if (za !== zb) throw new Error(`${MATMUL}: batch ${za} vs ${zb}`)
  const m = transposeA ? a2 : a1
  const k = transposeA ? a1 : a2
  const n = transposeB ? b1 : b2
  if ((transposeB ? b2 : b1) !== k) throw new Error(`${MATMUL}: inner dims ${k} vs ${transposeB ? b2 : b1}`)
  const h = hostFor(backend)
  const pa = h.input(a)
  let pb = h.input(b)
  const pc = h.output([za, m, n])
  if (transposeB) pb = transposed(h, pb, zb, n, k, n * k * 4, k * 4)
  // Aᵀ costs nothing: it is read through swapped strides.
  const aRs = transposeA ? 4 : k * 4
  const aKs = transposeA ? m * 4 : 4
  bmmAny(h, pa, pb, pc, za, m, n, k, m * k * 4, aRs, aKs, k * n * 4, n * 4, m * n * 4, n * 4, alpha)
  return h.finish()[0]!
}

/**
 * alpha · op(a) · op(b) for rank-3 (or rank-2) tensors; differentiable. Runs SlMatMul on wasm and cpu,
 * tf.matMul elsewhere (e.g. tfjs-node, whose own matmul is already BLAS).
 */
export function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false, alpha = 1): tf.Tensor {
  ensureKernels()
  if (!hasFastKernels() || !textKernels.matmul) {
    const r = tf.matMul(a, b, transposeA, transposeB)
    return alpha === 1 ? r : tf.mul(r, alpha)
  }
  const rank2 = a.rank === 2
  const a3 = rank2 ? tf.reshape(a, [1, ...a.shape]) : a
  const b3 = b.rank === 2 ? tf.reshape(b, [1, ...b.shape]) : b
  const out = tf.engine().runKernel(MATMUL, { a: a3, b: b3 }, { transposeA, transposeB, alpha }) as tf.Tensor
  return rank2 ? tf.reshape(out, out.shape.slice(1)) : out
}

// ---- SlAttention --------------------------------------------------------------------------------------
export const ATTENTION = 'SlAttention'
export const ATTENTION_GRAD = 'SlAttentionGrad'

interface AttnAttrs { heads: number; causal: boolean; masked: boolean }

function attnShape(qkv: TensorInfo, heads: number) {
  const [bsz, t, d3] = qkv.shape as [number, number, number]
  const d = d3 / 3
  const dh = d / heads
  if (!Number.isInteger(dh)) throw new Error(`attention: d_model ${d} is not divisible by heads ${heads}`)
  return { bsz, t, d, dh, scale: 1 / Math.sqrt(dh) }
}

/** Row-wise masked softmax of S[b] (heads × T × T) in place. Fully masked rows become zeros. */
function maskedSoftmax(f: Float32Array, s: number, heads: number, t: number, causal: boolean, mask: Float32Array | null, maskOff: number): void {
  for (let hh = 0; hh < heads; hh++) {
    for (let i = 0; i < t; i++) {
      const row = (s >> 2) + (hh * t + i) * t
      const end = causal ? i + 1 : t
      let max = -Infinity
      for (let j = 0; j < end; j++) {
        if (mask && mask[maskOff + j]! <= 0) continue
        const v = f[row + j]!
        if (v > max) max = v
      }
      if (max === -Infinity) {
        f.fill(0, row, row + t)
        continue
      }
      let sum = 0
      for (let j = 0; j < end; j++) {
        if (mask && mask[maskOff + j]! <= 0) {
          f[row + j] = 0
          continue
        }
        const e = Math.exp(f[row + j]! - max)
        f[row + j] = e
        sum += e
      }
      const inv = 1 / sum
      for (let j = 0; j < end; j++) f[row + j] = f[row + j]! * inv
      if (end < t) f.fill(0, row + end, row + t)
    }
  }
}

/**
 * Additive masks for the SIMD softmax: 0 where a query may look, −∞ where not. Causal only: one
 * [T, T] triangle for the whole batch. Padding: per sequence, one [1, T] row of its keys, or with
 * causal too a [T, T] triangle plus keys. Returns the buffer and its row count (0 = no mask).
 */
function buildMask(f: Float32Array, buf: number, t: number, causal: boolean, keys: Float32Array | null, keyOff: number): number {
  const o = buf >> 2
  if (!causal) {
    for (let j = 0; j < t; j++) f[o + j] = keys![keyOff + j]! > 0 ? 0 : -Infinity
    return 1
  }
  for (let i = 0; i < t; i++) {
    const row = o + i * t
    for (let j = 0; j < t; j++) f[row + j] = j <= i && (!keys || keys[keyOff + j]! > 0) ? 0 : -Infinity
  }
  return t
}

function attentionKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: AnyBackend; attrs?: tf.NamedAttrMap }): TensorInfo[] {
  const { heads, causal, masked } = attrs as unknown as AttnAttrs
  const qkv = inputs.qkv!
  const { bsz, t, d, dh, scale } = attnShape(qkv, heads)
  const h = hostFor(backend)
  const pq = h.input(qkv)
  const pm = masked ? h.input(inputs.mask!) : 0
  const po = h.output([bsz, t, d])
  const pp = h.output([bsz, heads, t, t])
  const kt = h.scratch(heads * dh * t)
  const simdSoftmax = t % 4 === 0
  const maskBuf = simdSoftmax && (causal || masked) ? h.scratch(t * t) : 0
  let maskRows = 0
  if (maskBuf && !masked) maskRows = buildMask(h.heap(), maskBuf, t, true, null, 0)
  const row3 = 3 * d * 4
  for (let b = 0; b < bsz; b++) {
    const q = pq + b * t * row3
    const s = pp + b * heads * t * t * 4
    // Kᵀ per head: [H, dh, T] from rows of stride 3d (K sits at column d).
    h.k.transpose(q + d * 4, kt, heads, t, dh, dh * 4, row3)
    bmmAny(h, q, kt, s, heads, t, t, dh, dh * 4, row3, 4, dh * t * 4, t * 4, t * t * 4, t * 4, scale)
    if (simdSoftmax) {
      if (masked) maskRows = buildMask(h.heap(), maskBuf, t, causal, h.heap(), (pm >> 2) + b * t)
      h.k.softmax(s, heads * t, t, 1, 0, maskBuf, maskRows || 1)
    } else {
      const f = h.heap()
      maskedSoftmax(f, s, heads, t, causal, masked ? f : null, (pm >> 2) + b * t)
    }
    // O[b, :, head] = P·V, written with the heads merged ([T, d] rows).
    bmmAny(h, s, q + 2 * d * 4, po + b * t * d * 4, heads, t, dh, t, t * t * 4, t * 4, 4, dh * 4, row3, dh * 4, d * 4, 1)
  }
  return h.finish()
}

function attentionGradKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: AnyBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const { heads } = attrs as unknown as AttnAttrs
  const qkv = inputs.qkv!
  const { bsz, t, d, dh, scale } = attnShape(qkv, heads)
  const h = hostFor(backend)
  const pdo = h.input(inputs.dy!)
  const pq = h.input(qkv)
  const pp = h.input(inputs.p!)
  const pdq = h.output([bsz, t, 3 * d])
  const vt = h.scratch(heads * dh * t)
  const ds = h.scratch(heads * t * t)
  const row3 = 3 * d * 4
  for (let b = 0; b < bsz; b++) {
    const q = pq + b * t * row3
    const dq = pdq + b * t * row3
    const dO = pdo + b * t * d * 4
    const p = pp + b * heads * t * t * 4
    // dV = Pᵀ·dO (Pᵀ through strides)
    bmmAny(h, p, dO, dq + 2 * d * 4, heads, t, dh, t, t * t * 4, 4, t * 4, dh * 4, d * 4, dh * 4, row3, 1)
    // dP = dO·Vᵀ
    h.k.transpose(q + 2 * d * 4, vt, heads, t, dh, dh * 4, row3)
    bmmAny(h, dO, vt, ds, heads, t, t, dh, dh * 4, d * 4, 4, dh * t * 4, t * 4, t * t * 4, t * 4, 1)
    // dS = P ⊙ (dP − Σ_j P·dP); masked entries have P = 0 and stay 0.
    if (t % 4 === 0) h.k.softmaxGrad(p, ds, heads * t, t)
    else {
      const f = h.heap()
      const pf = p >> 2
      const sf = ds >> 2
      for (let r = 0; r < heads * t; r++) {
        const o = r * t
        let dot = 0
        for (let j = 0; j < t; j++) dot += f[pf + o + j]! * f[sf + o + j]!
        for (let j = 0; j < t; j++) f[sf + o + j] = f[pf + o + j]! * (f[sf + o + j]! - dot)
      }
    }
    // dQ = scale·dS·K ; dK = scale·dSᵀ·Q
    bmmAny(h, ds, q + d * 4, dq, heads, t, dh, t, t * t * 4, t * 4, 4, dh * 4, row3, dh * 4, row3, scale)
    bmmAny(h, ds, q, dq + d * 4, heads, t, dh, t, t * t * 4, 4, t * 4, dh * 4, row3, dh * 4, row3, scale)
  }
  return h.finish()[0]!
}

let noMask: tf.Tensor | null = null

/**
 * Multi-head self-attention on a packed projection `qkv` [B, T, 3·d] (Q, K, V side by side, heads
 * contiguous inside each); returns the merged heads [B, T, d]. `mask` [B, T] marks real tokens with 1
 * and padding with 0 (keys at 0 get no attention); `causal` lets position t see positions ≤ t only.
 */
export function attention(qkv: tf.Tensor, heads: number, causal: boolean, mask: tf.Tensor | null = null): tf.Tensor {
  ensureKernels()
  if (!hasFastKernels() || !textKernels.attention) return attentionReference(qkv, heads, causal, mask)
  noMask ??= tf.keep(tf.zeros([1]))
  const attrs = { heads, causal, masked: mask !== null }
  const m = mask ?? noMask
  // customGrad, not a registered gradient: the probabilities P are saved for the backward pass
  // without being a kernel output — tfjs fills every output without a gradient with a zeros tensor
  // during backprop (2 MB of zeros per W2 layer for P).
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const [out, p] = tf.engine().runKernel(ATTENTION, { qkv: x, mask: m }, attrs) as tf.Tensor[]
    save([x, p!])
    return {
      value: out!,
      gradFunc: (dO: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(ATTENTION_GRAD, { dy: dO, qkv: saved[0]!, p: saved[1]! }, attrs) as tf.Tensor,
    }
  }) as unknown as Parameters<typeof tf.customGrad>[0])
  return f(qkv) as tf.Tensor
}

/** The same attention in plain TF.js ops: the fallback for other backends and the tests' reference. */
export function attentionReference(qkv: tf.Tensor, heads: number, causal: boolean, mask: tf.Tensor | null = null): tf.Tensor {
  return tf.tidy(() => {
    const [bsz, t, d3] = qkv.shape as [number, number, number]
    const d = d3 / 3
    const dh = d / heads
    const split = tf.transpose(tf.reshape(qkv, [bsz, t, 3, heads, dh]), [2, 0, 3, 1, 4]) // [3, B, H, T, dh]
    const [q, k, v] = tf.unstack(split) as [tf.Tensor, tf.Tensor, tf.Tensor]
    let s = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)) // [B, H, T, T]
    let allowed: tf.Tensor = tf.ones([1, 1, t, t])
    if (causal) allowed = tf.mul(allowed, tf.linalg.bandPart(tf.ones([t, t]), -1, 0).reshape([1, 1, t, t]))
    if (mask) allowed = tf.mul(allowed, tf.reshape(mask, [bsz, 1, 1, t]))
    s = tf.where(tf.greater(allowed, 0), s, tf.fill(s.shape, -1e9))
    let p = tf.softmax(s)
    p = tf.mul(p, tf.cast(tf.greater(tf.sum(allowed, -1, true), 0), 'float32')) // fully masked rows → 0
    const o = tf.matMul(p, v) // [B, H, T, dh]
    return tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [bsz, t, d])
  })
}

// ---- UnsortedSegmentSum (gather's gradient) ----------------------------------------------------------
function segmentSumKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: AnyBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const x = inputs.x!
  const ids = inputs.segmentIds!
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments
  const n = ids.shape.reduce((a, b) => a * b, 1)
  const inner = x.shape.slice(ids.shape.length).reduce((a, b) => a * b, 1)
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)]
  const read = (t: TensorInfo) => (backend.wasm ? backend.typedArrayFromHeap(t) : backend.data.get(t.dataId).values) as ArrayLike<number>
  let out: Float32Array
  let info: TensorInfo
  if (backend.wasm) {
    info = backend.makeOutput(outShape, 'float32')
    out = backend.typedArrayFromHeap(info)
    out.fill(0)
  } else {
    out = new Float32Array(numSegments * inner)
    info = null as unknown as TensorInfo
  }
  const xv = read(x)
  const iv = read(ids)
  for (let r = 0; r < n; r++) {
    const seg = iv[r]!
    if (seg < 0 || seg >= numSegments) continue
    const o = seg * inner
    const s = r * inner
    for (let c = 0; c < inner; c++) out[o + c]! += xv[s + c]!
  }
  return backend.wasm ? info : backend.makeTensorInfo(outShape, 'float32', out)
}

function identityShared({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: AnyBackend }): TensorInfo {
  const x = inputs.x!
  if (x.dtype === 'string') return tf.tensor(backend.readSync(x.dataId), x.shape, x.dtype)
  backend.incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}

// ---- registration -------------------------------------------------------------------------------------
let registered = false

function register(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc, replace = false): void {
  if (tf.getKernel(kernelName, backendName)) {
    if (!replace) return
    tf.unregisterKernel(kernelName, backendName)
  }
  tf.registerKernel({ kernelName, backendName, kernelFunc })
}

/**
 * Registers one custom op's kernels (name → function) on wasm and cpu, leaving any kernel already
 * registered under that name in place. For the ops' once-per-process `ensure`, never per step.
 */
export function registerTextKernels(kernels: Record<string, (args: never) => unknown>): void {
  for (const backendName of ['wasm', 'cpu']) {
    for (const [kernelName, kernelFunc] of Object.entries(kernels)) register(kernelName, backendName, kernelFunc as unknown as tf.KernelFunc)
  }
}

/** An int32 input's values: a view of the wasm heap in place, or the cpu backend's own array. */
export function int32Values(backend: AnyBackend, t: TensorInfo): Int32Array {
  return (backend.wasm ? backend.typedArrayFromHeap(t) : backend.data.get(t.dataId).values) as Int32Array
}

/** Registers the kernels and gradients once per process (cheap; safe to call before every op). */
export function ensureKernels(): void {
  if (registered) return
  registered = true
  for (const be of ['wasm', 'cpu']) {
    register(MATMUL, be, matMulKernel as unknown as tf.KernelFunc)
    register(ATTENTION, be, attentionKernel as unknown as tf.KernelFunc)
    register(ATTENTION_GRAD, be, attentionGradKernel as unknown as tf.KernelFunc)
    // cpu has one, but at numSegments passes it is unusable for vocabularies (PLATFORM §8): replace it.
    register('UnsortedSegmentSum', be, segmentSumKernel as unknown as tf.KernelFunc, true)
  }
  // tfjs-backend-wasm's Identity mallocs and copies its input, and the engine runs Identity for every
  // tensor a gradient saves (tf.clone): 70 copies, ~4 ms per W2 step. Tensors are immutable (a
  // variable's assign swaps its dataId), so sharing the buffer by reference count — what the cpu
  // backend's Identity does — is safe.
  if (textKernels.identity) register('Identity', 'wasm', identityShared as unknown as tf.KernelFunc, true)
  tf.registerGradient({
    kernelName: MATMUL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor]
      const g = dy as tf.Tensor
      const { transposeA: ta, transposeB: tb, alpha } = attrs as unknown as { transposeA: boolean; transposeB: boolean; alpha: number }
      if (ta && tb) throw new Error(`${MATMUL}: transposing both inputs is not supported`)
      return {
        a: () => (ta ? matMul(b, g, false, true, alpha) : matMul(g, b, false, !tb, alpha)),
        b: () => (tb ? matMul(g, a, true, false, alpha) : matMul(a, g, !ta, false, alpha)),
      }
    },
  })
}

/** Whether the current backend runs the kernels above (wasm, cpu). */
export function hasFastKernels(): boolean {
  const name = tf.getBackend()
  return name === 'wasm' || name === 'cpu'
}
