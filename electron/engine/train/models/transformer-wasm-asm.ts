/**
 * A minimal WebAssembly assembler: just the instructions the text-model kernels use, as byte
 * arrays to splice together. Opcodes are from the WebAssembly core spec 2.0 (SIMD numbering of the
 * final proposal; relaxed SIMD's f32x4.relaxed_madd is 0x105).
 */
// ---- byte helpers -------------------------------------------------------------------------------
export function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}
export function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}
export function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)]
  return [...uleb(b.length), ...b]
}
export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}
export function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()]
}

export const I32 = 0x7f
export const F32 = 0x7d
export const V128 = 0x7b

// ---- instructions (only what the kernels use) ----------------------------------------------------
export const get = (i: number) => [0x20, ...uleb(i)]
export const set = (i: number) => [0x21, ...uleb(i)]
export const tee = (i: number) => [0x22, ...uleb(i)]
export const i32 = (n: number) => [0x41, ...sleb(n)]
export const add = [0x6a]
export const sub = [0x6b]
export const mul = [0x6c]
export const ltU = [0x49]
export const loop = [0x03, 0x40]
export const block = [0x02, 0x40]
export const end = [0x0b]
export const brIf = (d: number) => [0x0d, ...uleb(d)]
export const ifElse = (then: number[], otherwise: number[]) => [0x04, I32, ...then, 0x05, ...otherwise, ...end]
export const ifElse32f = (then: number[], otherwise: number[]) => [0x04, F32, ...then, 0x05, ...otherwise, ...end]
export const f32load = (off = 0) => [0x2a, 0x02, ...uleb(off)]
export const f32store = (off = 0) => [0x38, 0x02, ...uleb(off)]
export const simd = (op: number) => [0xfd, ...uleb(op)]
export const vload = (off = 0) => [...simd(0x00), 0x04, ...uleb(off)]
export const vstore = (off = 0) => [...simd(0x0b), 0x04, ...uleb(off)]
export const splat = simd(0x13)
export const vadd = simd(0xe4)
export const vmul = simd(0xe6)
/** f32x4.relaxed_madd (a·b + c, one FMA on x86 with FMA3; relaxed SIMD, on by default since V8 11.4). */
export const vmadd = simd(0x105)
export const vzero = [...simd(0x0c), ...new Array<number>(16).fill(0)]

/** `x += y` for i32 locals. */
export const inc = (x: number, y: number[]) => [...get(x), ...y, ...add, ...set(x)]

export const vmax = simd(0xe9) // f32x4.max: NaN-propagating, so a diverged value stays NaN through ReLU
export const vmin = simd(0xe8)
export const vsub = simd(0xe5)
export const vdiv = simd(0xe7)
export const vand = simd(0x4e)
export const vgt = simd(0x44)
export const vnearest = simd(0x6a)
export const i32x4TruncSat = simd(0xf8)
export const i32x4Add = simd(0xae)
export const i32x4Shl = simd(0xab)
export const i32x4Splat = simd(0x11)
export const lane = (i: number) => [...simd(0x1f), i]
export const f32 = (x: number) => [0x43, ...new Uint8Array(new Float32Array([x]).buffer)]
export const ifVoid = (then: number[], otherwise: number[]) => [0x04, 0x40, ...then, 0x05, ...otherwise, ...end]
export const fadd = [0x92]
export const fsub = [0x93]
export const fmul = [0x94]
export const fdiv = [0x95]
export const fsqrt = [0x91]
export const fmax = [0x97]
export const feq = [0x5b]
export const i32eqz = [0x45]

export interface WasmFunction {
  name: string
  params: number[]
  /** Local declarations after the params: [count, type] runs. */
  locals: Array<[number, number]>
  body: number[]
}

/** A module importing `env.memory` and exporting `fns` (in order), as bytes. */
export function assemble(fns: WasmFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])])
  const bodies = fns.map((f) => {
    const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body]
    return [...uleb(body.length), ...body]
  })
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, ...uleb(0)]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ])
}
