import * as tf from '@tensorflow/tfjs'
import { instantiateSimd } from './models/transformer-simd.ts'
import type { SimdKernels as GemmKernels, WasmMemory } from './models/transformer-simd.ts'

/**
 * Dense-layer products on the wasm backend through a WebAssembly SIMD GEMM that reads the operands
 * in place (transposes as strides) instead of tfjs-backend-wasm's BatchMatMul. Why (W1, measured):
 * XNNPACK packs its `b` operand into a new operator on every call (weights change every step, and
 * backward products take fresh gradients as `b`), and any transposed product runs a scalar loop, so
 * the 8 products of a W1 step ran at ~13 GFLOP/s effective; the SIMD kernel runs 45–50 GFLOP/s on
 * the same shapes with no packing and no Transpose kernels.
 *
 * The kernel is the `bmm` of models/transformer-simd.ts (the text-model engineer's, relaxed-SIMD FMA
 * with a plain-SIMD fallback), reused rather than duplicated; it needs N % 16 == 0, so other widths
 * (a 10-class output layer) go to the stock kernels.
 */
interface WasmBackendLike {
  wasm: { asm?: { memory?: WasmMemory } }
  dataIdMap: { get(id: unknown): { memoryOffset: number } }
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo
  disposeData(id: unknown, force?: boolean): boolean
}

const KERNEL = 'SweeplabGemm'
const kernelsByMemory = new WeakMap<object, GemmKernels>()

function kernelsFor(backend: WasmBackendLike): GemmKernels | null {
  const memory = backend.wasm.asm?.memory
  if (!memory) return null
  let k = kernelsByMemory.get(memory)
  if (!k) {
    k = instantiateSimd(memory)
    kernelsByMemory.set(memory, k)
  }
  return k
}

let registered = false
let enabled = true

/** Turns the SIMD GEMM off (the bench measures what it buys; tests compare with the stock path). */
export function setGemmEnabled(on: boolean): void {
  enabled = on
}

function register(): void {
  if (registered || tf.getKernel(KERNEL, 'wasm')) {
    registered = true
    return
  }
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend: be, attrs }) => {
      const backend = be as unknown as WasmBackendLike
      const k = kernelsFor(backend)!
      const { a, b, bias } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo }
      const { transposeA, transposeB, relu } = attrs as unknown as { transposeA: boolean; transposeB: boolean; relu: boolean }
      const ar = a.shape.length
      const m = transposeA ? a.shape[ar - 1]! : a.shape[ar - 2]!
      const kk = transposeA ? a.shape[ar - 2]! : a.shape[ar - 1]!
      const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!
      const out = backend.makeOutput([1, m, n], 'float32')
      const addr = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset
      let bPtr = addr(b)
      let tmp: tf.TensorInfo | null = null
      if (transposeB) {
        // The kernel needs B's rows contiguous: transpose [N, K] → [K, N] once (O(K·N) against O(M·K·N)).
        tmp = backend.makeOutput([kk, n], 'float32')
        bPtr = addr(tmp)
        k.transpose(addr(b), bPtr, 1, n, kk, 0, kk * 4)
      }
      // Addresses are read after every allocation: makeOutput may grow the heap (offsets stay valid).
      const aRs = transposeA ? 4 : kk * 4
      const aKs = transposeA ? m * 4 : 4
      k.bmm(addr(a), bPtr, addr(out), 1, m, n, kk, 0, aRs, aKs, 0, n * 4, 0, n * 4, 1, bias ? addr(bias) : 0, relu ? 1 : 0, 0)
      if (tmp) backend.disposeData(tmp.dataId, true)
      return out
    },
  })
  registered = true
}

/** Whether `gemm` takes the SIMD path for an output width of n on the current backend. */
export function gemmApplies(n: number): boolean {
  return enabled && n % 16 === 0 && tf.getBackend() === 'wasm' && kernelsFor(tf.backend() as unknown as WasmBackendLike) !== null
}

/**
 * op(a)·op(b) (+ bias, then ReLU) for rank-3 [1, r, c] operands, as one kernel. Only call it where
 * gemmApplies(N) holds; no gradient (hand-written backward passes only).
 */
export function gemm(a: tf.Tensor3D, b: tf.Tensor3D, opts: { transposeA?: boolean; transposeB?: boolean; bias?: tf.Tensor1D; relu?: boolean } = {}): tf.Tensor3D {
  register()
  const inputs: Record<string, tf.Tensor> = opts.bias ? { a, b, bias: opts.bias } : { a, b }
  const attrs = { transposeA: opts.transposeA ?? false, transposeB: opts.transposeB ?? false, relu: opts.relu ?? false }
  return tf.engine().runKernel(KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor3D
}
