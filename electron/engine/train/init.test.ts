import { describe, expect, it } from 'vitest'
import { initArray } from './init.ts'
import { dropoutMask } from './dropout.ts'
import { permutation, trainRng } from './random.ts'

describe('seeded initializers', () => {
  it('same seed → same weights; another seed → others', () => {
    const a = initArray(trainRng(1, 1), 'he-normal', 64, 128)
    const b = initArray(trainRng(1, 1), 'he-normal', 64, 128)
    const c = initArray(trainRng(2, 1), 'he-normal', 64, 128)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it.each([
    ['glorot-uniform', Math.sqrt(2 / (200 + 300))],
    ['glorot-normal', Math.sqrt(2 / (200 + 300))],
    ['he-uniform', Math.sqrt(2 / 200)],
    ['he-normal', Math.sqrt(2 / 200)],
  ] as const)('%s has the textbook standard deviation', (kind, std) => {
    const w = initArray(trainRng(3, 1), kind, 200, 300)
    let s = 0
    let m = 0
    for (const v of w) m += v
    m /= w.length
    for (const v of w) s += (v - m) ** 2
    expect(Math.abs(m)).toBeLessThan(0.01 * std * 10)
    expect(Math.sqrt(s / w.length) / std).toBeCloseTo(1, 1)
  })

  it('uniform variants stay inside their bound', () => {
    const a = Math.sqrt(6 / 200)
    for (const v of initArray(trainRng(4, 1), 'he-uniform', 200, 10)) expect(Math.abs(v)).toBeLessThanOrEqual(a)
  })
})

describe('seeded dropout and shuffling', () => {
  it('dropout mask keeps 1 − rate of units, scaled by 1/(1 − rate), reproducibly', () => {
    const m = dropoutMask(trainRng(5, 3), 100_000, 0.25)
    const kept = m.filter((v) => v !== 0)
    expect(kept.length / m.length).toBeCloseTo(0.75, 2)
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true)
    expect(dropoutMask(trainRng(5, 3), 1000, 0.25)).toEqual(dropoutMask(trainRng(5, 3), 1000, 0.25))
  })

  it('permutation is a permutation and depends on the seed only', () => {
    const p = permutation(trainRng(6, 2), 1000)
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()])
    expect(permutation(trainRng(6, 2), 1000)).toEqual(p)
  })
})
