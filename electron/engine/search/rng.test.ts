import { describe, expect, it } from 'vitest'
import { createRng, deriveSeed } from './rng.ts'
import { expectFollowsCdf, mean } from './stats-helpers.ts'

describe('createRng', () => {
  it('pins its output, so sweeps resumed by a newer version keep their sequence', () => {
    const rng = createRng(42, 0)
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([2577461429, 3001465079, 2658480328])
  })

  it('repeats a stream for the same (seed, stream) and differs otherwise', () => {
    const take = (seed: number, stream: number): number[] => {
      const rng = createRng(seed, stream)
      return Array.from({ length: 8 }, () => rng.nextUint32())
    }
    expect(take(7, 3)).toEqual(take(7, 3))
    expect(take(7, 3)).not.toEqual(take(8, 3))
    expect(take(7, 3)).not.toEqual(take(7, 4))
    // Words above 2^32 count: index 2^32 + 5 is not index 5.
    expect(take(7, 2 ** 32 + 5)).not.toEqual(take(7, 5))
    expect(take(2 ** 32 + 7, 3)).not.toEqual(take(7, 3))
  })

  it('draws uniform doubles in [0, 1)', () => {
    const rng = createRng(1)
    const xs = Array.from({ length: 20_000 }, () => rng.next())
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expectFollowsCdf(xs, (x) => x)
  })

  it('gives neighbouring streams uncorrelated first draws', () => {
    const firsts = Array.from({ length: 20_001 }, (_, i) => createRng(99, i).next())
    const a = firsts.slice(0, -1)
    const b = firsts.slice(1)
    const ma = mean(a)
    const mb = mean(b)
    const cov = mean(a.map((x, i) => (x - ma) * ((b[i] as number) - mb)))
    // Correlation of independent uniforms: sd ≈ 1/√n ≈ 0.007; 5 sd.
    expect(Math.abs(cov / (1 / 12))).toBeLessThan(0.035)
    expectFollowsCdf(firsts, (x) => x)
  })
})

describe('deriveSeed', () => {
  it('is a pure 31-bit function of (sweep seed, index)', () => {
    expect([0, 1, 2, 2 ** 40].map((i) => deriveSeed(1, i))).toEqual([505541413, 1208634045, 140846685, 1346251609])
    for (let i = 0; i < 1000; i++) {
      const s = deriveSeed(123, i)
      expect(Number.isInteger(s) && s >= 0 && s <= 0x7fffffff).toBe(true)
    }
  })

  it('gives the trials of a sweep distinct seeds, and other sweeps other seeds', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(5, i)))
    expect(seeds.size).toBe(1000)
    expect(deriveSeed(5, 0)).not.toBe(deriveSeed(6, 0))
  })
})
