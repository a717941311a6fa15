import { describe, expect, it } from 'vitest'
import type { LeafParameter } from '../../../shared/sweep-spec.ts'
import { decimalPlaces } from './decimal.ts'
import { sampleLeaf } from './distributions.ts'
import { createRng } from './rng.ts'
import { countValues, expectFollowsCdf, expectFrequencies, mean, variance } from './stats-helpers.ts'

const N = 20_000

function draw(p: LeafParameter, n = N, seed = 11): unknown[] {
  const rng = createRng(seed, 0)
  return Array.from({ length: n }, () => sampleLeaf(p, rng))
}

function drawNumbers(p: LeafParameter, n = N): number[] {
  return draw(p, n) as number[]
}

function expectInRange(xs: ReadonlyArray<number>, lo: number, hi: number): void {
  expect(Math.min(...xs)).toBeGreaterThanOrEqual(lo)
  expect(Math.max(...xs)).toBeLessThanOrEqual(hi)
}

function expectMultiplesOf(xs: ReadonlyArray<number>, q: number): void {
  for (const x of xs) expect(Math.abs(x / q - Math.round(x / q))).toBeLessThan(1e-9)
  // Printed at q's precision: 0.30000000000000004 would be 17 decimals.
  for (const x of xs) expect(decimalPlaces(x)).toBeLessThanOrEqual(decimalPlaces(q))
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * z)
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z)
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

describe('sampleLeaf', () => {
  it('uniform: within [min, max], flat', () => {
    const xs = drawNumbers({ distribution: 'uniform', min: -2, max: 6 })
    expectInRange(xs, -2, 6)
    expectFollowsCdf(xs, (x) => (x + 2) / 8)
    expect(mean(xs)).toBeCloseTo(2, 1)
    expect(variance(xs) / (64 / 12)).toBeGreaterThan(0.95)
    expect(variance(xs) / (64 / 12)).toBeLessThan(1.05)
  })

  it('int_uniform: integers, both ends hit, each equally often', () => {
    const xs = drawNumbers({ distribution: 'int_uniform', min: -3, max: 4 })
    expect(xs.every(Number.isInteger)).toBe(true)
    expectFrequencies(countValues(xs), new Map([-3, -2, -1, 0, 1, 2, 3, 4].map((v) => [v, 1 / 8])), N)
  })

  it('q_uniform: round(U(min, max) / q) * q, clean multiples of q', () => {
    const xs = drawNumbers({ distribution: 'q_uniform', min: 0, max: 1, q: 0.1 })
    expectMultiplesOf(xs, 0.1)
    // Ends get half weight: round() maps [0, 0.05) to 0 and [0.95, 1] to 1.
    const expected = new Map(Array.from({ length: 11 }, (_, i) => [Number((i / 10).toFixed(1)), i === 0 || i === 10 ? 0.05 : 0.1]))
    expectFrequencies(countValues(xs), expected, N)
  })

  it('log_uniform: min and max are natural-log exponents; log of samples is uniform', () => {
    const xs = drawNumbers({ distribution: 'log_uniform', min: -9, max: -2 })
    expectInRange(xs, Math.exp(-9), Math.exp(-2))
    expectFollowsCdf(xs.map(Math.log), (y) => (y + 9) / 7)
  })

  it('log_uniform_values: bounds are values; log of samples is uniform between ln min and ln max', () => {
    const xs = drawNumbers({ distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 })
    expectInRange(xs, 1e-5, 1e-1)
    expectFollowsCdf(xs.map(Math.log), (y) => (y - Math.log(1e-5)) / (Math.log(1e-1) - Math.log(1e-5)))
    // A flat sampler would put ~90% of draws in the top decade; log-uniform puts 25%.
    expect(xs.filter((x) => x > 1e-2).length / N).toBeCloseTo(0.25, 1)
  })

  it('q_log_uniform_values: log-uniform values rounded to multiples of q', () => {
    const xs = drawNumbers({ distribution: 'q_log_uniform_values', min: 32, max: 256, q: 8 })
    expectMultiplesOf(xs, 8)
    expectInRange(xs, 32, 256)
    expect(xs.filter((x) => x <= 64).length / N).toBeCloseTo(1 / 3, 1)
  })

  it('q_log_uniform: exponent bounds, quantized', () => {
    const xs = drawNumbers({ distribution: 'q_log_uniform', min: Math.log(1), max: Math.log(1000), q: 1 })
    expect(xs.every(Number.isInteger)).toBe(true)
    expectInRange(xs, 1, 1000)
  })

  it('inv_log_uniform: X = exp(-U(min, max)), so log(1/X) is uniform over [min, max]', () => {
    const xs = drawNumbers({ distribution: 'inv_log_uniform', min: 1, max: 5 })
    expectInRange(xs, Math.exp(-5), Math.exp(-1))
    expectFollowsCdf(xs.map((x) => Math.log(1 / x)), (y) => (y - 1) / 4)
  })

  it('inv_log_uniform_values: log(1/X) uniform over [ln 1/max, ln 1/min], i.e. X log-uniform in [min, max]', () => {
    const xs = drawNumbers({ distribution: 'inv_log_uniform_values', min: 0.001, max: 10 })
    expectInRange(xs, 0.001, 10)
    expectFollowsCdf(xs.map((x) => Math.log(1 / x)), (y) => (y - Math.log(1 / 10)) / (Math.log(1 / 0.001) - Math.log(1 / 10)))
  })

  it('normal: mean mu, standard deviation sigma, Gaussian shape', () => {
    const xs = drawNumbers({ distribution: 'normal', mu: 100, sigma: 10 })
    expect(mean(xs)).toBeCloseTo(100, 0)
    expect(Math.sqrt(variance(xs)) / 10).toBeCloseTo(1, 1)
    expectFollowsCdf(xs, (x) => normalCdf((x - 100) / 10))
  })

  it('q_normal: normal draws rounded to multiples of q', () => {
    const xs = drawNumbers({ distribution: 'q_normal', mu: 0, sigma: 3, q: 0.5 })
    expectMultiplesOf(xs, 0.5)
    expect(mean(xs)).toBeCloseTo(0, 0)
  })

  it('log_normal: exp(N(mu, sigma)); the log of samples is normal', () => {
    const xs = drawNumbers({ distribution: 'log_normal', mu: -1, sigma: 0.5 })
    expect(Math.min(...xs)).toBeGreaterThan(0)
    expectFollowsCdf(xs.map(Math.log), (y) => normalCdf((y + 1) / 0.5))
  })

  it('q_log_normal: positive multiples of q', () => {
    const xs = drawNumbers({ distribution: 'q_log_normal', mu: 3, sigma: 1, q: 2 })
    expectMultiplesOf(xs, 2)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
  })

  it('beta: in [0, 1] with mean a/(a+b) and the beta variance', () => {
    const xs = drawNumbers({ distribution: 'beta', a: 2, b: 5 })
    expectInRange(xs, 0, 1)
    expect(mean(xs)).toBeCloseTo(2 / 7, 2)
    expect(variance(xs) / (10 / (49 * 8))).toBeGreaterThan(0.93)
    expect(variance(xs) / (10 / (49 * 8))).toBeLessThan(1.07)
    // Beta(1, 1) is uniform; Beta(0.5, 0.5) is the arcsine law.
    expectFollowsCdf(drawNumbers({ distribution: 'beta', a: 1, b: 1 }), (x) => x)
    expectFollowsCdf(drawNumbers({ distribution: 'beta', a: 0.5, b: 0.5 }), (x) => (2 / Math.PI) * Math.asin(Math.sqrt(x)))
  })

  it('q_beta: quantized beta draws', () => {
    const xs = drawNumbers({ distribution: 'q_beta', a: 1, b: 1, q: 0.25 })
    expectMultiplesOf(xs, 0.25)
    expectInRange(xs, 0, 1)
  })

  it('categorical: uniform over values without probabilities', () => {
    const xs = draw({ distribution: 'categorical', values: ['a', 'b', 'c'] })
    expectFrequencies(countValues(xs), new Map([['a', 1 / 3], ['b', 1 / 3], ['c', 1 / 3]]), N)
  })

  it('categorical: frequencies follow probabilities, and a zero-probability value never comes up', () => {
    const xs = draw({ distribution: 'categorical', values: [1, 2, 3, 4], probabilities: [0.1, 0, 0.6, 0.3] })
    expectFrequencies(countValues(xs), new Map([[1, 0.1], [3, 0.6], [4, 0.3]]), N)
  })

  it('constant: the value, copied so trials cannot share a mutable object', () => {
    const p: LeafParameter = { distribution: 'constant', value: { layers: [1, 2] } }
    const [a, b] = draw(p, 2) as Array<{ layers: number[] }>
    expect(a).toEqual({ layers: [1, 2] })
    a?.layers.push(3)
    expect(b).toEqual({ layers: [1, 2] })
    expect(p.value).toEqual({ layers: [1, 2] })
  })
})
