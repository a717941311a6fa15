import { describe, expect, it } from 'vitest'
import { makeTrial } from '../../testing/fake-transport.ts'
import { constraintRangeFor } from '../../plots/axis-filter.ts'
import { buildParcoordsData } from '../../plots/parcoords-data.ts'
import { parseParcoordsRestyle } from '../../plots/parcoords-events.ts'
import { buildSweepAxes, METRIC_AXIS } from '../../plots/sweep-axes.ts'
import { actionForRestyle, baseTrials, filterTrials, hasActiveFilters, initialSelection, selectionReducer, topKIds, type SelectionState } from './selection.ts'

const trials = [
  makeTrial({ id: 1, index: 0, params: { lr: 1e-4, opt: 'adam' }, finalValue: 0.9 }),
  makeTrial({ id: 2, index: 1, params: { lr: 1e-3, opt: 'sgd' }, finalValue: 0.2 }),
  makeTrial({ id: 3, index: 2, params: { lr: 1e-2, opt: 'adam' }, finalValue: 0.5, status: 'failed', failureReason: 'oom', failureNote: 'out of memory: exit code 137' }),
  makeTrial({ id: 4, index: 3, params: { lr: 1e-1, opt: 'sgd' }, finalValue: null, status: 'running' }),
]
const axes = buildSweepAxes(trials, ['lr', 'opt'], new Map([['lr', { hint: 'log' as const }]]), 'loss')
const ids = (ts: { id: number }[]) => ts.map((t) => t.id)
const with_ = (over: Partial<SelectionState>) => ({ ...initialSelection, ...over })

describe('selectionReducer', () => {
  it('sets and clears filters; an empty category list clears', () => {
    let s = selectionReducer(initialSelection, { type: 'set-filter', key: 'opt', filter: { kind: 'categories', values: ['sgd'] } })
    expect(s.filters).toEqual({ opt: { kind: 'categories', values: ['sgd'] } })
    s = selectionReducer(s, { type: 'set-filter', key: 'opt', filter: { kind: 'categories', values: [] } })
    expect(s.filters).toEqual({})
    s = selectionReducer(s, { type: 'set-filter', key: 'lr', filter: { kind: 'range', min: 1, max: 2 } })
    expect(selectionReducer(s, { type: 'set-filter', key: 'lr', filter: null }).filters).toEqual({})
  })

  it('toggles failure reasons, and clearing filters clears them', () => {
    let s = selectionReducer(initialSelection, { type: 'toggle-reason', reason: 'oom' })
    s = selectionReducer(s, { type: 'toggle-reason', reason: 'timeout' })
    expect(s.reasons).toEqual(['oom', 'timeout'])
    expect(selectionReducer(s, { type: 'toggle-reason', reason: 'oom' }).reasons).toEqual(['timeout'])
    expect(selectionReducer(s, { type: 'clear-filters' }).reasons).toEqual([])
  })

  it('toggles statuses and selection, and clears filters but keeps the selection', () => {
    let s = selectionReducer(initialSelection, { type: 'toggle-status', status: 'failed' })
    s = selectionReducer(s, { type: 'toggle-selected', trialId: 3 })
    s = selectionReducer(s, { type: 'set-top-k', topK: 0.25 })
    expect(s.statuses).toEqual(['failed'])
    expect(hasActiveFilters(s)).toBe(true)
    s = selectionReducer(s, { type: 'clear-filters' })
    expect(hasActiveFilters(s)).toBe(false)
    expect(s.selected).toEqual([3])
    expect(selectionReducer(s, { type: 'toggle-selected', trialId: 3 }).selected).toEqual([])
    expect(selectionReducer(s, { type: 'set-selected', trialIds: [1, 1, 2] }).selected).toEqual([1, 2])
    expect(selectionReducer(s, { type: 'add-selected', trialId: 3 })).toBe(s)
    expect(selectionReducer(s, { type: 'add-selected', trialId: 4 }).selected).toEqual([3, 4])
  })

  it('returns the same state for an unchanged hover, so mouse moves do not re-render', () => {
    const s = selectionReducer(initialSelection, { type: 'hover', trialId: 2 })
    expect(selectionReducer(s, { type: 'hover', trialId: 2 })).toBe(s)
    expect(selectionReducer(s, { type: 'hover', trialId: null }).hovered).toBeNull()
  })
})

describe('filtering', () => {
  it('keeps the top fraction by the metric, respecting the goal, and at least one trial', () => {
    expect([...topKIds(trials, 'minimize', 0.5)!]).toEqual([2, 3])
    expect([...topKIds(trials, 'maximize', 0.25)!]).toEqual([1])
    expect([...topKIds(trials, 'minimize', 0.01)!]).toEqual([2])
    expect(topKIds(trials, 'minimize', 1)).toBeNull()
  })

  it('applies status, top-k and every axis filter together', () => {
    expect(ids(filterTrials(trials, initialSelection, axes, 'minimize'))).toEqual([1, 2, 3, 4])
    expect(ids(filterTrials(trials, with_({ statuses: ['failed', 'running'] }), axes, 'minimize'))).toEqual([3, 4])
    expect(ids(filterTrials(trials, with_({ reasons: ['oom'] }), axes, 'minimize'))).toEqual([3])
    expect(hasActiveFilters(with_({ reasons: ['oom'] }))).toBe(true)
    expect(ids(filterTrials(trials, with_({ filters: { opt: { kind: 'categories', values: ['adam'] } } }), axes, 'minimize'))).toEqual([1, 3])
    // A metric filter drops trials without a value.
    expect(ids(filterTrials(trials, with_({ filters: { [METRIC_AXIS]: { kind: 'range', min: 0, max: 0.6 } } }), axes, 'minimize'))).toEqual([2, 3])
    expect(ids(filterTrials(trials, with_({ topK: 0.5, filters: { opt: { kind: 'categories', values: ['adam'] } } }), axes, 'minimize'))).toEqual([3])
    expect(ids(baseTrials(trials, with_({ topK: 0.5, filters: { opt: { kind: 'categories', values: ['adam'] } } }), 'minimize'))).toEqual([2, 3])
  })

  it('ignores a filter on an axis the sweep no longer has', () => {
    expect(ids(filterTrials(trials, with_({ filters: { gone: { kind: 'range', min: 0, max: 1 } } }), axes, 'minimize'))).toEqual([1, 2, 3, 4])
  })
})

describe('brushing and range filters are one state (both ways)', () => {
  const drawn = buildParcoordsData(trials, axes, { goal: 'minimize' }).axes

  it('turns a log-axis brush event into a filter in real units that filters the table', () => {
    const lrDim = drawn.findIndex((a) => a.key === 'lr')
    const [ev] = parseParcoordsRestyle([{ [`dimensions[${lrDim}].constraintrange`]: [[-3.2, -1.8]] }, [0]])
    const action = actionForRestyle(drawn, ev!)!
    const s = selectionReducer(initialSelection, action)
    expect(s.filters.lr).toEqual({ kind: 'range', min: expect.closeTo(10 ** -3.2, 12), max: expect.closeTo(10 ** -1.8, 12) })
    expect(ids(filterTrials(trials, s, axes, 'minimize'))).toEqual([2, 3])
  })

  it('turns a categorical brush into categories, and a cleared brush into no filter', () => {
    const optDim = drawn.findIndex((a) => a.key === 'opt')
    const s = selectionReducer(initialSelection, actionForRestyle(drawn, { kind: 'constraint', dimension: optDim, constraint: [0.75, 1.25] })!)
    expect(s.filters.opt).toEqual({ kind: 'categories', values: ['sgd'] })
    const cleared = selectionReducer(s, actionForRestyle(drawn, { kind: 'constraint', dimension: optDim, constraint: null })!)
    expect(cleared.filters).toEqual({})
  })

  it('shows a range typed in the table as the constraint range on its parcoords axis', () => {
    const s = selectionReducer(initialSelection, { type: 'set-filter', key: METRIC_AXIS, filter: { kind: 'range', min: 0.3, max: 0.95 } })
    const fig = buildParcoordsData(baseTrials(trials, s, 'minimize'), axes, { goal: 'minimize', filters: s.filters })
    const metricDim = fig.data.dimensions![fig.axes.findIndex((a) => a.key === METRIC_AXIS)]!
    expect(metricDim.constraintrange).toEqual([0.3, 0.9])
    expect(metricDim.constraintrange).toEqual(constraintRangeFor(axes.metric!, s.filters[METRIC_AXIS]))
  })

  it('turns an axis drag into the parameter order, leaving the metric out', () => {
    const labels = [...drawn].reverse().map((a) => a.label)
    expect(actionForRestyle(drawn, { kind: 'order', labels })).toEqual({ type: 'set-axis-order', order: ['opt', 'lr'] })
    expect(actionForRestyle(drawn, { kind: 'constraint', dimension: 99, constraint: null })).toBeNull()
  })
})
