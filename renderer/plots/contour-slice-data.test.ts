import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { buildContourData, buildContourGrid, gridAxis } from './contour-data.ts'
import { buildSliceData } from './slice-data.ts'
import { scaleHintsFromSpec } from './spec-scales.ts'
import { buildSweepAxes } from './sweep-axes.ts'

const spec = { parameters: { lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 }, opt: { distribution: 'categorical', values: ['adam', 'sgd'] }, x: { distribution: 'uniform', min: 0, max: 1 } } }
const trials = [
  makeTrial({ id: 1, index: 0, params: { lr: 1e-4, opt: 'adam', x: 0 }, finalValue: 0.9 }),
  makeTrial({ id: 2, index: 1, params: { lr: 1e-3, opt: 'sgd', x: 0.5 }, finalValue: 0.1 }),
  makeTrial({ id: 3, index: 2, params: { lr: 1e-2, opt: 'adam', x: 1 }, finalValue: 0.4 }),
  makeTrial({ id: 4, index: 3, status: 'running', params: { lr: 1e-1, opt: 'sgd', x: 0.2 }, finalValue: null }),
]
const axes = buildSweepAxes(trials, ['lr', 'opt', 'x'], scaleHintsFromSpec(spec), 'loss')
const byKey = (k: string) => axes.byKey.get(k)!

describe('contour grid', () => {
  it('takes a trial value on its own grid point and stays between the smallest and largest elsewhere', () => {
    const pts = [{ x: 0, y: 0, z: 1 }, { x: 1, y: 1, z: 3 }, { x: 1, y: 0, z: 2 }, { x: 1, y: 0, z: 4 }]
    const g = buildContourGrid(pts, [0, 0.5, 1], [0, 0.5, 1], { x: 1, y: 1 })
    expect(g.z[0]![0]).toBe(1)
    expect(g.z[2]![2]).toBe(3)
    // Two trials on one point: their mean.
    expect(g.z[0]![2]).toBe(3)
    for (const v of g.z.flat()) {
      expect(v).toBeGreaterThanOrEqual(1)
      expect(v).toBeLessThanOrEqual(4)
    }
    // Equidistant from (0,0)=1 and (1,1)=3 and the pair at (1,0): the weights are equal.
    expect(g.z[1]![1]).toBeCloseTo((1 + 3 + 2 + 4) / 4)
    expect(buildContourGrid([], [0, 1], [0], { x: 1, y: 1 }).z[0]).toEqual([Number.NaN, Number.NaN])
  })

  it('puts grid points at each category, and across log10 units for a log parameter', () => {
    expect(gridAxis(byKey('opt'))).toEqual([0, 1])
    const lr = gridAxis(byKey('lr'), 4)
    expect(lr[0]).toBeCloseTo(byKey('lr').range[0])
    expect(lr[3]).toBeCloseTo(byKey('lr').range[1])
    expect(byKey('lr').scale.kind).toBe('log')
  })

  it('draws the finished trials over the map in axis units, marks the best, and colours bright = good', () => {
    const fig = buildContourData(trials, byKey('lr'), byKey('opt'), axes.metric!, { goal: 'minimize', bestTrialId: 2, steps: 5 })
    expect(fig.count).toBe(3)
    const [map, points, best] = fig.data as Array<{ type: string; x: number[]; y: number[]; z?: number[][]; reversescale?: boolean; customdata?: number[] }>
    expect(map!.type).toBe('contour')
    expect(map!.reversescale).toBe(true)
    expect(map!.z).toHaveLength(2)
    expect(map!.z![0]).toHaveLength(5)
    expect(points!.x.map((v) => Number(v.toFixed(6)))).toEqual([-4, -3, -2])
    expect(points!.y).toEqual([0, 1, 0])
    expect(best!.customdata).toEqual([2])
    expect(fig.layout.yaxis).toMatchObject({ tickvals: [0, 1], ticktext: ['adam', 'sgd'], range: [-0.5, 1.5] })
    expect(fig.layout.xaxis).toMatchObject({ title: { text: 'lr (log)' }, tickmode: 'array' })
    // Only the labelled log ticks: a cartesian axis draws a grid line per tick.
    expect((fig.layout.xaxis as { ticktext: string[] }).ticktext).toEqual(['1e-4', '0.001', '0.01', '0.1'])
  })
})

describe('slice plots', () => {
  it('draws one subplot per parameter with the metric on y and the best trial starred in each', () => {
    const fig = buildSliceData(trials, axes.params, axes.metric!, { bestTrialId: 2 })
    expect(fig.panels).toEqual([
      { key: 'lr', label: 'lr (log)', count: 3 },
      { key: 'opt', label: 'opt', count: 3 },
      { key: 'x', label: 'x', count: 3 },
    ])
    expect(fig.rows).toBe(1)
    const traces = fig.data as Array<{ xaxis: string; y: number[]; x: number[]; name: string; customdata: number[] }>
    expect(traces.map((t) => [t.name, t.xaxis])).toEqual([['lr', 'x'], ['best trial', 'x'], ['opt', 'x2'], ['best trial', 'x2'], ['x', 'x3'], ['best trial', 'x3']])
    expect(traces[0]!.y).toEqual([0.9, 0.1, 0.4])
    expect(traces[5]!.customdata).toEqual([2])
    expect(traces[5]!.x).toEqual([0.5])
    // Categorical points spread around their category, never onto the next one.
    for (const [i, v] of traces[2]!.x.entries()) expect(Math.abs(v - [0, 1, 0][i]!)).toBeLessThan(0.3)
    expect((fig.layout as Record<string, unknown>).xaxis2).toMatchObject({ ticktext: ['adam', 'sgd'] })
    expect(fig.layout.grid).toMatchObject({ rows: 1, columns: 3 })
  })
})

describe('many trials', () => {
  it('draws the points with WebGL above the point-plot threshold', () => {
    const many = Array.from({ length: 2001 }, (_, i) => makeTrial({ id: i + 1, index: i, params: { lr: 1e-4 * (1 + (i % 900)), opt: i % 2 ? 'adam' : 'sgd', x: (i % 10) / 10 }, finalValue: i % 7 }))
    const ax = buildSweepAxes(many, ['lr', 'opt', 'x'], scaleHintsFromSpec(spec), 'loss')
    const slices = buildSliceData(many, ax.params, ax.metric!, { bestTrialId: 1 }).data as Array<{ type: string; name: string }>
    expect(slices.filter((t) => t.name !== 'best trial').map((t) => t.type)).toEqual(['scattergl', 'scattergl', 'scattergl'])
    const contour = buildContourData(many, ax.byKey.get('lr')!, ax.byKey.get('x')!, ax.metric!, { goal: 'minimize', bestTrialId: 1, steps: 4 }).data as Array<{ type: string }>
    expect(contour.map((t) => t.type)).toEqual(['contour', 'scattergl', 'scatter'])
  })
})
