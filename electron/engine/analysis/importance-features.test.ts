import { describe, expect, it } from 'vitest'
import { buildFeatureColumns, MAX_BINS } from './importance-features.ts'

const samples = (params: Array<Record<string, unknown>>) => params.map((p, i) => ({ params: p, value: i }))

describe('buildFeatureColumns', () => {
  it('gives each distinct value its own bin, the bins meeting halfway between values', () => {
    const [x] = buildFeatureColumns(samples([{ x: 4 }, { x: 1 }, { x: 2 }, { x: 1 }]), undefined)
    expect(x).toMatchObject({ name: 'x', scale: 'linear', binCount: 3 })
    expect([...x!.codes]).toEqual([2, 0, 1, 0])
    // Edges 0.5 | 1.5 | 3 | 5 over a range of 4.5.
    expect([...x!.widths].map((w) => w * 4.5)).toEqual([1, 1.5, 2].map((w) => expect.closeTo(w, 12)))
  })

  it('cuts many distinct values into at most 32 quantile bins whose widths sum to 1', () => {
    const [x] = buildFeatureColumns(samples(Array.from({ length: 1000 }, (_, i) => ({ x: i * i }))), undefined)
    expect(x!.binCount).toBe(MAX_BINS)
    expect(x!.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    // Quantile bins: about as many samples in each.
    const counts = new Array(MAX_BINS).fill(0)
    for (const c of x!.codes) counts[c]++
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
  })

  it('reads log-scale distributions in log10, unless a value is not positive', () => {
    const parameters = { lr: { distribution: 'log_uniform_values' as const, min: 1e-4, max: 1 }, wd: { distribution: 'log_uniform_values' as const, min: 1e-4, max: 1 } }
    const cols = buildFeatureColumns(samples([{ lr: 0.001, wd: 0 }, { lr: 0.1, wd: 0.5 }]), parameters)
    expect(cols.map((c) => [c.name, c.scale])).toEqual([['lr', 'log'], ['wd', 'linear']])
    expect([...cols[0]!.values!]).toEqual([-3, -1])
  })

  it('keeps the 31 most frequent levels of a categorical and pools the rest as one', () => {
    const labels = [...Array.from({ length: 31 }, (_, i) => Array(3).fill(`common${i}`)).flat(), 'rare1', 'rare2']
    const [c] = buildFeatureColumns(samples(labels.map((l) => ({ c: l }))), undefined)
    expect(c).toMatchObject({ scale: 'categorical', binCount: MAX_BINS, values: null })
    expect(c!.codes[labels.indexOf('rare1')]).toBe(MAX_BINS - 1)
    expect(c!.codes[labels.indexOf('rare2')]).toBe(MAX_BINS - 1)
    expect(c!.widths[0]).toBe(1 / MAX_BINS)
  })

  it('treats booleans, lists and values missing from some trials as levels', () => {
    const cols = buildFeatureColumns(samples([{ b: true, l: [1, 2] }, { b: false, l: [3], m: 1 }, { b: true, l: [1, 2], m: 2 }]), undefined)
    expect(cols.map((c) => [c.name, c.scale, c.binCount])).toEqual([['b', 'categorical', 2], ['l', 'categorical', 2], ['m', 'categorical', 3]])
  })
})
