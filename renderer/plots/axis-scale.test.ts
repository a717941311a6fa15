import { describe, expect, it } from 'vitest'
import { chooseAxisScale, fromAxisValue, logAxisTicks, logTicks, niceTicks, toAxisValue } from './axis-scale.ts'

describe('chooseAxisScale', () => {
  it('sorts numbers-in-strings numerically and treats booleans and mixed values as categories', () => {
    expect(chooseAxisScale(['10', '2', '1'])).toEqual({ kind: 'categorical', categories: ['1', '2', '10'] })
    expect(chooseAxisScale([true, false])).toEqual({ kind: 'categorical', categories: ['false', 'true'] })
    expect(chooseAxisScale([1, 'a']).kind).toBe('categorical')
  })
  it('keeps a linear axis when values include zero or negatives, however wide', () => {
    expect(chooseAxisScale([0, 1e6]).kind).toBe('linear')
    expect(chooseAxisScale([-1, 1000]).kind).toBe('linear')
    expect(chooseAxisScale([1, 99]).kind).toBe('linear')
    expect(chooseAxisScale([1e-3, 1e-2, 1e-1]).kind).toBe('log')
  })
  it('lets a hint from the distribution decide, falling back when a log hint meets a non-positive value', () => {
    expect(chooseAxisScale([1e-3, 2e-3], 'log')).toEqual({ kind: 'log', min: 1e-3, max: 2e-3 })
    expect(chooseAxisScale([1, 1e6], 'linear').kind).toBe('linear')
    expect(chooseAxisScale([0, 1e-3], 'log').kind).toBe('linear')
    expect(chooseAxisScale(['a', 'b'], 'log').kind).toBe('categorical')
  })
  it('widens the range to the distribution bounds', () => {
    expect(chooseAxisScale([0.2, 0.4], 'linear', { min: 0, max: 1 })).toEqual({ kind: 'linear', min: 0, max: 1 })
    expect(chooseAxisScale([1e-3], 'log', { min: 1e-5, max: 1e-1 })).toEqual({ kind: 'log', min: 1e-5, max: 1e-1 })
  })
})

describe('axis values', () => {
  it('maps values to axis units and back', () => {
    const log = chooseAxisScale([1e-4, 1], 'log')
    expect(toAxisValue(log, 1e-3)).toBeCloseTo(-3, 12)
    expect(fromAxisValue(log, -3)).toBeCloseTo(1e-3, 15)
    expect(toAxisValue(log, 0)).toBeNull()
    const cat = chooseAxisScale(['b', 'a'])
    expect(toAxisValue(cat, 'b')).toBe(1)
    expect(toAxisValue(cat, 'zzz')).toBeNull()
    expect(toAxisValue(chooseAxisScale([1, 2]), 'x')).toBeNull()
  })
})

describe('ticks', () => {
  it('ticks log axes at 1-2-5, or only powers of ten over many decades', () => {
    expect(logTicks(1, 100).ticktext).toEqual(['1', '2', '5', '10', '20', '50', '100'])
    expect(logTicks(1e-8, 1).ticktext).toEqual(['1e-8', '1e-7', '1e-6', '1e-5', '1e-4', '0.001', '0.01', '0.1', '1'])
  })

  it('gives parcoords log axes a tick on every mantissa and a range that encloses the data', () => {
    const t = logAxisTicks(3e-4, 0.02)
    expect(t.range[0]).toBeCloseTo(Math.log10(3e-4), 12)
    expect(t.range[1]).toBeCloseTo(Math.log10(0.02), 12)
    const t2 = logAxisTicks(2.5e-4, 0.015)
    expect(10 ** t2.range[0]).toBeCloseTo(2e-4, 15)
    expect(10 ** t2.range[1]).toBeCloseTo(0.02, 12)
    expect(t2.tickvals.every((v, i) => i === 0 || v > t2.tickvals[i - 1]!)).toBe(true)
  })

  it('labels the ends of a log axis narrower than a decade', () => {
    const t = logAxisTicks(3e-3, 4e-3)
    expect(t.ticktext).toEqual(['0.003', '0.004'])
  })

  it('uses powers of ten alone over more than ten decades', () => {
    const t = logAxisTicks(1e-12, 1)
    expect(t.tickvals).toHaveLength(13)
    expect(t.ticktext[0]).toBe('1e-12')
  })

  it('picks round linear ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(-0.93, -0.31)).toEqual([-0.8, -0.6, -0.4])
    expect(niceTicks(3, 3)).toEqual([3])
  })
})
