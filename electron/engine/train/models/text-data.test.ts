import { describe, expect, it } from 'vitest'
import { joinRows, lmWindows, paddingMask, padRows, rowCount } from './text-data.ts'

describe('text data helpers', () => {
  const tokens = Int32Array.from([5, 6, 7, 8, 9, 10])
  const offsets = Int32Array.from([0, 3, 3, 6])

  it('pads and truncates ragged rows to the row width', () => {
    expect(Array.from(padRows(tokens, offsets, 2))).toEqual([5, 6, 0, 0, 8, 9])
    expect(Array.from(padRows(tokens, offsets, 4, 1))).toEqual([5, 6, 7, 1, 1, 1, 1, 1, 8, 9, 10, 1])
    expect(rowCount(padRows(tokens, offsets, 4), 4)).toBe(3)
    expect(Array.from(paddingMask(Int32Array.from([3, 0, 2]), 0))).toEqual([1, 0, 1])
  })

  it('joins rows into one stream with a separator after each', () => {
    expect(Array.from(joinRows(tokens, offsets, 3))).toEqual([5, 6, 7, 3, 3, 8, 9, 10, 3])
    expect(Array.from(joinRows(tokens, offsets, null))).toEqual([5, 6, 7, 8, 9, 10])
  })

  it('cuts windows of context + 1 with stride context, so each token is a target once', () => {
    const s = Int32Array.from({ length: 10 }, (_, i) => i)
    const w = lmWindows(s, 3)
    expect(w.n).toBe(3)
    expect(w.width).toBe(4)
    expect(Array.from(w.windows)).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9])
    expect(lmWindows(Int32Array.from([1, 2, 3]), 8)).toMatchObject({ n: 1, width: 3 })
    expect(lmWindows(Int32Array.from([1]), 8).n).toBe(0)
  })
})
