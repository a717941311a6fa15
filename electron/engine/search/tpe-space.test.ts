import { describe, expect, it } from 'vitest'
import type { LeafParameter } from '../../../shared/sweep-spec.ts'
import { leafSpace } from './tpe-space.ts'
import type { NumericSpace } from './tpe-space.ts'

function numeric(p: Partial<LeafParameter> & Pick<LeafParameter, 'distribution'>): NumericSpace {
  const space = leafSpace(p as LeafParameter)
  if (space.kind !== 'numeric') throw new Error('expected a numeric leaf')
  return space
}

/** fromInternal over a fine sweep of the truncation range (or ±6σ when unbounded). */
function valuesOver(space: NumericSpace, n = 2001): number[] {
  const lo = Number.isFinite(space.low) ? space.low : space.priorMu - space.span
  const hi = Number.isFinite(space.high) ? space.high : space.priorMu + space.span
  return Array.from({ length: n }, (_, i) => space.fromInternal(lo + ((hi - lo) * i) / (n - 1)))
}

describe('TPE leaf spaces', () => {
  it('models log-scale parameters on the log of the value, scaled to [0, 1], and maps back inside W&B\'s range', () => {
    const lr = numeric({ distribution: 'log_uniform_values', min: 1e-5, max: 0.1 })
    expect([lr.low, lr.high, lr.priorMu, lr.priorSigma]).toEqual([0, 1, 0.5, 1])
    expect(lr.toInternal(1e-5)).toBeCloseTo(0, 12)
    expect(lr.toInternal(0.1)).toBeCloseTo(1, 12)
    // The geometric mean sits in the middle: that is what modelling on the log means.
    expect(lr.toInternal(Math.sqrt(1e-5 * 0.1))).toBeCloseTo(0.5, 12)
    for (const v of valuesOver(lr)) expect(v >= 1e-5 && v <= 0.1).toBe(true)
    const exp = numeric({ distribution: 'log_uniform', min: -4, max: 0 })
    expect(exp.toInternal(Math.exp(-2))).toBeCloseTo(0.5, 12)
    const inv = numeric({ distribution: 'inv_log_uniform', min: 1, max: 3 })
    // X = exp(-U): the uniform variable is -ln X.
    expect(inv.fromInternal(0.5)).toBeCloseTo(Math.exp(-2), 12)
    expect(inv.toInternal(Math.exp(-2))).toBeCloseTo(0.5, 12)
  })

  it('keeps ranges whose width overflows a double finite', () => {
    const wide = numeric({ distribution: 'uniform', min: -1e308, max: 1e308 })
    expect(wide.toInternal(0)).toBeCloseTo(0.5, 12)
    expect(wide.fromInternal(1)).toBe(1e308)
    for (const v of valuesOver(wide, 11)) expect(Number.isFinite(v)).toBe(true)
  })

  it('gives int_uniform every integer min..max, both ends included, each owning a unit bin', () => {
    const layers = numeric({ distribution: 'int_uniform', min: 1, max: 6 })
    expect(new Set(valuesOver(layers))).toEqual(new Set([1, 2, 3, 4, 5, 6]))
    // [0.5, 6.5] scaled to [0, 1]: the bin of 3 is [2.5, 3.5].
    expect(layers.binOf!(3)).toEqual([1 / 3, 0.5])
  })

  it('quantizes q_* values as W&B does and bins them by ± q/2 in value space', () => {
    const batch = numeric({ distribution: 'q_uniform', min: 16, max: 512, q: 16 })
    for (const v of valuesOver(batch)) expect(v % 16).toBe(0)
    expect(batch.binOf!(128).map((t) => 16 + t * 496)).toEqual([expect.closeTo(120, 9), expect.closeTo(136, 9)])
    const qlog = numeric({ distribution: 'q_log_uniform_values', min: 1, max: 100, q: 5 })
    for (const v of valuesOver(qlog)) expect(v % 5 === 0 && v >= 0 && v <= 100).toBe(true)
    // A bin reaching below 0 starts at ln 0 = -∞.
    expect(qlog.binOf!(0)).toEqual([-Infinity, expect.closeTo(Math.log(2.5) / Math.log(100), 12)])
    const drop = numeric({ distribution: 'q_uniform', min: 0, max: 0.5, q: 0.05 })
    expect(drop.fromInternal(0.6666)).toBe(0.35)
  })

  it('keeps the normal families unbounded, in standard units of their own prior', () => {
    const n = numeric({ distribution: 'normal', mu: 3, sigma: 2 })
    expect([n.low, n.high, n.priorMu, n.priorSigma, n.span]).toEqual([-Infinity, Infinity, 0, 1, 6])
    expect(n.toInternal(7)).toBe(2)
    expect(n.fromInternal(-1)).toBe(1)
    const ln = numeric({ distribution: 'q_log_normal', mu: 0, sigma: 1, q: 0.5 })
    expect(ln.fromInternal(Math.log(1.3))).toBe(1.5)
  })

  it('bounds beta to [0, 1] with a prior of its mean and spread', () => {
    const b = numeric({ distribution: 'beta', a: 2, b: 6 })
    expect([b.low, b.high]).toEqual([0, 1])
    expect(b.priorMu).toBeCloseTo(0.25, 12)
    expect(b.priorSigma).toBeCloseTo(Math.sqrt(12 / (64 * 9)), 12)
    expect(numeric({ distribution: 'q_beta', a: 1, b: 1, q: 0.1 }).fromInternal(0.44)).toBe(0.4)
  })

  it('keeps categorical values with their probabilities as the prior, and constants as they are', () => {
    expect(leafSpace({ distribution: 'categorical', values: ['a', 'b'] })).toEqual({ kind: 'categorical', values: ['a', 'b'], prior: [0.5, 0.5] })
    expect(leafSpace({ distribution: 'categorical', values: [1, 2], probabilities: [0.9, 0.1] })).toMatchObject({ prior: [0.9, 0.1] })
    expect(leafSpace({ distribution: 'constant', value: { depth: 3 } })).toEqual({ kind: 'constant', value: { depth: 3 } })
  })
})
