import { describe, expect, it } from 'vitest'
import type { MetricSeries } from '../../shared/api/types.ts'
import { bandOf, buildBandTraces } from './curve-bands.ts'

const series = (trialId: number, steps: number[], values: (number | null)[]): MetricSeries => ({
  trialId, name: 'loss', steps, values, wallTimes: steps.map((s) => 1000 + s * 10), totalPoints: steps.length,
})

describe('bandOf', () => {
  it('is the mean ± sample std across repeats at each step', () => {
    const b = bandOf([{ x: [0, 1], y: [1, 4] }, { x: [0, 1], y: [3, 4] }])
    expect(b.x).toEqual([0, 1])
    expect(b.mean).toEqual([2, 4])
    expect(b.lower[0]).toBeCloseTo(2 - Math.SQRT2, 12)
    expect(b.upper[0]).toBeCloseTo(2 + Math.SQRT2, 12)
    expect([b.lower[1], b.upper[1], b.n]).toEqual([4, 4, [2, 2]])
  })

  it('interpolates a repeat between its own points, leaves it out past its end and at NaN', () => {
    const b = bandOf([{ x: [0, 2, 4], y: [0, 2, 4] }, { x: [0, 1, 2], y: [10, null, 10] }])
    expect(b.x).toEqual([0, 1, 2, 4])
    // x=1: the first repeat interpolated (1); the second has NaN there.
    expect(b.mean).toEqual([5, 1, 6, 4])
    expect(b.n).toEqual([2, 1, 2, 1])
    expect([b.lower[1], b.upper[1]]).toEqual([1, 1])
  })
})

describe('buildBandTraces', () => {
  it('draws per config a filled band under a mean line, coloured alike, with the config trial id for events', () => {
    const fig = buildBandTraces(
      [{ trialId: 7, series: [series(7, [0, 1], [2, 1]), series(8, [0, 1], [4, 1])] }, { trialId: 9, series: [series(9, [0, 1], [5, 5])] }],
      { x: 'step', logY: false, smoothing: 0 },
    )
    expect(fig.data).toHaveLength(4)
    const [band, mean, band2, mean2] = fig.data as Array<Record<string, unknown>>
    expect(band).toMatchObject({ fill: 'toself', hoverinfo: 'skip', x: [0, 1, 1, 0] })
    const y = band!.y as number[]
    expect(y[0]).toBeCloseTo(3 + Math.SQRT2, 12)
    expect(y.slice(1, 3)).toEqual([1, 1])
    expect(y[3]).toBeCloseTo(3 - Math.SQRT2, 12)
    expect(mean).toMatchObject({ mode: 'lines', x: [0, 1], y: [3, 1], customdata: [7, 7], name: 'trial 7, mean ± std of 2' })
    expect((band!.line as { color: string }).color).toBe((mean!.line as { color: string }).color)
    expect(String(band!.fillcolor)).toMatch(/^rgba\(.*, 0\.2\)$/)
    expect(band2).toMatchObject({ y: [5, 5, 5, 5] })
    expect(mean2).toMatchObject({ y: [5, 5], customdata: [9, 9] })
    expect(fig.layout.showlegend).toBe(true)
  })

  it('aligns repeats by seconds since each started on the time axis, and smooths each before combining', () => {
    const fig = buildBandTraces([{ trialId: 1, series: [series(1, [0, 1, 2], [1, 0, 0]), series(2, [0, 1, 2], [1, 0, 0])] }], { x: 'time', logY: true, smoothing: 0.5 })
    const mean = fig.data[1] as { x: number[]; y: number[] }
    expect(mean.x).toEqual([0, 0.01, 0.02])
    expect(mean.y[0]).toBeCloseTo(1, 12)
    expect(mean.y[1]).toBeCloseTo(1 / 3, 12)
    expect(fig.layout.yaxis).toMatchObject({ type: 'log' })
  })
})
