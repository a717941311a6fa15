import { describe, expect, it } from 'vitest'
import type { LeafParameter } from '../../../shared/sweep-spec.ts'
import { normalCdf } from './normal-math.ts'
import { buildCategoricalParzen, buildNumericParzen, numericLogMass, numericLogPdf, sampleCategorical, sampleNumeric } from './parzen.ts'
import type { NumericParzen } from './parzen.ts'
import { createRng } from './rng.ts'
import { countValues, expectFollowsCdf, expectFrequencies } from './stats-helpers.ts'
import { leafSpace } from './tpe-space.ts'
import type { CategoricalSpace, NumericSpace } from './tpe-space.ts'

function numeric(p: Partial<LeafParameter> & Pick<LeafParameter, 'distribution'>): NumericSpace {
  const space = leafSpace(p as LeafParameter)
  if (space.kind !== 'numeric') throw new Error('expected a numeric leaf')
  return space
}

/** ∫ exp(logPdf) over [a, b] by the midpoint rule. */
function integrate(est: NumericParzen, a: number, b: number, steps = 20_000): number {
  const h = (b - a) / steps
  let sum = 0
  for (let i = 0; i < steps; i++) sum += Math.exp(numericLogPdf(est, a + (i + 0.5) * h)) * h
  return sum
}

/** The mixture's CDF, written out from its definition. */
function mixtureCdf(est: NumericParzen, x: number): number {
  let f = 0
  for (let k = 0; k < est.mus.length; k++) {
    const mu = est.mus[k] as number
    const s = est.sigmas[k] as number
    const lo = normalCdf((est.low - mu) / s)
    const z = normalCdf((est.high - mu) / s) - lo
    f += ((est.weights[k] as number) * (normalCdf((Math.min(x, est.high) - mu) / s) - lo)) / z
  }
  return f
}

const UNIT = numeric({ distribution: 'uniform', min: 0, max: 1 })

describe('TPE numeric Parzen density', () => {
  it('puts one kernel on each observation and one prior kernel at the centre, as wide as the range', () => {
    const est = buildNumericParzen(UNIT, [0.2, 0.3, 0.9], [1, 1, 1], 1)
    expect([...est.mus]).toEqual([0.2, 0.3, 0.9, 0.5])
    expect(est.sigmas[3]).toBe(1)
    expect([...est.weights]).toEqual([0.25, 0.25, 0.25, 0.25])
  })

  it('sets bandwidths by the larger neighbour gap, inner gap at the ends, clipped to [span/min(100, n+1), span]', () => {
    // Sorted with the prior: 0.2, 0.3, 0.5 (prior), 0.9. n = 4, so the floor is 1/5.
    const est = buildNumericParzen(UNIT, [0.2, 0.3, 0.9], [1, 1, 1], 1)
    // 0.2: outermost, inner gap 0.1 → clipped up to 0.2; 0.3: max(0.1, 0.2) = 0.2; 0.9: inner gap 0.4.
    expect(est.sigmas[0]).toBeCloseTo(0.2, 12)
    expect(est.sigmas[1]).toBeCloseTo(0.2, 12)
    expect(est.sigmas[2]).toBeCloseTo(0.4, 12)
    const many = buildNumericParzen(UNIT, Array.from({ length: 300 }, (_, i) => i / 299), Array(300).fill(1) as number[], 1)
    expect(Math.min(...many.sigmas)).toBeCloseTo(1 / 100, 12)
  })

  it('equals the weighted mixture of truncated Gaussians at a point', () => {
    const est = buildNumericParzen(UNIT, [0.2], [1], 1)
    // Kernels: N(0.2, 1/3) (inner gap to the prior at 0.5 is 0.3, clipped up to span / (n + 1) with n = 2) and N(0.5, 1), each truncated to [0, 1].
    const phi = (x: number, mu: number, s: number): number => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI))
    const z = (mu: number, s: number): number => normalCdf((1 - mu) / s) - normalCdf((0 - mu) / s)
    const s0 = est.sigmas[0] as number
    expect(s0).toBeCloseTo(1 / 3, 12)
    const expected = 0.5 * phi(0.7, 0.2, s0) / z(0.2, s0) + 0.5 * phi(0.7, 0.5, 1) / z(0.5, 1)
    expect(Math.exp(numericLogPdf(est, 0.7))).toBeCloseTo(expected, 6)
    expect(numericLogPdf(est, 1.01)).toBe(-Infinity)
  })

  it('integrates to 1 over its range, bounded or not', () => {
    const bounded = buildNumericParzen(UNIT, [0.01, 0.02, 0.5, 0.99], [0.3, 1, 1, 1], 1)
    expect(integrate(bounded, 0, 1)).toBeCloseTo(1, 4)
    const normal = numeric({ distribution: 'normal', mu: 2, sigma: 0.5 })
    const unbounded = buildNumericParzen(normal, [1.5, 2.9, 4].map(normal.toInternal), [1, 1, 1], 2)
    expect(integrate(unbounded, -10, 14, 50_000)).toBeCloseTo(1, 4)
    const logLeaf = numeric({ distribution: 'log_uniform_values', min: 1e-5, max: 1 })
    const onLogs = buildNumericParzen(logLeaf, [1e-3, 0.5].map(logLeaf.toInternal), [1, 1], 1)
    expect(integrate(onLogs, logLeaf.low, logLeaf.high)).toBeCloseTo(1, 4)
  })

  it('gives the bins of a quantized leaf masses that sum to 1', () => {
    const ints = numeric({ distribution: 'int_uniform', min: 1, max: 6 })
    const est = buildNumericParzen(ints, [2, 2, 5].map(ints.toInternal), [1, 1, 1], 1)
    const masses = [1, 2, 3, 4, 5, 6].map((k) => Math.exp(numericLogMass(est, ...ints.binOf!(k))))
    expect(masses.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(masses[1]).toBeGreaterThan(masses[3] as number)
    const q = numeric({ distribution: 'q_log_uniform_values', min: 1, max: 100, q: 5 })
    const qEst = buildNumericParzen(q, [q.toInternal(20)], [1], 1)
    // W&B's values of this leaf: 0, 5, …, 100 (quantize(exp(u), 5) for u in [ln 1, ln 100]).
    const qMasses = Array.from({ length: 21 }, (_, i) => Math.exp(numericLogMass(qEst, ...q.binOf!(5 * i))))
    expect(qMasses.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
  })

  it('draws samples that follow its own CDF', () => {
    const est = buildNumericParzen(UNIT, [0.05, 0.1, 0.7], [1, 0.5, 1], 1)
    const rng = createRng(7, 0)
    const xs = Array.from({ length: 4000 }, () => sampleNumeric(est, rng))
    for (const x of xs) expect(x >= 0 && x <= 1).toBe(true)
    expectFollowsCdf(xs, (x) => mixtureCdf(est, x))
  })

  it('samples a kernel whose mass inside the range is in the far tail without leaving the range', () => {
    const est = buildNumericParzen(numeric({ distribution: 'uniform', min: 0, max: 1 }), [1], [1], 1e-9)
    const shifted: NumericParzen = { ...est, mus: Float64Array.from([60, 60]), sigmas: Float64Array.from([1, 1]) }
    const rng = createRng(1, 0)
    for (let i = 0; i < 100; i++) {
      const x = sampleNumeric(shifted, rng)
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(1)
    }
  })
})

describe('TPE categorical Parzen density', () => {
  const space: CategoricalSpace = { kind: 'categorical', values: ['a', 'b', 'c', 'd'], prior: [0.25, 0.25, 0.25, 0.25] }

  it('is the observation counts plus the prior spread by its probabilities, normalized', () => {
    const p = buildCategoricalParzen(space, [0, 0, 2], [1, 1, 1], 1)
    expect([...p].map((x) => x * 4)).toEqual([2.25, 0.25, 1.25, 0.25])
    const weighted = buildCategoricalParzen({ ...space, prior: [0.7, 0.1, 0.1, 0.1] }, [3], [0.5], 2)
    expect([...weighted].map((x) => x * 2.5)).toEqual([1.4, 0.2, 0.2, 0.7].map((x) => expect.closeTo(x, 12)))
  })

  it('draws each value with its probability', () => {
    const p = buildCategoricalParzen(space, [1, 1, 3], [1, 1, 1], 1)
    const rng = createRng(3, 0)
    const n = 20_000
    const counts = countValues(Array.from({ length: n }, () => sampleCategorical(p, rng)))
    expectFrequencies(counts, new Map([...p].map((q, i) => [i, q])), n)
  })
})
