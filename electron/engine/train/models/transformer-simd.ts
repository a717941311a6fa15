/**
 * A tiny WebAssembly SIMD module, emitted byte by byte at load time, with the batched matmul that
 * tfjs-backend-wasm 4.22 lacks a fast path for.
 *
 * Why: tfjs-backend-wasm sends a matmul to XNNPACK only when it has no transpose and a batch of 1; every
 * other case (all of attention, every weight gradient) runs a scalar triple loop at 1.3–1.8 GFLOP/s
 * against 11–24 GFLOP/s for XNNPACK on this machine (measured: [128,64,16]×[128,16,64] 12.3 ms). W2's
 * attention alone is ~200 MFLOP per step, so that loop cost ~150 ms a step. The kernel here runs
 * 2 rows × 16 columns of the output per inner loop in 8 SIMD accumulators.
 *
 * The module imports a `WebAssembly.Memory`: on the wasm backend that is the backend's own heap, so
 * kernels read and write tensors in place with no copies. No toolchain is needed: the bytes are
 * written out below (opcodes from the WebAssembly core spec 2.0, SIMD proposal numbering).
 */

import {
  F32, I32, V128, add, assemble, block, brIf, end, f32, f32load, f32store, get, i32, ifElse, ifElse32f, ifVoid, inc, loop, ltU, mul, set, splat, sub, tee, vadd, vand, vgt, vload, vmadd, vmax, vmul, vstore, vzero,
} from './transformer-wasm-asm.ts'
import type { WasmFunction } from './transformer-wasm-asm.ts'

import { bagKernels } from './text-simd-bag.ts'
import type { BagKernels } from './text-simd-bag.ts'
import { rowKernels } from './transformer-simd-rows.ts'
import type { RowKernels } from './transformer-simd-rows.ts'

// ---- bmm ---------------------------------------------------------------------------------------
// C[z,i,j] = max(lo, alpha · (init + Σ_k A[z,i,k] · B[z,k,j])), for z < batch, i < M, j < N (N a
// multiple of 16); init = bias[j] (bias ≠ 0), C[z,i,j] itself (accum ≠ 0) or 0; lo = 0 with `relu`,
// −∞ without. A is read through any strides (so Aᵀ is free); B's rows and C's rows must be
// contiguous. All pointers and strides are in bytes.
const P = { a: 0, b: 1, c: 2, batch: 3, m: 4, n: 5, k: 6, aBs: 7, aRs: 8, aKs: 9, bBs: 10, bKs: 11, cBs: 12, cRs: 13, alpha: 14, bias: 15, relu: 16, accum: 17 }
// i32 locals 18..32, then v128 locals 33..45 (acc0..acc7 are 33..40).
const L = { z: 18, i: 19, j: 20, kk: 21, a1: 22, a2: 23, bp: 24, c1: 25, c2: 26, zA: 27, zB: 28, zC: 29, nBytes: 30, p1: 31, p2: 32 }
const V = { acc: 33, s1: 41, s2: 42, v: 43, al: 44, lo: 45 }
const BMM_LOCALS: Array<[number, number]> = [[15, I32], [13, V128]]

function bmmBody(fma: boolean): number[] {
  const accs = [0, 1, 2, 3, 4, 5, 6, 7].map((x) => V.acc + x)
  const inner: number[] = []
  for (let q = 0; q < 4; q++) {
    // v = B[k, j+4q .. j+4q+3]; acc_q += s1·v; acc_{q+4} += s2·v
    inner.push(...get(L.bp), ...vload(16 * q), ...set(V.v))
    if (fma) {
      inner.push(...get(V.s1), ...get(V.v), ...get(accs[q]!), ...vmadd, ...set(accs[q]!))
      inner.push(...get(V.s2), ...get(V.v), ...get(accs[q + 4]!), ...vmadd, ...set(accs[q + 4]!))
    } else {
      inner.push(...get(accs[q]!), ...get(V.s1), ...get(V.v), ...vmul, ...vadd, ...set(accs[q]!))
      inner.push(...get(accs[q + 4]!), ...get(V.s2), ...get(V.v), ...vmul, ...vadd, ...set(accs[q + 4]!))
    }
  }
  const zeroAccs = accs.flatMap((x) => [...vzero, ...set(x)])
  const biasAccs = [0, 1, 2, 3].flatMap((q) => [...get(P.bias), ...get(L.j), ...add, ...vload(16 * q), ...tee(accs[q]!), ...set(accs[q + 4]!)])
  const loadAccs = [0, 1, 2, 3].flatMap((q) => [
    ...get(L.c1), ...get(L.j), ...add, ...vload(16 * q), ...set(accs[q]!),
    ...get(L.c2), ...get(L.j), ...add, ...vload(16 * q), ...set(accs[q + 4]!),
  ])
  const stores: number[] = []
  for (let q = 0; q < 4; q++) {
    stores.push(...get(L.c1), ...get(L.j), ...add, ...get(accs[q]!), ...get(V.al), ...vmul, ...get(V.lo), ...vmax, ...vstore(16 * q))
    stores.push(...get(L.c2), ...get(L.j), ...add, ...get(accs[q + 4]!), ...get(V.al), ...vmul, ...get(V.lo), ...vmax, ...vstore(16 * q))
  }
  return [
    ...get(P.alpha), ...splat, ...set(V.al),
    ...get(P.relu), ...ifElse32f(f32(0), f32(-Infinity)), ...splat, ...set(V.lo),
    ...get(P.n), ...i32(4), ...mul, ...set(L.nBytes),
    ...i32(0), ...set(L.z),
    ...loop, // Z
    ...get(P.a), ...get(L.z), ...get(P.aBs), ...mul, ...add, ...set(L.zA),
    ...get(P.b), ...get(L.z), ...get(P.bBs), ...mul, ...add, ...set(L.zB),
    ...get(P.c), ...get(L.z), ...get(P.cBs), ...mul, ...add, ...set(L.zC),
    ...i32(0), ...set(L.i),
    ...loop, // I: rows i and i2 = min(i+1, M-1); an odd last row is computed twice into the same place.
    ...get(L.zA), ...get(L.i), ...get(P.aRs), ...mul, ...add, ...set(L.a1),
    ...get(L.zC), ...get(L.i), ...get(P.cRs), ...mul, ...add, ...set(L.c1),
    ...get(L.i), ...i32(1), ...add, ...get(P.m), ...ltU,
    ...ifElse(
      [...get(L.a1), ...get(P.aRs), ...add, ...set(L.a2), ...get(L.c1), ...get(P.cRs), ...add],
      [...get(L.a1), ...set(L.a2), ...get(L.c1)],
    ),
    ...set(L.c2),
    ...i32(0), ...set(L.j),
    ...loop, // J: 16 columns (64 bytes) at a time
    ...get(P.bias), ...ifVoid(biasAccs, [...get(P.accum), ...ifVoid(loadAccs, zeroAccs)]),
    ...get(L.zB), ...get(L.j), ...add, ...set(L.bp),
    ...get(P.k), ...set(L.kk),
    // walk A's two rows with cursors so the row starts stay for the next column block
    ...get(L.a1), ...set(L.p1),
    ...get(L.a2), ...set(L.p2),
    ...loop, // K
    ...get(L.p1), ...f32load(), ...splat, ...set(V.s1),
    ...get(L.p2), ...f32load(), ...splat, ...set(V.s2),
    ...inner,
    ...inc(L.p1, get(P.aKs)),
    ...inc(L.p2, get(P.aKs)),
    ...inc(L.bp, get(P.bKs)),
    ...get(L.kk), ...i32(1), ...sub, ...tee(L.kk), ...brIf(0),
    ...end,
    ...stores,
    ...get(L.j), ...i32(64), ...add, ...tee(L.j), ...get(L.nBytes), ...ltU, ...brIf(0),
    ...end,
    ...get(L.i), ...i32(2), ...add, ...tee(L.i), ...get(P.m), ...ltU, ...brIf(0),
    ...end,
    ...get(L.z), ...i32(1), ...add, ...tee(L.z), ...get(P.batch), ...ltU, ...brIf(0),
    ...end,
    ...end,
  ]
}

// ---- transpose ---------------------------------------------------------------------------------
// dst[z, c, r] = src[z·srcBs + r·srcRs + c] for z < batch, r < R, c < C; dst is contiguous [batch, C, R].
// Strided source so a head's K or V block can be read straight out of a packed [T, 3·d] QKV row.
const TP = { src: 0, dst: 1, batch: 2, r: 3, c: 4, sBs: 5, sRs: 6 }
const TL = { z: 7, ri: 8, ci: 9, s: 10, d: 11, dRow: 12 }
function transposeBody(): number[] {
  return [
    ...block, ...get(TP.batch), 0x45 /* i32.eqz */, ...brIf(0),
    ...get(TP.r), ...i32(4), ...mul, ...set(TL.dRow),
    ...i32(0), ...set(TL.z),
    ...loop,
    ...i32(0), ...set(TL.ri),
    ...loop,
    ...get(TP.src), ...get(TL.z), ...get(TP.sBs), ...mul, ...add, ...get(TL.ri), ...get(TP.sRs), ...mul, ...add, ...set(TL.s),
    ...get(TP.dst), ...get(TL.z), ...get(TP.r), ...get(TP.c), ...mul, ...i32(4), ...mul, ...mul, ...add, ...get(TL.ri), ...i32(4), ...mul, ...add, ...set(TL.d),
    ...i32(0), ...set(TL.ci),
    ...loop,
    ...get(TL.d), ...get(TL.s), ...f32load(), ...f32store(),
    ...inc(TL.s, i32(4)),
    ...inc(TL.d, get(TL.dRow)),
    ...get(TL.ci), ...i32(1), ...add, ...tee(TL.ci), ...get(TP.c), ...ltU, ...brIf(0),
    ...end,
    ...get(TL.ri), ...i32(1), ...add, ...tee(TL.ri), ...get(TP.r), ...ltU, ...brIf(0),
    ...end,
    ...get(TL.z), ...i32(1), ...add, ...tee(TL.z), ...get(TP.batch), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...end,
  ]
}

// ---- colsum (bias gradient, with the ReLU mask) ------------------------------------------------------
// One pass, branch-free: in JS the ReLU test on random signs mispredicts and ran 8 ns per element.
const CP = { dy: 0, y: 1, dz: 2, db: 3, n: 4, m: 5, relu: 6 }
const CL = { off: 7, j: 8, end: 9, mBytes: 10 }
const CV = { v: 11 }
function colsumBody(): number[] {
  const dbAt = [...get(CP.db), ...get(CL.j), ...add]
  return [
    ...get(CP.m), ...i32(4), ...mul, ...set(CL.mBytes),
    ...i32(0), ...set(CL.j),
    ...block, ...get(CL.mBytes), 0x45, ...brIf(0),
    ...loop, ...dbAt, ...vzero, ...vstore(), ...get(CL.j), ...i32(16), ...add, ...tee(CL.j), ...get(CL.mBytes), ...ltU, ...brIf(0), ...end,
    ...get(CP.n), 0x45, ...brIf(0),
    ...i32(0), ...set(CL.off),
    ...get(CP.n), ...get(CL.mBytes), ...mul, ...set(CL.end),
    ...loop, // rows: off runs over the whole [n, m] block, j over one row
    ...i32(0), ...set(CL.j),
    ...loop,
    ...get(CP.dy), ...get(CL.off), ...add, ...get(CL.j), ...add, ...vload(), ...set(CV.v),
    ...get(CP.relu), ...ifVoid([
      ...get(CV.v), ...get(CP.y), ...get(CL.off), ...add, ...get(CL.j), ...add, ...vload(), ...vzero, ...vgt, ...vand, ...set(CV.v),
      ...get(CP.dz), ...get(CL.off), ...add, ...get(CL.j), ...add, ...get(CV.v), ...vstore(),
    ], []),
    ...dbAt, ...dbAt, ...vload(), ...get(CV.v), ...vadd, ...vstore(),
    ...get(CL.j), ...i32(16), ...add, ...tee(CL.j), ...get(CL.mBytes), ...ltU, ...brIf(0),
    ...end,
    ...get(CL.off), ...get(CL.mBytes), ...add, ...tee(CL.off), ...get(CL.end), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...end,
  ]
}

/** The module's bytes. Exports `bmm`, `transpose`, `colsum` and the row kernels; imports `env.memory`. */
export function simdModuleBytes(fma = true): Uint8Array {
  const fns: WasmFunction[] = [
    { name: 'bmm', params: [...new Array<number>(14).fill(I32), F32, I32, I32, I32], locals: BMM_LOCALS, body: bmmBody(fma) },
    { name: 'transpose', params: new Array<number>(7).fill(I32), locals: [[6, I32]], body: transposeBody() },
    { name: 'colsum', params: new Array<number>(7).fill(I32), locals: [[4, I32], [1, V128]], body: colsumBody() },
    ...rowKernels(),
    ...bagKernels(),
  ]
  return assemble(fns)
}

/** The module's functions. Pointers and strides are byte offsets into the imported memory. */
export interface SimdKernels extends RowKernels, BagKernels {
  /** C[z,i,j] = max(lo, alpha·(init + Σ_k A[z,i,k]·B[z,k,j])); N % 16 == 0, M, K, batch ≥ 1; B and C rows contiguous. */
  bmm(a: number, b: number, c: number, batch: number, m: number, n: number, k: number,
    aBs: number, aRs: number, aKs: number, bBs: number, bKs: number, cBs: number, cRs: number, alpha: number,
    bias: number, relu: number, accum: number): void
  /** db[j] = Σ_r dz[r,j] with dz = dy·[y > 0] (written to dz) when relu ≠ 0, else dz = dy (not written); M % 4 == 0. */
  colsum(dy: number, y: number, dz: number, db: number, n: number, m: number, relu: number): void
  /** dst[z,c,r] = src[z·sBs + r·sRs + c]; dst contiguous [batch, C, R]. */
  transpose(src: number, dst: number, batch: number, r: number, c: number, sBs: number, sRs: number): void
}

/** The slice of the WebAssembly JS API used here (the project's TS lib settings do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (desc: { initial: number }) => WasmMemory
  validate(bytes: Uint8Array): boolean
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

let compiled: object | null = null

/** Bench switch: the plain multiply-add kernel instead of relaxed SIMD's FMA (set before first use). */
export const simdOptions = { fma: true }

/** Instantiates the kernels over `memory` (compiled once per process: ~2 KB of code). */
export function instantiateSimd(memory: WasmMemory): SimdKernels {
  if (!compiled) {
    // Relaxed SIMD's FMA doubles the matmul rate here (40–49 vs 21–29 GFLOP/s on [2048,64]·[64,256]);
    // engines without it (V8 < 11.4) get the same kernel with a separate multiply and add.
    const fma = simdModuleBytes(true)
    compiled = new wasmApi.Module(simdOptions.fma && wasmApi.validate(fma) ? fma : simdModuleBytes(false))
  }
  const inst = new wasmApi.Instance(compiled, { env: { memory } })
  return inst.exports as SimdKernels
}
