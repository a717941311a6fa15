import { describe, expect, it } from 'vitest'
import { makeTrial } from '../testing/fake-transport.ts'
import { chooseAxisScale, logTicks } from './axis-scale.ts'
import { buildParcoordsData, paramNames } from './parcoords-data.ts'

const trials = [
  makeTrial({ id: 11, params: { lr: 1e-4, optimizer: 'sgd', layers: 2, epochs: 10 }, finalValue: 0.9 }),
  makeTrial({ id: 12, params: { lr: 1e-2, optimizer: 'adam', layers: 10, epochs: 10 }, finalValue: 0.3 }),
  makeTrial({ id: 13, params: { lr: 1e-1, optimizer: 'adamw', layers: 3, epochs: 20 }, finalValue: 0.5 }),
  // No metric value yet (running): not drawn.
  makeTrial({ id: 14, status: 'running', params: { lr: 1e-3, optimizer: 'sgd', layers: 2, epochs: 10 }, finalValue: null }),
]

describe('buildParcoordsData', () => {
  const fig = buildParcoordsData(trials, ['epochs', 'layers', 'lr', 'optimizer'], { name: 'val_loss', goal: 'minimize' })
  const dims = fig.data.dimensions!

  it('draws one line per trial with a metric value, in a known order', () => {
    expect(fig.trialIds).toEqual([11, 12, 13])
    expect(dims).toHaveLength(5)
    expect(dims[4]).toEqual({ label: 'val_loss', values: [0.9, 0.3, 0.5] })
  })

  it('puts categorical params on labelled axes with sorted categories', () => {
    const opt = dims[3]!
    expect(opt.ticktext).toEqual(['adam', 'adamw', 'sgd'])
    expect(opt.tickvals).toEqual([0, 1, 2])
    expect(opt.values).toEqual([2, 0, 1])
    expect(opt.range).toEqual([0, 2])
  })

  it('uses a log axis for positive params spanning more than two decades, linear otherwise', () => {
    const lr = dims[2]!
    expect(lr.label).toBe('lr (log)')
    expect(lr.values).toEqual([-4, -2, -1].map((v) => expect.closeTo(v, 10)))
    expect(lr.range).toEqual([expect.closeTo(-4, 10), expect.closeTo(-1, 10)])
    expect(lr.ticktext).toContain('1e-4')
    expect(lr.ticktext).toContain('0.01')
    expect(dims[0]).toEqual({ label: 'epochs', values: [10, 10, 20] })
    // 2..10 is under two decades: linear.
    expect(dims[1]!.label).toBe('layers')
    expect(fig.scales.map((s) => s.kind)).toEqual(['linear', 'linear', 'log', 'categorical'])
  })

  it('colours lines by the metric, best bright', () => {
    expect(fig.data.type).toBe('parcoords')
    expect(fig.data.line?.color).toEqual([0.9, 0.3, 0.5])
    expect(fig.data.line?.reversescale).toBe(true)
    const max = buildParcoordsData(trials, ['lr'], { name: 'acc', goal: 'maximize' })
    expect(max.data.line?.reversescale).toBe(false)
  })

  it('skips trials missing a parameter (conditional ones) and handles no trials', () => {
    const mixed = [...trials, makeTrial({ id: 15, params: { lr: 0.5 }, finalValue: 0.1 })]
    expect(buildParcoordsData(mixed, ['lr', 'optimizer'], { name: 'm', goal: 'minimize' }).trialIds).toEqual([11, 12, 13])
    const empty = buildParcoordsData([], ['lr'], { name: 'm', goal: 'minimize' })
    expect(empty.trialIds).toEqual([])
    // With no trials nothing varies: only the metric axis is left.
    expect(empty.data.dimensions).toHaveLength(1)
  })

  it('leaves out a parameter that has one value in every drawn trial, and colours by the final value', () => {
    const fixed = [11, 12, 13].map((id) => makeTrial({ id, params: { lr: id / 100, epochs: 40 }, finalValue: id, bestValue: 0 }))
    const fig = buildParcoordsData(fixed, ['lr', 'epochs'], { name: 'm', goal: 'minimize' })
    expect(fig.data.dimensions?.map((d) => d.label)).toEqual(['lr', 'm'])
    expect(fig.data.line?.color).toEqual([11, 12, 13])
  })

  it('lists parameter names across trials', () => {
    expect(paramNames([makeTrial({ params: { b: 1 } }), makeTrial({ params: { a: 1, b: 2 } })])).toEqual(['a', 'b'])
  })
})

describe('chooseAxisScale', () => {
  it('sorts numbers-in-strings numerically and treats booleans and mixed values as categories', () => {
    expect(chooseAxisScale(['10', '2', '1'])).toEqual({ kind: 'categorical', categories: ['1', '2', '10'] })
    expect(chooseAxisScale([true, false])).toEqual({ kind: 'categorical', categories: ['false', 'true'] })
    expect(chooseAxisScale([1, 'a']).kind).toBe('categorical')
  })
  it('keeps a linear axis when values include zero or negatives, however wide', () => {
    expect(chooseAxisScale([0, 1e6]).kind).toBe('linear')
    expect(chooseAxisScale([-1, 1000]).kind).toBe('linear')
    expect(chooseAxisScale([1, 100]).kind).toBe('linear')
    expect(chooseAxisScale([1, 101]).kind).toBe('log')
  })
  it('ticks log axes at 1-2-5, or only powers of ten over many decades', () => {
    expect(logTicks(1, 100).ticktext).toEqual(['1', '2', '5', '10', '20', '50', '100'])
    expect(logTicks(1e-8, 1).ticktext).toEqual(['1e-8', '1e-7', '1e-6', '1e-5', '1e-4', '0.001', '0.01', '0.1', '1'])
  })
})
