import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { buildHistoryData, bestSoFar } from './history-data.ts'
import { jitter, POINTS_GL_THRESHOLD, ringPosition } from './point-plots.ts'
import { buildScatterData } from './scatter-data.ts'
import { buildSweepAxes, METRIC_AXIS } from './sweep-axes.ts'

const trials = [
  makeTrial({ id: 1, index: 0, params: { lr: 1e-4, opt: 'adam' }, finalValue: 0.9 }),
  makeTrial({ id: 2, index: 1, params: { lr: 1e-2, opt: 'sgd' }, finalValue: 0.3 }),
  makeTrial({ id: 3, index: 2, params: { lr: 1e-1, opt: 'adam' }, finalValue: 0.5 }),
  makeTrial({ id: 4, index: 3, status: 'running', params: { lr: 1e-3, opt: 'sgd' }, finalValue: null }),
]
const axes = buildSweepAxes(trials, ['lr', 'opt'], new Map([['lr', { hint: 'log' as const }]]), 'loss')
const metric = axes.byKey.get(METRIC_AXIS)!

describe('buildScatterData', () => {
  it('plots the parameter against the final metric on a log x axis, with trial ids for events', () => {
    const fig = buildScatterData(trials, axes.byKey.get('lr')!, metric, { filtered: null })
    const [context, focus, selected] = fig.data
    expect(focus).toMatchObject({ type: 'scatter', x: [1e-4, 1e-2, 1e-1], y: [0.9, 0.3, 0.5], customdata: [1, 2, 3] })
    expect(context!.x).toEqual([])
    expect(selected!.x).toEqual([])
    expect(fig.layout.xaxis).toMatchObject({ type: 'log', title: { text: 'lr' } })
    expect(fig.layout.yaxis).toMatchObject({ type: 'linear', title: { text: 'loss' } })
    expect([...fig.positions.keys()]).toEqual([1, 2, 3])
  })

  it('puts categories side by side with a stable jitter and labelled ticks', () => {
    const fig = buildScatterData(trials, axes.byKey.get('opt')!, metric, { filtered: null })
    const x = fig.data[1]!.x as number[]
    expect(x[0]).toBeCloseTo(0 + jitter(1), 12)
    expect(x[1]).toBeCloseTo(1 + jitter(2), 12)
    expect(Math.abs(jitter(12345))).toBeLessThanOrEqual(0.3)
    expect(fig.layout.xaxis).toMatchObject({ tickvals: [0, 1], ticktext: ['adam', 'sgd'] })
  })

  it('draws filtered-out trials as unhoverable context and rings selected ones', () => {
    const fig = buildScatterData(trials, axes.byKey.get('lr')!, metric, { filtered: new Set([2]), selected: new Set([3]) })
    const [context, focus, selected] = fig.data
    expect(focus!.customdata).toEqual([2])
    expect(context!.customdata).toEqual([1, 3])
    expect(context!.hoverinfo).toBe('skip')
    expect(selected!.customdata).toEqual([3])
  })

  it('switches to WebGL for many points', () => {
    const many = Array.from({ length: POINTS_GL_THRESHOLD + 1 }, (_, i) => makeTrial({ id: i + 1, params: { x: i }, finalValue: i }))
    const a = buildSweepAxes(many, ['x'], new Map(), 'm')
    expect(buildScatterData(many, a.byKey.get('x')!, a.metric!, { filtered: null }).data[1]!.type).toBe('scattergl')
  })
})

describe('buildHistoryData', () => {
  it('plots each finished trial at its index with the best-so-far as a step line', () => {
    const fig = buildHistoryData(trials, metric, { goal: 'minimize', filtered: null })
    const [, points, best] = fig.data
    expect(points).toMatchObject({ x: [0, 1, 2], y: [0.9, 0.3, 0.5], customdata: [1, 2, 3] })
    expect(best).toMatchObject({ mode: 'lines', x: [0, 1, 2], y: [0.9, 0.3, 0.3], line: { shape: 'hv' } })
  })

  it('respects the goal and keeps the best line over the whole sweep when filtered', () => {
    const fig = buildHistoryData(trials, metric, { goal: 'maximize', filtered: new Set([3]) })
    expect(fig.data[2]!.y).toEqual([0.9, 0.9, 0.9])
    expect(fig.data[1]!.customdata).toEqual([3])
    expect(fig.data[0]!.customdata).toEqual([1, 2])
  })

  it('orders attempts of a retried trial after each other', () => {
    const retried = [makeTrial({ id: 9, index: 1, attempt: 2, finalValue: 1 }), makeTrial({ id: 8, index: 1, attempt: 1, finalValue: 2 }), makeTrial({ id: 7, index: 0, finalValue: 3 })]
    expect(buildHistoryData(retried, metric, { goal: 'minimize', filtered: null }).data[1]!.customdata).toEqual([7, 8, 9])
  })

  it('computes the running best', () => {
    expect(bestSoFar([3, 1, 2, 0], 'minimize')).toEqual([3, 1, 1, 0])
    expect(bestSoFar([1, 3, 2], 'maximize')).toEqual([1, 3, 3])
    expect(bestSoFar([], 'minimize')).toEqual([])
  })
})

describe('ringPosition', () => {
  const positions = new Map([[5, [2, 0.5] as const]])
  const geometry = { l: 40, t: 20, w: 200, h: 100, x: (v: number) => 40 + v * 50, y: (v: number) => 120 - v * 100 }

  it('puts the ring on the highlighted trial through the axes', () => {
    expect(ringPosition(positions, 5, geometry)).toEqual({ cx: 140, cy: 70 })
  })

  it('draws no ring for no trial, an unknown one, a plot without axes, or a point zoomed out of view', () => {
    expect(ringPosition(positions, null, geometry)).toBeNull()
    expect(ringPosition(positions, 6, geometry)).toBeNull()
    expect(ringPosition(positions, 5, { l: 0, t: 0, w: 10, h: 10 })).toBeNull()
    expect(ringPosition(positions, 5, { ...geometry, x: (v: number) => 400 + v })).toBeNull()
  })
})
