import {
  I32, V128, add, block, brIf, end, f32, fdiv, get, i32, i32eqz, ifVoid, loop, ltU, mul, set, splat, tee, vadd, vload, vmul,
  vstore, vzero,
} from './transformer-wasm-asm.ts'
import type { WasmFunction } from './transformer-wasm-asm.ts'

/**
 * SIMD embedding-bag kernels (E % 4 == 0): the W3 forward sums 8192 embedding rows of 64 floats per
 * batch and the backward scatters as many; as JS loops they took 1.8 and 0.7 ms of an 8 ms step.
 */
export interface BagKernels {
  /** out[b] = mean of table[ids[b,t]] over t with ids[b,t] ≠ padId (0 when none). ids are int32. */
  embbag(ids: number, table: number, out: number, bsz: number, t: number, e: number, padId: number): void
  /** dtable = 0, then dtable[ids[b,t]] += dy[b] / count_b for every non-pad token. */
  embbagGrad(ids: number, dy: number, dtable: number, bsz: number, t: number, e: number, padId: number, vocab: number): void
}

const i32load = [0x28, 0x02, 0x00]
const ne = [0x47]
const gtU = [0x4b]
const f32FromI32 = [0xb2]

/** `for (j = 0; j < lenBytes; j += 16) body` (the caller guarantees lenBytes > 0). */
const forVec = (j: number, lenBytes: number[], body: number[]) => [
  ...i32(0), ...set(j),
  ...loop, ...body, ...get(j), ...i32(16), ...add, ...tee(j), ...lenBytes, ...ltU, ...brIf(0), ...end,
]

function embbagFn(): WasmFunction {
  const [ids, table, out, bsz, t, e, pad] = [0, 1, 2, 3, 4, 5, 6]
  const [b, s, j, eb, orow, id, count, ip] = [7, 8, 9, 10, 11, 12, 13, 14]
  const [inv] = [15]
  const oAt = [...get(orow), ...get(j), ...add]
  return {
    name: 'embbag',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [[8, I32], [1, V128]],
    body: [
      ...get(e), ...i32(4), ...mul, ...set(eb),
      ...block,
      ...get(bsz), ...i32eqz, ...brIf(0),
      ...get(eb), ...i32eqz, ...brIf(0),
      ...get(out), ...set(orow),
      ...get(ids), ...set(ip),
      ...i32(0), ...set(b),
      ...loop, // rows
      ...forVec(j, get(eb), [...oAt, ...vzero, ...vstore()]),
      ...i32(0), ...set(count),
      ...block, ...get(t), ...i32eqz, ...brIf(0),
      ...i32(0), ...set(s),
      ...loop, // tokens
      ...get(ip), ...i32load, ...tee(id), ...get(pad), ...ne,
      ...ifVoid([
        ...get(count), ...i32(1), ...add, ...set(count),
        ...get(table), ...get(id), ...get(eb), ...mul, ...add, ...set(id), // id ← row address
        ...forVec(j, get(eb), [...oAt, ...oAt, ...vload(), ...get(id), ...get(j), ...add, ...vload(), ...vadd, ...vstore()]),
      ], []),
      ...get(ip), ...i32(4), ...add, ...set(ip),
      ...get(s), ...i32(1), ...add, ...tee(s), ...get(t), ...ltU, ...brIf(0),
      ...end,
      ...end,
      ...get(count), ...i32(1), ...gtU,
      ...ifVoid([
        ...f32(1), ...get(count), ...f32FromI32, ...fdiv, ...splat, ...set(inv),
        ...forVec(j, get(eb), [...oAt, ...oAt, ...vload(), ...get(inv), ...vmul, ...vstore()]),
      ], []),
      ...get(orow), ...get(eb), ...add, ...set(orow),
      ...get(b), ...i32(1), ...add, ...tee(b), ...get(bsz), ...ltU, ...brIf(0),
      ...end,
      ...end,
      ...end,
    ],
  }
}

function embbagGradFn(): WasmFunction {
  const [ids, dy, dt, bsz, t, e, pad, vocab] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [b, s, j, eb, grow, row, count, ip, total] = [8, 9, 10, 11, 12, 13, 14, 15, 16]
  const [g] = [17]
  return {
    name: 'embbagGrad',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [[9, I32], [1, V128]],
    body: [
      ...get(e), ...i32(4), ...mul, ...set(eb),
      ...block,
      ...get(eb), ...i32eqz, ...brIf(0),
      ...get(vocab), ...i32eqz, ...brIf(0),
      ...get(vocab), ...get(eb), ...mul, ...set(total),
      ...forVec(j, get(total), [...get(dt), ...get(j), ...add, ...vzero, ...vstore()]),
      ...get(bsz), ...i32eqz, ...brIf(0),
      ...get(t), ...i32eqz, ...brIf(0),
      ...get(dy), ...set(grow),
      ...i32(0), ...set(b),
      ...loop, // rows
      // count the row's real tokens
      ...i32(0), ...set(count),
      ...get(ids), ...get(b), ...get(t), ...mul, ...i32(4), ...mul, ...add, ...set(ip),
      ...i32(0), ...set(s),
      ...loop,
      ...get(ip), ...get(s), ...i32(4), ...mul, ...add, ...i32load, ...get(pad), ...ne, ...get(count), ...add, ...set(count),
      ...get(s), ...i32(1), ...add, ...tee(s), ...get(t), ...ltU, ...brIf(0),
      ...end,
      ...get(count),
      ...ifVoid([
        ...i32(0), ...set(s),
        ...loop,
        ...get(ip), ...i32load, ...tee(row), ...get(pad), ...ne,
        ...ifVoid([
          ...get(dt), ...get(row), ...get(eb), ...mul, ...add, ...set(row),
          ...f32(1), ...get(count), ...f32FromI32, ...fdiv, ...splat, ...set(g),
          ...forVec(j, get(eb), [
            ...get(row), ...get(j), ...add,
            ...get(row), ...get(j), ...add, ...vload(),
            ...get(grow), ...get(j), ...add, ...vload(), ...get(g), ...vmul, ...vadd,
            ...vstore(),
          ]),
        ], []),
        ...get(ip), ...i32(4), ...add, ...set(ip),
        ...get(s), ...i32(1), ...add, ...tee(s), ...get(t), ...ltU, ...brIf(0),
        ...end,
      ], []),
      ...get(grow), ...get(eb), ...add, ...set(grow),
      ...get(b), ...i32(1), ...add, ...tee(b), ...get(bsz), ...ltU, ...brIf(0),
      ...end,
      ...end,
      ...end,
    ],
  }
}

export function bagKernels(): WasmFunction[] {
  return [embbagFn(), embbagGradFn()]
}
