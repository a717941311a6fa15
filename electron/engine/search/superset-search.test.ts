import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { createSampler } from './create-sampler.ts'
import type { TrialRecord } from './create-sampler.ts'
import { createRandomSampler } from './random.ts'
import { countSkippedPoints } from './skipped-points.ts'

const PARAMS = `parameters:
  optimizer: {values: [adam, sgd]}
  momentum: {values: [0.8, 0.9], when: {optimizer: sgd}}
  arch:
    group:
      - {layers: 2, d_model: 64}
      - {layers: 4, d_model: 128}
      - {layers: 8, d_model: 256}
  steps: {values: [1000, 2000]}
derived:
  warmup_steps: "int(0.1 * steps)"
  mom2: "momentum * 2"
constraints:
  - "layers * d_model <= 1024"
`
const ROWS = [JSON.stringify([2, 64]), JSON.stringify([4, 128]), JSON.stringify([8, 256])]

function specOf(method: 'grid' | 'random' | 'bayes', extra = '') {
  return parseSweepSpec(`method: ${method}\nprogram: train.py\nmetric: {name: loss, goal: minimize}\n${extra}${PARAMS}`)
}

/** The invariants every sampled point of PARAMS must meet, whatever the method. */
function checkPoint(p: Record<string, unknown>): void {
  expect(ROWS.slice(0, 2)).toContain(JSON.stringify([p.layers, p.d_model]))
  expect((p.layers as number) * (p.d_model as number)).toBeLessThanOrEqual(1024)
  expect(p.warmup_steps).toBe(Math.trunc(0.1 * (p.steps as number)))
  expect('arch' in p).toBe(false)
  if (p.optimizer === 'sgd') {
    expect([0.8, 0.9]).toContain(p.momentum)
    expect(p.mom2).toBe((p.momentum as number) * 2)
  } else {
    // Inactive: not passed, and a derived value that reads it is absent too.
    expect('momentum' in p).toBe(false)
    expect('mom2' in p).toBe(false)
  }
}

describe('grid with when:, group:, derived:, constraints:', () => {
  it('visits each distinct active combination once, skipping what the constraints forbid', () => {
    const sampler = createSampler(specOf('grid'), 1)
    expect(sampler.total).toBe(12)
    const seen = new Set<string>()
    for (let i = 0; i < 12; i++) {
      const { params } = sampler.sample(i)
      checkPoint(params)
      seen.add(JSON.stringify(params))
    }
    expect(seen.size).toBe(12)
    expect(sampler.sample(0).params).toEqual({ optimizer: 'adam', layers: 2, d_model: 64, steps: 1000, warmup_steps: 100 })
  })

  it('keeps the file order of a grid without conditions, groups as one axis', () => {
    const spec = parseSweepSpec('method: grid\nprogram: t.py\nparameters:\n  a: {values: [1, 2]}\n  g: {group: [{x: 1, y: 2}, {x: 3, y: 4}]}\n')
    const s = createSampler(spec, 0)
    expect([0, 1, 2, 3].map((i) => s.sample(i).params)).toEqual([
      { a: 1, x: 1, y: 2 }, { a: 1, x: 3, y: 4 }, { a: 2, x: 1, y: 2 }, { a: 2, x: 3, y: 4 },
    ])
  })

  it('counts the skipped points from the spec alone', () => {
    expect(countSkippedPoints(specOf('grid'), 1, 0)).toEqual({ count: 6, exact: true, combinations: 18 })
  })
})

describe('random with when:, group:, derived:, constraints:', () => {
  it('draws the parent first, leaves inactive parameters out and redraws points that break a constraint', () => {
    const sampler = createSampler(specOf('random', 'run_cap: 200\n'), 7)
    let skipped = 0
    const optimizers = new Set<unknown>()
    for (let i = 0; i < 200; i++) {
      const s = sampler.sample(i)
      checkPoint(s.params)
      optimizers.add(s.params.optimizer)
      skipped += s.skipped ?? 0
    }
    expect(optimizers).toEqual(new Set(['adam', 'sgd']))
    // One row in three breaks the constraint: about 100 redraws for 200 points.
    expect(skipped).toBeGreaterThan(50)
    expect(skipped).toBeLessThan(200)
    expect(countSkippedPoints(specOf('random', 'run_cap: 200\n'), 7, 200)).toEqual({ count: skipped, exact: true })
  })

  it('is a pure function of (seed, index), redraws included', () => {
    const a = createSampler(specOf('random'), 3)
    const b = createSampler(specOf('random'), 3)
    for (let i = 0; i < 20; i++) expect(b.sample(i)).toEqual(a.sample(i))
  })

  it('draws a plain W&B space exactly as before (no conditions: same stream, same order)', () => {
    const spec = parseSweepSpec('method: random\nprogram: t.py\nparameters:\n  lr: {min: 0.0, max: 1.0}\n  opt: {values: [a, b]}\n')
    const s = createRandomSampler(spec, 5)
    expect(s.sample(0).skipped).toBeUndefined()
    expect(Object.keys(s.sample(0).params)).toEqual(['lr', 'opt'])
  })

  it('gives up on an index with a clear error when the constraints reject every draw', () => {
    // Validation's 1000 draws found some points; this index's stream does not within the bound.
    const spec = parseSweepSpec('method: random\nprogram: t.py\nparameters:\n  x: {min: 0.0, max: 1.0}\nconstraints: ["x > 0.999"]\n')
    const sampler = createSampler({ ...spec, constraints: ['x > 2'] }, 1)
    try {
      sampler.sample(0)
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe('search/failed')
      expect((e as Error).message).toContain('the constraints rejected 10000 random draws in a row (most often "x > 2")')
    }
  })

  it('stops with the point when an expression fails during the sweep', () => {
    const spec = parseSweepSpec('method: random\nprogram: t.py\nparameters:\n  x: {min: 0.0, max: 1.0}\nderived:\n  y: "1 / x"\n')
    const sampler = createSampler({ ...spec, derived: { y: '1 / (x - x)' } }, 1)
    expect(() => sampler.sample(0)).toThrow(/trial index 0: derived\.y: division by zero in "1 \/ \(x - x\)" for x=/)
  })
})

describe('bayes with when:, group:, derived:, constraints:', () => {
  it('suggests valid points after start-up; a parameter informs its densities only from trials where it was active', () => {
    const spec = specOf('bayes', 'run_cap: 60\nbayes: {startup_trials: 5}\n')
    const records: TrialRecord[] = []
    const sampler = createSampler(spec, 11, () => records)
    for (let i = 0; i < 60; i++) {
      const { params } = sampler.sample(i)
      checkPoint(params)
      // sgd with momentum 0.9 and the bigger model is best; adam trials have no momentum at all.
      const loss = (params.optimizer === 'sgd' ? 0 : 1) + (params.momentum === 0.9 ? 0 : 0.5) + (params.layers === 4 ? 0 : 0.3)
      records.push({ index: i, attempt: 1, status: 'completed', params, finalValue: loss })
    }
    const late = records.slice(30).map((r) => r.params)
    const best = late.filter((p) => p.optimizer === 'sgd' && p.momentum === 0.9 && p.layers === 4).length
    expect(best).toBeGreaterThan(late.length / 2)
  })
})
