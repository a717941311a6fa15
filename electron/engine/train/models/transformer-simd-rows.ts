import {
  F32, I32, V128, add, block, brIf, end, f32, f32load, f32store, fadd, fdiv, feq, fmax, fsqrt, get, i32, i32eqz, i32x4Add,
  i32x4Shl, i32x4Splat, i32x4TruncSat, ifVoid, lane, simd, loop, ltU, mul, set, splat, tee, vadd, vload, vmax, vmul, vnearest,
  vand, vstore, vsub, vzero,
} from './transformer-wasm-asm.ts'
import type { WasmFunction } from './transformer-wasm-asm.ts'

/**
 * Row-wise SIMD kernels (rows of n floats, n % 4 == 0): softmax (with a vector exp), its gradient,
 * and layer norm forward and backward. In JS these loops ran 2–8 ns per element (Math.exp, and
 * branchy masks); here 4 lanes at a time with a polynomial exp.
 */
export interface RowKernels {
  /**
   * In place per row: x ← scale·exp(x − max)/Σ exp(x − max); rows whose max is −∞ (fully masked)
   * become 0. With stats ≠ 0 writes [max, Σ exp] per row there (for a loss in float64 by the caller).
   * With mask ≠ 0, row r first gets mask row (r mod maskRows) added ([maskRows, n] of 0 / −∞): the
   * causal triangle, or a sequence's padded keys.
   */
  softmax(ptr: number, rows: number, n: number, scale: number, stats: number, mask: number, maskRows: number): void
  /** In place per row: dp ← p·(dp − Σ p·dp) (softmax's backward). */
  softmaxGrad(p: number, dp: number, rows: number, n: number): void
  /** y = (x − μ)·rstd·γ + β per row; stats [rows, 2] ← (μ, rstd). */
  layerNorm(x: number, g: number, b: number, y: number, stats: number, rows: number, d: number, eps: number): void
  /** dx, and dγ, dβ summed over rows (zeroed first), from dy, x, γ and the forward's stats. */
  layerNormGrad(dy: number, x: number, g: number, stats: number, dx: number, dg: number, db: number, rows: number, d: number): void
}

const vge = simd(0x46) // f32x4.ge
const vsplat = (x: number) => [...f32(x), ...splat]
/** Horizontal sum / max of a v128 local → f32 on the stack. */
const hsum = (v: number) => [...get(v), ...lane(0), ...get(v), ...lane(1), ...fadd, ...get(v), ...lane(2), ...fadd, ...get(v), ...lane(3), ...fadd]
const hmax = (v: number) => [...get(v), ...lane(0), ...get(v), ...lane(1), ...fmax, ...get(v), ...lane(2), ...fmax, ...get(v), ...lane(3), ...fmax]
/** `for (j = 0; j < lenBytes; j += 16) body` (the caller guarantees lenBytes > 0). */
const forVec = (j: number, lenBytes: number[], body: number[]) => [
  ...i32(0), ...set(j),
  ...loop, ...body, ...get(j), ...i32(16), ...add, ...tee(j), ...lenBytes, ...ltU, ...brIf(0), ...end,
]
const f32FromI32 = [0xb2] // f32.convert_i32_s

/**
 * exp of the v128 that `src` pushes, for inputs ≤ 0 (softmax after the max shift): Cephes' expf —
 * x = n·ln2 + r, e^r by a degree-6 polynomial (|r| ≤ ln2/2, ~1 ulp), 2^n built in the exponent bits.
 * Inputs below −87 give exactly 0 (e^−87 ≈ 1.6e−38, the edge of normal floats), so masked (−∞)
 * entries are exact zeros and a masked future token cannot leak into attention by even one ulp.
 */
function vexp(src: number[], x: number, n: number, r: number, keep: number): number[] {
  const poly = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]
  const horner: number[] = [...vsplat(poly[0]!)]
  for (const c of poly.slice(1)) horner.push(...get(r), ...vmul, ...vsplat(c), ...vadd)
  return [
    ...src, ...set(x),
    ...get(x), ...vsplat(-87), ...vge, ...set(keep),
    ...get(x), ...vsplat(-87), ...vmax, ...set(x),
    ...get(x), ...vsplat(Math.LOG2E), ...vmul, ...vnearest, ...set(n),
    ...get(x), ...get(n), ...vsplat(0.693359375), ...vmul, ...vsub, ...get(n), ...vsplat(-2.12194440e-4), ...vmul, ...vsub, ...set(r),
    ...horner, ...get(r), ...get(r), ...vmul, ...vmul, ...get(r), ...vadd, ...vsplat(1), ...vadd,
    ...get(n), ...i32x4TruncSat, ...i32(127), ...i32x4Splat, ...i32x4Add, ...i32(23), ...i32x4Shl,
    ...vmul,
    ...get(keep), ...vand,
  ]
}

function softmaxFn(): WasmFunction {
  const [ptr, rows, n, scale, stats, mask, maskRows] = [0, 1, 2, 3, 4, 5, 6]
  const [r, row, j, nb, mrow] = [7, 8, 9, 10, 11]
  const [mx, sm] = [12, 13]
  const [acc, x, nn, rr, mxv, sc, e, keep] = [14, 15, 16, 17, 18, 19, 20, 21]
  const at = [...get(row), ...get(j), ...add]
  const remU = [0x70]
  return {
    name: 'softmax',
    params: [I32, I32, I32, F32, I32, I32, I32],
    locals: [[5, I32], [2, F32], [8, V128]],
    body: [
      ...get(n), ...i32(4), ...mul, ...set(nb),
      ...block,
      ...get(rows), ...i32eqz, ...brIf(0),
      ...get(nb), ...i32eqz, ...brIf(0),
      ...get(ptr), ...set(row),
      ...i32(0), ...set(r),
      ...loop,
      ...get(mask), ...i32eqz,
      ...ifVoid([], [
        ...get(mask), ...get(r), ...get(maskRows), ...remU, ...get(nb), ...mul, ...add, ...set(mrow),
        ...forVec(j, get(nb), [...at, ...at, ...vload(), ...get(mrow), ...get(j), ...add, ...vload(), ...vadd, ...vstore()]),
      ]),
      ...vsplat(-Infinity), ...set(acc),
      ...forVec(j, get(nb), [...get(acc), ...at, ...vload(), ...vmax, ...set(acc)]),
      ...hmax(acc), ...set(mx),
      ...get(mx), ...f32(-Infinity), ...feq,
      ...ifVoid(
        [...forVec(j, get(nb), [...at, ...vzero, ...vstore()]), ...f32(0), ...set(sm)],
        [
          ...get(mx), ...splat, ...set(mxv),
          ...vzero, ...set(acc),
          ...forVec(j, get(nb), [
            ...vexp([...at, ...vload(), ...get(mxv), ...vsub], x, nn, rr, keep), ...set(e),
            ...at, ...get(e), ...vstore(),
            ...get(acc), ...get(e), ...vadd, ...set(acc),
          ]),
          ...hsum(acc), ...set(sm),
          ...get(scale), ...get(sm), ...fdiv, ...splat, ...set(sc),
          ...forVec(j, get(nb), [...at, ...at, ...vload(), ...get(sc), ...vmul, ...vstore()]),
        ],
      ),
      ...get(stats), ...i32eqz,
      ...ifVoid([], [
        ...get(stats), ...get(r), ...i32(8), ...mul, ...add, ...get(mx), ...f32store(0),
        ...get(stats), ...get(r), ...i32(8), ...mul, ...add, ...get(sm), ...f32store(4),
      ]),
      ...get(row), ...get(nb), ...add, ...set(row),
      ...get(r), ...i32(1), ...add, ...tee(r), ...get(rows), ...ltU, ...brIf(0),
      ...end, // loop
      ...end, // block
      ...end, // function
    ],
  }
}

function softmaxGradFn(): WasmFunction {
  const [p, dp, rows, n] = [0, 1, 2, 3]
  const [r, off, j, nb] = [4, 5, 6, 7]
  const [acc, dot] = [8, 9]
  const pAt = [...get(p), ...get(off), ...add, ...get(j), ...add]
  const dAt = [...get(dp), ...get(off), ...add, ...get(j), ...add]
  return {
    name: 'softmaxGrad',
    params: [I32, I32, I32, I32],
    locals: [[4, I32], [2, V128]],
    body: [
      ...get(n), ...i32(4), ...mul, ...set(nb),
      ...block,
      ...get(rows), ...i32eqz, ...brIf(0),
      ...get(nb), ...i32eqz, ...brIf(0),
      ...i32(0), ...set(off),
      ...i32(0), ...set(r),
      ...loop,
      ...vzero, ...set(acc),
      ...forVec(j, get(nb), [...get(acc), ...pAt, ...vload(), ...dAt, ...vload(), ...vmul, ...vadd, ...set(acc)]),
      ...hsum(acc), ...splat, ...set(dot),
      ...forVec(j, get(nb), [...dAt, ...pAt, ...vload(), ...dAt, ...vload(), ...get(dot), ...vsub, ...vmul, ...vstore()]),
      ...get(off), ...get(nb), ...add, ...set(off),
      ...get(r), ...i32(1), ...add, ...tee(r), ...get(rows), ...ltU, ...brIf(0),
      ...end, // loop
      ...end, // block
      ...end, // function
    ],
  }
}

function layerNormFn(): WasmFunction {
  const [x, g, b, y, stats, rows, d, eps] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [r, off, j, db] = [8, 9, 10, 11]
  const [mean, rstd] = [12, 13]
  const [acc, v, mv, rv] = [14, 15, 16, 17]
  const xAt = [...get(x), ...get(off), ...add, ...get(j), ...add]
  const yAt = [...get(y), ...get(off), ...add, ...get(j), ...add]
  const rowStat = [...get(stats), ...get(r), ...i32(8), ...mul, ...add]
  return {
    name: 'layerNorm',
    params: [I32, I32, I32, I32, I32, I32, I32, F32],
    locals: [[4, I32], [2, F32], [4, V128]],
    body: [
      ...get(d), ...i32(4), ...mul, ...set(db),
      ...block,
      ...get(rows), ...i32eqz, ...brIf(0),
      ...get(db), ...i32eqz, ...brIf(0),
      ...i32(0), ...set(off),
      ...i32(0), ...set(r),
      ...loop,
      ...vzero, ...set(acc),
      ...forVec(j, get(db), [...get(acc), ...xAt, ...vload(), ...vadd, ...set(acc)]),
      ...hsum(acc), ...get(d), ...f32FromI32, ...fdiv, ...tee(mean), ...splat, ...set(mv),
      ...vzero, ...set(acc),
      ...forVec(j, get(db), [...xAt, ...vload(), ...get(mv), ...vsub, ...tee(v), ...get(v), ...vmul, ...get(acc), ...vadd, ...set(acc)]),
      ...f32(1), ...hsum(acc), ...get(d), ...f32FromI32, ...fdiv, ...get(eps), ...fadd, ...fsqrt, ...fdiv, ...tee(rstd), ...splat, ...set(rv),
      ...forVec(j, get(db), [
        ...yAt, ...xAt, ...vload(), ...get(mv), ...vsub, ...get(rv), ...vmul,
        ...get(g), ...get(j), ...add, ...vload(), ...vmul, ...get(b), ...get(j), ...add, ...vload(), ...vadd, ...vstore(),
      ]),
      ...rowStat, ...get(mean), ...f32store(0),
      ...rowStat, ...get(rstd), ...f32store(4),
      ...get(off), ...get(db), ...add, ...set(off),
      ...get(r), ...i32(1), ...add, ...tee(r), ...get(rows), ...ltU, ...brIf(0),
      ...end, // loop
      ...end, // block
      ...end, // function
    ],
  }
}

function layerNormGradFn(): WasmFunction {
  const [dy, x, g, stats, dx, dg, dbeta, rows, d] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
  const [r, off, j, nb] = [9, 10, 11, 12]
  const [mean, rstd] = [13, 14]
  const [a1, a2, mv, rv, xh, gg, dyv] = [15, 16, 17, 18, 19, 20, 21]
  const at = (base: number) => [...get(base), ...get(off), ...add, ...get(j), ...add]
  const col = (base: number) => [...get(base), ...get(j), ...add]
  const rowStat = [...get(stats), ...get(r), ...i32(8), ...mul, ...add]
  const xhat = [...at(x), ...vload(), ...get(mv), ...vsub, ...get(rv), ...vmul]
  return {
    name: 'layerNormGrad',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [[4, I32], [2, F32], [7, V128]],
    body: [
      ...get(d), ...i32(4), ...mul, ...set(nb),
      ...block,
      ...get(nb), ...i32eqz, ...brIf(0),
      ...forVec(j, get(nb), [...col(dg), ...vzero, ...vstore(), ...col(dbeta), ...vzero, ...vstore()]),
      ...get(rows), ...i32eqz, ...brIf(0),
      ...i32(0), ...set(off),
      ...i32(0), ...set(r),
      ...loop,
      ...rowStat, ...f32load(0), ...tee(mean), ...splat, ...set(mv),
      ...rowStat, ...f32load(4), ...tee(rstd), ...splat, ...set(rv),
      ...vzero, ...set(a1),
      ...vzero, ...set(a2),
      ...forVec(j, get(nb), [
        ...at(dy), ...vload(), ...set(dyv),
        ...xhat, ...set(xh),
        ...get(dyv), ...col(g), ...vload(), ...vmul, ...set(gg),
        ...get(a1), ...get(gg), ...vadd, ...set(a1),
        ...get(a2), ...get(gg), ...get(xh), ...vmul, ...vadd, ...set(a2),
        ...col(dg), ...col(dg), ...vload(), ...get(dyv), ...get(xh), ...vmul, ...vadd, ...vstore(),
        ...col(dbeta), ...col(dbeta), ...vload(), ...get(dyv), ...vadd, ...vstore(),
      ]),
      ...hsum(a1), ...get(d), ...f32FromI32, ...fdiv, ...splat, ...set(a1),
      ...hsum(a2), ...get(d), ...f32FromI32, ...fdiv, ...splat, ...set(a2),
      ...forVec(j, get(nb), [
        ...at(dx),
        ...get(rv),
        ...at(dy), ...vload(), ...col(g), ...vload(), ...vmul, ...get(a1), ...vsub,
        ...xhat, ...get(a2), ...vmul, ...vsub,
        ...vmul, ...vstore(),
      ]),
      ...get(off), ...get(nb), ...add, ...set(off),
      ...get(r), ...i32(1), ...add, ...tee(r), ...get(rows), ...ltU, ...brIf(0),
      ...end, // loop
      ...end, // block
      ...end, // function
    ],
  }
}

export function rowKernels(): WasmFunction[] {
  return [softmaxFn(), softmaxGradFn(), layerNormFn(), layerNormGradFn()]
}
