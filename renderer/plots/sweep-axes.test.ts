import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { axisPosition, buildSweepAxes, METRIC_AXIS, rawAxisValue } from './sweep-axes.ts'

describe('buildSweepAxes', () => {
  it('gives every varying parameter an axis, over all trials including unfinished ones', () => {
    const trials = [
      makeTrial({ id: 1, params: { a: 1, b: 'x', c: 5 }, finalValue: null }),
      makeTrial({ id: 2, params: { a: 2, b: 'x', c: 5 }, finalValue: null }),
    ]
    const axes = buildSweepAxes(trials, ['a', 'b', 'c'], new Map(), 'loss')
    expect(axes.params.map((a) => a.key)).toEqual(['a'])
    // No trial has a value yet: no metric axis.
    expect(axes.metric).toBeNull()
    expect([...axes.byKey.keys()]).toEqual(['a'])
  })

  it('counts a conditional parameter present in only some trials as varying when it takes two values', () => {
    const trials = [
      makeTrial({ id: 1, params: { opt: 'sgd', momentum: 0.9 }, finalValue: 1 }),
      makeTrial({ id: 2, params: { opt: 'sgd', momentum: 0.5 }, finalValue: 2 }),
      makeTrial({ id: 3, params: { opt: 'adam' }, finalValue: 3 }),
    ]
    const axes = buildSweepAxes(trials, ['momentum', 'opt'], new Map(), 'loss')
    expect(axes.params.map((a) => a.key)).toEqual(['momentum', 'opt'])
    const momentum = axes.byKey.get('momentum')!
    expect(rawAxisValue(momentum, trials[2]!)).toBeUndefined()
    expect(axisPosition(momentum, trials[2]!)).toBeNull()
    expect(axisPosition(axes.metric!, trials[1]!)).toBe(2)
    expect(axes.byKey.get(METRIC_AXIS)).toBe(axes.metric)
  })

  it('puts a metric spanning decades on a log axis', () => {
    const trials = [1, 2, 3].map((id) => makeTrial({ id, params: { a: id }, finalValue: 10 ** -id }))
    const metric = buildSweepAxes(trials, ['a'], new Map(), 'loss').metric!
    expect(metric.scale.kind).toBe('log')
    expect(metric.label).toBe('loss (log)')
  })
})
