import { describe, expect, it } from 'vitest'
import { makeFolds, splitRows } from './split.ts'

const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 7 ? 'ham' : i % 10 < 9 ? 'spam' : 'other'))

function share(idx: ReadonlyArray<number>, cls: string): number {
  return idx.filter((i) => labels[i] === cls).length / idx.length
}

describe('train/validation/test split', () => {
  it('partitions every row into exactly one split by the fractions', () => {
    const s = splitRows(1000, { validation: 0.1, test: 0.2, seed: 3 })
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([700, 100, 200])
    expect([...s.train, ...s.validation, ...s.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
  })

  it('keeps class shares in every split when stratified', () => {
    const s = splitRows(1000, { validation: 0.1, test: 0.1, seed: 3, labels })
    for (const split of [s.train, s.validation, s.test]) {
      expect(share(split, 'ham')).toBeCloseTo(0.7, 2)
      expect(share(split, 'other')).toBeCloseTo(0.1, 2)
    }
  })

  it('is a function of the seed', () => {
    const a = splitRows(500, { validation: 0.2, test: 0.2, seed: 1 })
    expect(splitRows(500, { validation: 0.2, test: 0.2, seed: 1 })).toEqual(a)
    expect(splitRows(500, { validation: 0.2, test: 0.2, seed: 2 }).test).not.toEqual(a.test)
  })

  it('refuses fractions that leave nothing to train on', () => {
    expect(() => splitRows(10, { validation: 0.5, test: 0.5, seed: 1 })).toThrow(/must be below 1/)
    expect(() => splitRows(1, { validation: 0.4, test: 0.4, seed: 1 })).not.toThrow()
  })
})

describe('k-fold cross-validation', () => {
  const s = splitRows(1000, { validation: 0.1, test: 0.1, seed: 9, labels })
  const pool = [...s.train, ...s.validation].sort((a, b) => a - b)
  const folds = makeFolds(pool, 5, 9, labels)

  it('puts every non-test row in exactly one fold and no test row in any', () => {
    const all = folds.flat()
    expect(new Set(all).size).toBe(all.length)
    expect([...all].sort((a, b) => a - b)).toEqual(pool)
    const test = new Set(s.test)
    expect(all.some((r) => test.has(r))).toBe(false)
  })

  it('gives each run disjoint training and validation rows covering the pool', () => {
    folds.forEach((val, i) => {
      const train = folds.filter((_, j) => j !== i).flat()
      const v = new Set(val)
      expect(train.some((r) => v.has(r))).toBe(false)
      expect(train.length + val.length).toBe(pool.length)
    })
  })

  it('balances fold sizes and classes within one row', () => {
    const sizes = folds.map((f) => f.length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    for (const cls of ['ham', 'spam', 'other']) {
      const counts = folds.map((f) => f.filter((r) => labels[r] === cls).length)
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
    }
  })

  it('is seeded and refuses too few rows', () => {
    expect(makeFolds(pool, 5, 9, labels)).toEqual(folds)
    expect(makeFolds(pool, 5, 10, labels)).not.toEqual(folds)
    expect(() => makeFolds([1, 2], 3, 1)).toThrow(/3 folds need at least 3 rows/)
    expect(() => makeFolds(pool, 1, 1)).toThrow(/folds must be an integer ≥ 2/)
  })
})
