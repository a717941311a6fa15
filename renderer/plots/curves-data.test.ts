import { describe, expect, it } from 'vitest'
import type { MetricSeries } from '../../shared/api/types.ts'
import { buildCurveTraces, CURVES_GL_THRESHOLD, curveX, smooth, type CurveOptions } from './curves-data.ts'

function series(trialId: number, values: (number | null)[], over: Partial<MetricSeries> = {}): MetricSeries {
  return {
    trialId,
    name: 'val_loss',
    steps: values.map((_, i) => i * 10),
    values,
    wallTimes: values.map((_, i) => 1_700_000_000_000 + i * 1500),
    totalPoints: values.length,
    ...over,
  }
}

const base: CurveOptions = { x: 'step', logY: false, smoothing: 0 }

describe('smooth', () => {
  it('returns the values unchanged at weight 0', () => {
    expect(smooth([3, null, 1], 0)).toEqual([3, null, 1])
  })

  it('is debiased: the first smoothed point equals the first value, and a constant stays constant', () => {
    const out = smooth([4, 4, 4, 4], 0.9)
    for (const v of out) expect(v).toBeCloseTo(4, 12)
  })

  it('matches the TensorBoard recurrence', () => {
    const w = 0.6
    const out = smooth([1, 2, 3], w)
    // last1 = 0.4, last2 = 0.24 + 0.8 = 1.04, last3 = 0.624 + 1.2 = 1.824
    expect(out[0]).toBeCloseTo(0.4 / (1 - w), 12)
    expect(out[1]).toBeCloseTo(1.04 / (1 - w ** 2), 12)
    expect(out[2]).toBeCloseTo(1.824 / (1 - w ** 3), 12)
    // Smoothing lags a rising series: below the raw value.
    expect(out[2]!).toBeLessThan(3)
    expect(out[2]!).toBeGreaterThan(2)
  })

  it('keeps nulls as gaps without restarting the average', () => {
    const withGap = smooth([1, null, 3], 0.5)
    const without = smooth([1, 3], 0.5)
    expect(withGap[1]).toBeNull()
    expect(withGap[2]).toBeCloseTo(without[1]!, 12)
  })

  it('clamps the weight so 1 does not freeze the line at the first value forever', () => {
    const out = smooth([0, 10, 10, 10], 1)
    expect(out.every((v) => v !== null && Number.isFinite(v))).toBe(true)
    expect(out[3]!).toBeGreaterThan(0)
  })
})

describe('curveX', () => {
  it('gives steps, or seconds since the first point', () => {
    const s = series(1, [1, 2, 3])
    expect(curveX(s, 'step')).toEqual([0, 10, 20])
    expect(curveX(s, 'time')).toEqual([0, 1.5, 3])
  })
})

describe('buildCurveTraces', () => {
  it('draws one line per series with the trial id on every point and nulls as gaps', () => {
    const { data, layout } = buildCurveTraces([series(7, [1, null, 0.5]), series(9, [2, 1.5, 1])], base, (id) => `#${id}`)
    expect(data).toHaveLength(2)
    expect(data[0]).toMatchObject({ type: 'scatter', mode: 'lines', x: [0, 10, 20], y: [1, null, 0.5], name: '#7', customdata: [7, 7, 7] })
    expect(data[1]!.customdata).toEqual([9, 9, 9])
    expect(data[0]!.line!.color).not.toBe(data[1]!.line!.color)
    expect(layout.yaxis).toMatchObject({ type: 'linear', title: { text: 'val_loss' } })
    expect(layout.xaxis!.title).toEqual({ text: 'step' })
    expect(layout.showlegend).toBe(true)
  })

  it('uses seconds since the start on x and a log y axis when asked, with a uirevision per axis mode', () => {
    const lin = buildCurveTraces([series(1, [1, 2])], base)
    const { data, layout } = buildCurveTraces([series(1, [1, 2])], { ...base, x: 'time', logY: true })
    expect(data[0]!.x).toEqual([0, 1.5])
    expect(layout.yaxis!.type).toBe('log')
    expect(layout.xaxis!.title).toEqual({ text: 'seconds since the trial started' })
    expect(layout.uirevision).not.toBe(lin.layout.uirevision)
    expect(buildCurveTraces([series(2, [5])], base).layout.uirevision).toBe(lin.layout.uirevision)
  })

  it('keeps the raw line faint and unhoverable under the smoothed one', () => {
    const { data } = buildCurveTraces([series(3, [1, 3, 2])], { ...base, smoothing: 0.5 })
    expect(data).toHaveLength(2)
    const [raw, smoothed] = data
    expect(raw!.y).toEqual([1, 3, 2])
    expect(raw!.hoverinfo).toBe('skip')
    expect(raw!.showlegend).toBe(false)
    expect(raw!.opacity!).toBeLessThan(smoothed!.opacity!)
    expect(raw!.line!.color).toBe(smoothed!.line!.color)
    expect(smoothed!.y).toEqual(smooth([1, 3, 2], 0.5))
  })

  it('draws the highlighted trial last and thicker and dims the others', () => {
    const { data } = buildCurveTraces([series(1, [1]), series(2, [2]), series(3, [3])], { ...base, highlightTrialId: 2 })
    expect(data.map((d) => d.customdata![0])).toEqual([1, 3, 2])
    const [one, , two] = data
    expect(two!.line!.width!).toBeGreaterThan(one!.line!.width!)
    expect(two!.opacity).toBe(1)
    expect(one!.opacity!).toBeLessThan(1)
    // Colours follow the series, not the draw order.
    expect(two!.line!.color).toBe(buildCurveTraces([series(1, [1]), series(2, [2])], base).data[1]!.line!.color)
  })

  it('ignores a highlight of a trial that is not drawn', () => {
    const { data } = buildCurveTraces([series(1, [1]), series(2, [2])], { ...base, highlightTrialId: 99 })
    expect(data.map((d) => d.opacity)).toEqual([1, 1])
  })

  it('switches to WebGL when there are many points', () => {
    const n = Math.ceil(CURVES_GL_THRESHOLD / 2) + 1
    const long = (id: number) => series(id, Array.from({ length: n }, (_, i) => 1 / (i + 1)))
    expect(buildCurveTraces([long(1), long(2)], base).data[0]!.type).toBe('scattergl')
    expect(buildCurveTraces([long(1)], base).data[0]!.type).toBe('scatter')
  })

  it('returns no traces and no legend for no series', () => {
    const { data, layout } = buildCurveTraces([], base)
    expect(data).toEqual([])
    expect(layout.showlegend).toBe(false)
  })

  it('prints names containing template syntax literally', () => {
    const { data } = buildCurveTraces([series(1, [1], { name: 'loss%{x}' })], base)
    expect(data[0]!.hovertemplate).not.toContain('loss%{x}')
  })
})
