import { describe, expect, it } from 'vitest'
import { makeTrial } from '../../testing/fake-transport.ts'
import { buildHistoryData } from '../../plots/history-data.ts'
import { buildScatterData } from '../../plots/scatter-data.ts'
import { buildSweepAxes, type AxisInfo } from '../../plots/sweep-axes.ts'
import { markPruned, PRUNED_SYMBOL } from './mark-pruned.ts'

const metric = { key: 'metric', name: 'val_loss', label: 'val_loss', scale: { kind: 'linear' } } as unknown as AxisInfo
const trials = [
  makeTrial({ id: 1, index: 0, finalValue: 0.3, params: { lr: 0.1 } }),
  makeTrial({ id: 2, index: 1, status: 'pruned', prunedAtStep: 40, finalValue: 0.9, params: { lr: 0.001 } }),
  makeTrial({ id: 3, index: 2, finalValue: 0.4, params: { lr: 0.01 } }),
]

describe('markPruned', () => {
  it('draws pruned trials as × with where they stopped in the hover, and leaves the selection ring alone', () => {
    const fig = markPruned(buildHistoryData(trials, metric, { goal: 'minimize', filtered: null, selected: new Set([2]) }), trials)
    const focus = fig.data.find((d) => d.name === 'trial')!
    expect(focus.customdata).toEqual([1, 2, 3])
    expect((focus.marker as { symbol: string[] }).symbol).toEqual(['circle', PRUNED_SYMBOL, 'circle'])
    expect((focus as { text: string[] }).text[1]).toMatch(/pruned at step 40$/)
    expect((focus as { text: string[] }).text[0]).not.toMatch(/pruned/)
    expect((fig.data.find((d) => d.name === 'selected')!.marker as { symbol: string }).symbol).toBe('circle-open')
  })

  it('marks faint filtered-out points too, and returns the figure untouched when nothing was pruned', () => {
    const axes = buildSweepAxes(trials, ['lr'], new Map(), 'val_loss')
    const fig = markPruned(buildScatterData(trials, axes.params[0]!, axes.metric!, { filtered: new Set([1, 3]), selected: new Set() }), trials)
    const context = fig.data.find((d) => d.name === 'filtered out')!
    expect(context.customdata).toEqual([2])
    expect((context.marker as { symbol: string[] }).symbol).toEqual([PRUNED_SYMBOL])
    const plain = buildHistoryData(trials.filter((t) => t.status !== 'pruned'), metric, { goal: 'minimize', filtered: null })
    expect(markPruned(plain, trials.filter((t) => t.status !== 'pruned'))).toBe(plain)
  })
})
