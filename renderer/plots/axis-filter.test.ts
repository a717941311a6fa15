import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { constraintRangeFor, describeFilter, effectiveInterval, filterFromConstraint, matchesFilter } from './axis-filter.ts'
import { buildSweepAxes, METRIC_AXIS } from './sweep-axes.ts'

const trials = [
  makeTrial({ id: 1, params: { lr: 1e-4, opt: 'adam', width: 16 }, finalValue: 0.5 }),
  makeTrial({ id: 2, params: { lr: 1e-3, opt: 'sgd', width: 32 }, finalValue: 0.2 }),
  makeTrial({ id: 3, params: { lr: 1e-1, opt: 'adamw', width: 64 }, finalValue: 0.9 }),
]
const axes = buildSweepAxes(trials, ['lr', 'opt', 'width'], new Map([['lr', { hint: 'log' as const }]]), 'loss')
const lr = axes.byKey.get('lr')!
const opt = axes.byKey.get('opt')!
const width = axes.byKey.get('width')!
const metric = axes.byKey.get(METRIC_AXIS)!

describe('brushes to filters (restyle constraintrange → real units)', () => {
  it('maps a log-axis brush from log10 to real units', () => {
    expect(filterFromConstraint(lr, [[-3.5, -1.5]])).toEqual({ kind: 'range', min: expect.closeTo(10 ** -3.5, 12), max: expect.closeTo(10 ** -1.5, 12) })
    // Unwrapped single range, as a constraintrange given in data.
    expect(filterFromConstraint(width, [20, 40])).toEqual({ kind: 'range', min: 20, max: 40 })
  })

  it('maps categorical brushes (one or several bars) to the categories they cover', () => {
    expect(filterFromConstraint(opt, [[-0.25, 0.25], [1.75, 2.25]])).toEqual({ kind: 'categories', values: ['adam', 'sgd'] })
    expect(filterFromConstraint(opt, [0.75, 2.25])).toEqual({ kind: 'categories', values: ['adamw', 'sgd'] })
    expect(filterFromConstraint(opt, [0.3, 0.6])).toBeNull()
  })

  it('reads a cleared or malformed brush as no filter', () => {
    expect(filterFromConstraint(width, null)).toBeNull()
    expect(filterFromConstraint(width, [])).toBeNull()
    expect(filterFromConstraint(width, [['a', 1]])).toBeNull()
  })

  it('round-trips: a filter drawn as a constraint reads back as the same filter', () => {
    const cats = { kind: 'categories' as const, values: ['adam', 'sgd'] }
    expect(filterFromConstraint(opt, constraintRangeFor(opt, cats))).toEqual(cats)
    const range = { kind: 'range' as const, min: 20, max: 40 }
    expect(filterFromConstraint(width, constraintRangeFor(width, range))).toEqual(range)
    // On a log axis the constraint is snapped to the ticks; reading it back and snapping again is stable.
    const typed = { kind: 'range' as const, min: 3e-4, max: 3e-2 }
    const back = filterFromConstraint(lr, constraintRangeFor(lr, typed))!
    expect(back.kind).toBe('range')
    expect(effectiveInterval(lr, back as typeof typed)).toEqual(effectiveInterval(lr, typed)!.map((v) => expect.closeTo(v, 9)))
  })
})

describe('filters to constraints and predicates', () => {
  it('snaps ranges on ticked (log) axes the way parcoords does, and filters by the snapped range', () => {
    // An end on a tick overshoots a quarter of the gap past it; an end between ticks goes back to
    // the tick inside the range (plus the overshoot).
    const [a, b] = effectiveInterval(lr, { kind: 'range', min: 1e-3, max: 2.5e-3 })!
    expect(a).toBeCloseTo(-3 - 0.25 * (-3 - Math.log10(9e-4)), 10)
    expect(b).toBeCloseTo(Math.log10(2e-3) + 0.25 * (Math.log10(3e-3) - Math.log10(2e-3)), 10)
    expect(matchesFilter(lr, { kind: 'range', min: 1e-3, max: 2.5e-3 }, 1e-3)).toBe(true)
    expect(matchesFilter(lr, { kind: 'range', min: 1e-3, max: 2.5e-3 }, 1e-4)).toBe(false)
  })

  it('keeps open ends open and matches linear ranges exactly', () => {
    const f = { kind: 'range' as const, min: 32, max: null }
    expect(matchesFilter(width, f, 32)).toBe(true)
    expect(matchesFilter(width, f, 31.9)).toBe(false)
    expect(matchesFilter(width, f, 1e9)).toBe(true)
    expect(constraintRangeFor(width, f)).toEqual([32, 64])
    expect(describeFilter(width, f)).toBe('≥ 32')
    expect(describeFilter(width, { kind: 'range', min: null, max: 20 })).toBe('≤ 20')
  })

  it('never matches a missing parameter, and matches categories by label', () => {
    expect(matchesFilter(width, { kind: 'range', min: null, max: null }, undefined)).toBe(false)
    expect(matchesFilter(opt, { kind: 'categories', values: ['sgd'] }, 'sgd')).toBe(true)
    expect(matchesFilter(opt, { kind: 'categories', values: ['sgd'] }, 'adam')).toBe(false)
  })

  it('merges neighbouring categories into one bar', () => {
    expect(constraintRangeFor(opt, { kind: 'categories', values: ['adam', 'adamw'] })).toEqual([-0.25, 1.25])
    expect(constraintRangeFor(opt, { kind: 'categories', values: [] })).toBeUndefined()
  })

  it('draws no bar for a range beside the axis (the table still filters by it)', () => {
    expect(constraintRangeFor(metric, { kind: 'range', min: 5, max: 6 })).toBeUndefined()
    expect(matchesFilter(metric, { kind: 'range', min: 5, max: 6 }, 0.5)).toBe(false)
  })

  it('describes filters in real units', () => {
    expect(describeFilter(opt, { kind: 'categories', values: ['adam', 'sgd'] })).toBe('adam, sgd')
    expect(describeFilter(metric, { kind: 'range', min: 0.2, max: 0.5 })).toBe('0.2 – 0.5')
  })
})
