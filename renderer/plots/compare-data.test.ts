import { describe, expect, it } from 'vitest'
import type { CompareResult } from '../../shared/api/compare-types.ts'
import { ABSENT, buildCompareAxes, buildCompareHistory, buildCompareParcoords, sweepColorscale } from './compare-data.ts'
import { seriesColor } from './palette.ts'

const sweep = (sweepId: number, spec: unknown, o: Partial<CompareResult['sweeps'][number]> = {}): CompareResult['sweeps'][number] => ({
  sweepId, workspace: null, name: `s${sweepId}`, method: 'random', status: 'completed', metricName: 'loss', metricGoal: 'minimize',
  bestValue: null, bestTrialId: null, bestParams: null, trialCount: 0, scored: 0, spec, ...o,
})
const trial = (s: number, index: number, params: Record<string, unknown>, value: number | null, endedAt = 1000 * index): CompareResult['trials'][number] =>
  ({ sweep: s, trialId: s * 100 + index + 1, index, status: 'completed', params, value, endedAt })

const result: CompareResult = {
  sweeps: [
    sweep(1, { parameters: { lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 } } }),
    sweep(2, { parameters: { lr: { distribution: 'uniform', min: 0.01, max: 0.1 }, dropout: { distribution: 'uniform', min: 0, max: 0.5 } } }),
  ],
  params: [
    { name: 'lr', shared: true, sides: [{ best: 1e-3, min: 1e-4, max: 1e-2, categories: null, distinct: 3 }, { best: 0.05, min: 0.02, max: 0.05, categories: null, distinct: 2 }] },
    { name: 'dropout', shared: false, sides: [null, { best: 0.1, min: 0.1, max: 0.3, categories: null, distinct: 2 }] },
    { name: 'opt', shared: false, sides: [{ best: 'sgd', min: null, max: null, categories: ['adam', 'sgd'], distinct: 2 }, null] },
  ],
  metric: { name: 'loss', goal: 'minimize' },
  trials: [
    trial(0, 0, { lr: 1e-4, opt: 'adam' }, 0.9), trial(0, 1, { lr: 1e-3, opt: 'sgd' }, 0.1), trial(0, 2, { lr: 1e-2, opt: 'sgd' }, 0.4),
    trial(1, 0, { lr: 0.05, dropout: 0.1 }, 0.3, 5000), trial(1, 1, { lr: 0.02, dropout: 0.3 }, 0.2, 65_000), trial(1, 2, { lr: 0.03, dropout: 0.2 }, null),
  ],
}

describe('compare axes and overlaid parallel coordinates', () => {
  it('puts shared parameters on common axes (log when any sweep draws log) and gives the others an "(absent)" position', () => {
    const axes = buildCompareAxes(result)
    expect(axes.map((a) => [a.key, a.label, a.shared, a.scale.kind])).toEqual([
      ['lr', 'lr (log)', true, 'log'],
      ['dropout', 'dropout (B only)', false, 'linear'],
      ['opt', 'opt (A only)', false, 'categorical'],
      [':metric', 'loss', true, 'linear'],
    ])
    const [, dropout, opt] = axes
    expect(dropout!.ticks!.ticktext[0]).toBe(ABSENT)
    expect(dropout!.absentAt).toBeLessThan(0.1)
    expect(opt!.ticks).toEqual({ tickvals: [-1, 0, 1], ticktext: [ABSENT, 'adam', 'sgd'] })
  })

  it('draws one line per scored trial, coloured by sweep, with absent parameters at their mark', () => {
    const fig = buildCompareParcoords(result)
    expect(fig.drawn).toEqual([3, 2])
    const dims = fig.data.dimensions!
    expect(dims.map((d) => d.label)).toEqual(['lr (log)', 'dropout (B only)', 'opt (A only)', 'loss'])
    expect(dims[2]!.values).toEqual([0, 1, 1, -1, -1])
    expect(dims[1]!.values!.slice(0, 3)).toEqual([fig.axes[1]!.absentAt, fig.axes[1]!.absentAt, fig.axes[1]!.absentAt])
    expect((fig.data.line as { color: number[] }).color).toEqual([0.25, 0.25, 0.25, 0.75, 0.75])
    expect(sweepColorscale(2)).toEqual([[0, seriesColor(0)], [0.5, seriesColor(0)], [0.5, seriesColor(1)], [1, seriesColor(1)]])
  })
})

describe('overlaid history', () => {
  it('gives each sweep its markers and best-so-far line in its colour, by index or by time', () => {
    const byIndex = buildCompareHistory(result, 'index')
    expect(byIndex.data).toHaveLength(4)
    const [a, aBest, b, bBest] = byIndex.data as Array<{ x: number[]; y: number[]; name: string; marker?: { color: string }; line?: { color: string } }>
    expect(a!.name).toBe('A: 1 s1')
    expect(a!.y).toEqual([0.9, 0.1, 0.4])
    expect(aBest!.y).toEqual([0.9, 0.1, 0.1])
    expect(b!.x).toEqual([0, 1])
    expect(a!.marker!.color).toBe(seriesColor(0))
    expect(bBest!.line!.color).toBe(seriesColor(1))
    const byTime = buildCompareHistory(result, 'time').data as Array<{ x: number[] }>
    expect(byTime[2]!.x).toEqual([0, 1])
  })
})
