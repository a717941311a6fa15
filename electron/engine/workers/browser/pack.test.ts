import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64, packValue, unpackValue } from './pack.ts'

describe('packing data for a page', () => {
  it('round-trips typed arrays nested in objects and lists, and drops functions', () => {
    const value = {
      n: 3,
      name: 'iris',
      x: new Float32Array([1.5, -2, Number.MAX_VALUE]),
      splits: [{ ids: new Int32Array([0, -1, 2 ** 31 - 1]) }, { bytes: new Uint8Array([0, 255, 7]) }],
      decode: (ids: number[]) => ids.join(' '),
      missing: undefined,
    }
    const packed = JSON.parse(JSON.stringify(packValue(value))) as unknown
    const back = unpackValue(packed) as typeof value
    expect(back.x).toBeInstanceOf(Float32Array)
    expect(Array.from(back.x)).toEqual(Array.from(value.x))
    expect(Array.from((back.splits[0] as { ids: Int32Array }).ids)).toEqual([0, -1, 2 ** 31 - 1])
    expect((back.splits[1] as { bytes: Uint8Array }).bytes).toBeInstanceOf(Uint8Array)
    expect(back).not.toHaveProperty('decode')
    expect(back).not.toHaveProperty('missing')
    expect(back.name).toBe('iris')
  })

  it('packs a view of a larger buffer as the view only', () => {
    const big = new Int32Array([9, 9, 1, 2, 9])
    const back = unpackValue(packValue(big.subarray(2, 4))) as Int32Array
    expect(Array.from(back)).toEqual([1, 2])
  })

  it('encodes base64 as Node does, across chunk boundaries', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256)
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    expect(Array.from(base64ToBytes(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes))
  })

  it('refuses a packed array whose byte count does not fit its type', () => {
    expect(() => unpackValue({ $typed: 'float32', base64: bytesToBase64(new Uint8Array(6)) })).toThrow(/packed float32 array has 6 bytes/)
  })
})
