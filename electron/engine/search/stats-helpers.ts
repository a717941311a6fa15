/** Test-only statistics for the sampler tests (imports vitest; never imported by engine code). */
import { expect } from 'vitest'

/** Kolmogorov–Smirnov distance between the samples' empirical CDF and `cdf`. */
export function ksDistance(samples: ReadonlyArray<number>, cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const n = sorted.length
  let d = 0
  sorted.forEach((x, i) => {
    const f = cdf(x)
    d = Math.max(d, Math.abs((i + 1) / n - f), Math.abs(f - i / n))
  })
  return d
}

/** Critical KS distance at α = 0.001 (1.95 / √n): a correct sampler fails this 1 time in 1000. */
export function expectFollowsCdf(samples: ReadonlyArray<number>, cdf: (x: number) => number): void {
  expect(ksDistance(samples, cdf)).toBeLessThan(1.95 / Math.sqrt(samples.length))
}

export function mean(xs: ReadonlyArray<number>): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

export function variance(xs: ReadonlyArray<number>): number {
  const m = mean(xs)
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)
}

/** Each category's count within 5 binomial standard deviations of n·p. */
export function expectFrequencies(counts: ReadonlyMap<unknown, number>, expected: ReadonlyMap<unknown, number>, n: number): void {
  for (const [value, p] of expected) {
    const count = counts.get(value) ?? 0
    const sd = Math.sqrt(n * p * (1 - p))
    expect(Math.abs(count - n * p), `count of ${String(value)}`).toBeLessThanOrEqual(5 * sd + 1e-9)
  }
  for (const value of counts.keys()) expect(expected.has(value), `unexpected value ${String(value)}`).toBe(true)
}

export function countValues(values: ReadonlyArray<unknown>): Map<unknown, number> {
  const counts = new Map<unknown, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}
