import { describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { createSampler } from '../search/create-sampler.ts'
import type { TrialRecord } from '../search/create-sampler.ts'
import { createVersionedSampler, paramsKey, remainingGridPoints } from './versioned-sampler.ts'

const grid = (xs: string, extra = '') => parseSweepSpec(`method: grid\nprogram: t.py\n${extra}parameters:\n  x: {values: [${xs}]}\n  y: {values: [a, b]}\n`)
const ran = (params: Record<string, unknown>, index: number): TrialRecord => ({ index, attempt: 1, status: 'completed', params, finalValue: 1 })

describe('the search sequence of an edited sweep', () => {
  it('is the plain sampler for version 1', () => {
    const spec = grid('1, 2')
    const v1 = createVersionedSampler({ spec, seed: 5, version: 1, nextIndex: 0, history: () => [] })
    const plain = createSampler(spec, 5)
    expect(v1.total).toBe(4)
    expect([0, 1, 2, 3].map((i) => v1.sample(i))).toEqual([0, 1, 2, 3].map((i) => plain.sample(i)))
  })

  it('runs the points of a widened grid that were not run yet, from the next index on, and says how many remain', () => {
    const history = [ran({ x: 1, y: 'a' }, 0), ran({ y: 'b', x: 1 }, 1), ran({ x: 2, y: 'a' }, 2), ran({ x: 9, y: 'a' }, -1)]
    const s = createVersionedSampler({ spec: grid('1, 2, 3'), seed: 5, version: 2, nextIndex: 3, history: () => history })
    expect(s.total).toBe(3 + 3)
    expect([3, 4, 5].map((i) => s.sample(i).params)).toEqual([{ x: 2, y: 'b' }, { x: 3, y: 'a' }, { x: 3, y: 'b' }])
    expect(s.sample(3).seed).toBe(createSampler(grid('1, 2, 3'), 5).sample(3).seed)
    expect(() => s.sample(6)).toThrow(/outside the search sequence/)
    expect(() => s.sample(2)).toThrow(/outside the search sequence/)
  })

  it("keeps the edited file's constraints and derived values on the remaining points", () => {
    const spec = grid('1, 2, 3', 'derived:\n  z: "x * 10"\nconstraints: ["x != 2"]\n')
    const s = createVersionedSampler({ spec, seed: 5, version: 2, nextIndex: 1, history: () => [ran({ x: 1, y: 'a', z: 10 }, 0)] })
    expect(s.total).toBe(1 + 3)
    expect([1, 2, 3].map((i) => s.sample(i).params)).toEqual([{ x: 1, y: 'b', z: 10 }, { x: 3, y: 'a', z: 30 }, { x: 3, y: 'b', z: 30 }])
  })

  it('narrowing a grid to points already run leaves nothing; run_cap still counts every sampled trial', () => {
    const history = [ran({ x: 1, y: 'a' }, 0), ran({ x: 1, y: 'b' }, 1)]
    expect(createVersionedSampler({ spec: grid('1'), seed: 5, version: 2, nextIndex: 2, history: () => history }).total).toBe(2)
    const capped = createVersionedSampler({ spec: grid('1, 2, 3', 'run_cap: 3\n'), seed: 5, version: 3, nextIndex: 2, history: () => history })
    expect(capped.total).toBe(3)
    expect(capped.sample(2).params).toEqual({ x: 2, y: 'a' })
  })

  it('samples a random sweep from the new space at the same indices (run_cap is the sweep total)', () => {
    const spec = parseSweepSpec('method: random\nprogram: t.py\nrun_cap: 10\nparameters:\n  x: {min: 5.0, max: 6.0}\n')
    const s = createVersionedSampler({ spec, seed: 5, version: 2, nextIndex: 4, history: () => [] })
    expect(s.total).toBe(10)
    const x = s.sample(4).params.x as number
    expect(x).toBeGreaterThanOrEqual(5)
    expect(x).toBeLessThanOrEqual(6)
  })

  it('refuses to enumerate a huge edited grid', () => {
    const spec = parseSweepSpec('method: grid\nprogram: t.py\nparameters:\n  a: {min: 1, max: 2000}\n  b: {min: 1, max: 2000}\n')
    expect(() => remainingGridPoints(spec, 1, [])).toThrow(/at most 1000000/)
  })

  it('keys params regardless of key order', () => {
    expect(paramsKey({ a: 1, b: { c: [1, 'x'], d: null } })).toBe(paramsKey({ b: { d: null, c: [1, 'x'] }, a: 1 }))
    expect(paramsKey({ a: 1 })).not.toBe(paramsKey({ a: '1' }))
  })
})
