import { describe, expect, it } from 'vitest'
import { lttb } from './lttb.ts'

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('lttb', () => {
  it('returns every index when the series already fits', () => {
    expect(lttb([0, 1, 2], [5, 6, 7], 3)).toEqual([0, 1, 2])
    expect(lttb([], [], 10)).toEqual([])
  })

  it('returns exactly maxPoints ascending indices, first and last included', () => {
    const xs = range(10_000)
    const ys = xs.map((x) => Math.sin(x / 100))
    for (const max of [2, 3, 10, 500, 9_999]) {
      const keep = lttb(xs, ys, max)
      expect(keep).toHaveLength(max)
      expect(keep[0]).toBe(0)
      expect(keep.at(-1)).toBe(9_999)
      expect(keep.every((v, i) => i === 0 || v > (keep[i - 1] as number))).toBe(true)
    }
  })

  it('keeps the extremes of spikes that a stride would skip', () => {
    const xs = range(1_000)
    const ys = xs.map((x) => 1 + 0.001 * Math.sin(x))
    ys[401] = 50
    ys[733] = -50
    const keep = lttb(xs, ys, 20)
    expect(keep).toContain(401)
    expect(keep).toContain(733)
  })

  it('keeps a marker for each gap of nulls so the line is not drawn across it', () => {
    const xs = range(1_000)
    const ys: (number | null)[] = xs.map((x) => x * 0.01)
    for (let i = 300; i < 310; i++) ys[i] = null
    for (let i = 700; i < 705; i++) ys[i] = null
    const keep = lttb(xs, ys, 50)
    expect(keep.length).toBeLessThanOrEqual(50)
    expect(keep).toContain(300)
    expect(keep).toContain(700)
    expect(keep.filter((i) => ys[i] === null)).toEqual([300, 700])
  })

  it('keeps a null first or last point and stays within budget with many gaps', () => {
    const xs = range(1_000)
    const ys = xs.map((x) => (x % 3 === 0 ? null : x))
    const keep = lttb(xs, ys, 40)
    expect(keep.length).toBeLessThanOrEqual(40)
    expect(keep[0]).toBe(0)
    expect(keep.at(-1)).toBe(999)
    expect(keep.filter((i) => ys[i] !== null).length).toBeGreaterThanOrEqual(28)
  })
})
