import { describe, expect, it } from 'vitest'
import { logSumExp, normalCdf, normalMass, normalQuantile } from './normal-math.ts'

describe('normal math', () => {
  it('matches tabulated values of Φ', () => {
    // Abramowitz & Stegun table 26.1.
    const table: Array<[number, number]> = [[0, 0.5], [1, 0.8413447461], [1.96, 0.9750021049], [-2.5, 0.0062096653], [3, 0.9986501020]]
    for (const [x, p] of table) expect(normalCdf(x)).toBeCloseTo(p, 7)
    expect(normalCdf(Infinity)).toBe(1)
    expect(normalCdf(-Infinity)).toBe(0)
  })

  it('keeps the digits of far tails, where Φ(b) - Φ(a) would round to 0', () => {
    const mass = normalMass(8, 9)
    // Φ̄(8) ≈ 6.2210e-16, Φ̄(9) ≈ 1.1286e-19.
    expect(mass / (6.220960574e-16 - 1.128588406e-19)).toBeCloseTo(1, 5)
    expect(normalMass(-9, -8)).toBeCloseTo(mass, 25)
    expect(normalMass(1, 1)).toBe(0)
    expect(normalMass(-Infinity, Infinity)).toBe(1)
  })

  it('inverts Φ', () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.02425, 0.3, 0.5, 0.9, 0.97575, 0.999999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 5)
    }
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
  })

  it('sums exponentials without overflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12)
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity)
    expect(logSumExp([])).toBe(-Infinity)
  })
})
