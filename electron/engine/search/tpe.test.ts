import { describe, expect, it } from 'vitest'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { createSampler } from './create-sampler.ts'
import type { TrialRecord } from './create-sampler.ts'
import { deriveSeed } from './rng.ts'

const ALL_TYPES = `method: bayes
trainer: noop
run_cap: 200
metric: {name: loss, goal: minimize}
bayes: {startup_trials: 5}
parameters:
  u: {distribution: uniform, min: -1.0, max: 1.0}
  lr: {distribution: log_uniform_values, min: 0.00001, max: 0.1}
  e: {distribution: log_uniform, min: -4, max: 0}
  il: {distribution: inv_log_uniform_values, min: 0.01, max: 1.0}
  layers: {distribution: int_uniform, min: 1, max: 6}
  batch: {distribution: q_uniform, min: 16, max: 256, q: 16}
  qlog: {distribution: q_log_uniform_values, min: 1, max: 100, q: 5}
  n: {distribution: normal, mu: 0, sigma: 2}
  qn: {distribution: q_normal, mu: 10, sigma: 3, q: 0.5}
  ln: {distribution: log_normal, mu: 0, sigma: 1}
  b: {distribution: beta, a: 2, b: 5}
  opt:
    parameters:
      name: {values: [sgd, adam, rmsprop], probabilities: [0.2, 0.5, 0.3]}
      fixed: {value: [0.9, 0.999]}
`

const QUAD_1D = (goal = 'minimize', options = 'startup_trials: 5'): string => `method: bayes
trainer: noop
metric: {name: loss, goal: ${goal}}
bayes: {${options}}
parameters:
  x: {min: 0.0, max: 1.0}
`

type Objective = (p: Record<string, unknown>) => number

/** Runs a sequential sweep in-process: each trial finishes before the next is suggested. */
function runSweep(spec: SweepSpec, seed: number, n: number, f: Objective): TrialRecord[] {
  const records: TrialRecord[] = []
  const sampler = createSampler(spec, seed, () => records)
  for (let i = 0; i < n; i++) {
    const { params } = sampler.sample(i)
    records.push({ index: i, attempt: 1, status: 'completed', params, finalValue: f(params) })
  }
  return records
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number

describe('bayes (TPE) sampler', () => {
  it('starts with the random sampler\'s very trials, then departs from them', () => {
    const spec = parseSweepSpec(ALL_TYPES)
    const random = createSampler({ ...spec, method: 'random' }, 42)
    const records = runSweep(spec, 42, 12, (p) => p.u as number)
    for (let i = 0; i < 5; i++) expect(records[i]!.params).toEqual(random.sample(i).params)
    for (let i = 5; i < 12; i++) expect(records[i]!.params).not.toEqual(random.sample(i).params)
  })

  it('keeps drawing at random while fewer than two trials have a metric value', () => {
    const spec = parseSweepSpec(QUAD_1D('minimize', 'startup_trials: 1'))
    const random = createSampler({ ...spec, method: 'random' }, 3)
    const failed: TrialRecord[] = [0, 1, 2].map((index) => ({ index, attempt: 1, status: 'failed', params: { x: 0.5 }, finalValue: null }))
    const one: TrialRecord[] = [...failed, { index: 3, attempt: 1, status: 'completed', params: { x: 0.1 }, finalValue: 1 }]
    expect(createSampler(spec, 3, () => one).sample(4)).toEqual(random.sample(4))
    const two: TrialRecord[] = [...one, { index: 4, attempt: 1, status: 'completed', params: { x: 0.9 }, finalValue: 2 }]
    expect(createSampler(spec, 3, () => two).sample(5)).not.toEqual(random.sample(5))
  })

  it('suggests the same point for the same seed, index and history (what resume relies on), another for another index', () => {
    const spec = parseSweepSpec(ALL_TYPES)
    const history = runSweep(spec, 9, 30, (p) => (p.u as number) ** 2 + (p.layers as number))
    const first = createSampler(spec, 9, () => history)
    const resumed = createSampler(JSON.parse(JSON.stringify(spec)) as SweepSpec, 9, () => JSON.parse(JSON.stringify(history)) as TrialRecord[])
    expect(resumed.sample(30)).toEqual(first.sample(30))
    expect(resumed.sample(30).seed).toBe(deriveSeed(9, 30))
    expect(first.sample(31).params).not.toEqual(first.sample(30).params)
    expect(createSampler(spec, 10, () => history).sample(30).params).not.toEqual(first.sample(30).params)
  })

  it('gives every parameter type a value W&B could have drawn, nested like the spec', () => {
    const spec = parseSweepSpec(ALL_TYPES)
    const records = runSweep(spec, 5, 60, (p) => Math.abs(p.u as number) + Math.log10(p.lr as number) + (p.layers as number) / 6)
    for (const { params: p } of records.slice(5)) {
      expect(Object.keys(p)).toEqual(['u', 'lr', 'e', 'il', 'layers', 'batch', 'qlog', 'n', 'qn', 'ln', 'b', 'opt'])
      expect(p.u as number).toBeGreaterThanOrEqual(-1)
      expect(p.u as number).toBeLessThanOrEqual(1)
      expect(p.lr as number).toBeGreaterThanOrEqual(1e-5)
      expect(p.lr as number).toBeLessThanOrEqual(0.1)
      expect(Math.log(p.e as number)).toBeGreaterThanOrEqual(-4 - 1e-12)
      expect(p.il as number).toBeGreaterThanOrEqual(0.01)
      expect([1, 2, 3, 4, 5, 6]).toContain(p.layers)
      expect(Number.isInteger((p.batch as number) / 16)).toBe(true)
      expect(Number.isInteger((p.qlog as number) / 5)).toBe(true)
      expect(Number.isFinite(p.n)).toBe(true)
      expect(Number.isInteger((p.qn as number) * 2)).toBe(true)
      expect(p.ln as number).toBeGreaterThan(0)
      expect(p.b as number).toBeGreaterThanOrEqual(0)
      expect(p.b as number).toBeLessThanOrEqual(1)
      expect(['sgd', 'adam', 'rmsprop']).toContain((p.opt as { name: string }).name)
      expect((p.opt as { fixed: number[] }).fixed).toEqual([0.9, 0.999])
    }
  })

  it('concentrates near the optimum: on a 1-D quadratic, later suggestions are far closer than random draws', () => {
    const f: Objective = (p) => ((p.x as number) - 0.73) ** 2
    const distances = (method: 'bayes' | 'random'): number[] => {
      const spec = { ...parseSweepSpec(QUAD_1D()), method }
      return [1, 2, 3, 4, 5].flatMap((seed) => runSweep(spec, seed, 60, f).slice(30).map((t) => Math.abs((t.params.x as number) - 0.73)))
    }
    expect(median(distances('bayes'))).toBeLessThan(median(distances('random')) / 3)
  })

  it('follows metric.goal: maximizing -f suggests what minimizing f does', () => {
    const f: Objective = (p) => ((p.x as number) - 0.2) ** 2
    const min = runSweep(parseSweepSpec(QUAD_1D('minimize')), 4, 25, f)
    const max = runSweep(parseSweepSpec(QUAD_1D('maximize')), 4, 25, (p) => -f(p))
    expect(max.map((t) => t.params)).toEqual(min.map((t) => t.params))
  })

  it('steers away from points that running trials already hold (constant liar)', () => {
    const spec = parseSweepSpec(QUAD_1D('minimize', 'startup_trials: 5'))
    const done = runSweep(spec, 8, 20, (p) => ((p.x as number) - 0.5) ** 2)
    const suggest = (history: TrialRecord[]): number[] => {
      const sampler = createSampler(spec, 8, () => history)
      return Array.from({ length: 200 }, (_, i) => sampler.sample(24 + i).params.x as number)
    }
    // Where the model sends new trials when nothing runs; then four workers are busy right there.
    const favourite = median(suggest(done))
    const running: TrialRecord[] = [20, 21, 22, 23].map((index) => ({ index, attempt: 1, status: 'running', params: { x: favourite }, finalValue: null }))
    const near = (xs: number[]): number => xs.filter((x) => Math.abs(x - favourite) < 0.03).length
    expect(near(suggest(done))).toBeGreaterThan(40)
    expect(near(suggest([...done, ...running]))).toBeLessThan(near(suggest(done)) / 2)
  })

  it('models categorical choices: the good option wins most suggestions', () => {
    const spec = parseSweepSpec(`method: bayes
trainer: noop
metric: {name: acc, goal: maximize}
bayes: {startup_trials: 8}
parameters:
  opt: {values: [sgd, momentum, adam, rmsprop]}
  x: {min: 0.0, max: 1.0}
`)
    const score: Record<string, number> = { sgd: 0.5, momentum: 0.6, adam: 0.9, rmsprop: 0.55 }
    const records = runSweep(spec, 11, 60, (p) => (score[p.opt as string] as number) - 0.1 * (p.x as number))
    const late = records.slice(30).filter((t) => t.params.opt === 'adam').length
    expect(late).toBeGreaterThan(20)
  })

  it('ignores history values outside the space (a parameter missing, a wrong type) instead of failing', () => {
    const spec = parseSweepSpec(ALL_TYPES)
    const history = runSweep(spec, 2, 20, (p) => p.u as number)
    const odd: TrialRecord[] = [
      ...history,
      { index: 20, attempt: 1, status: 'completed', params: { u: 'x', lr: -1, opt: null }, finalValue: -5 },
      { index: 21, attempt: 1, status: 'completed', params: {}, finalValue: -6 },
    ]
    const { params } = createSampler(spec, 2, () => odd).sample(22)
    expect(params.u as number).toBeGreaterThanOrEqual(-1)
    expect(params.lr as number).toBeGreaterThanOrEqual(1e-5)
  })

  it('has total run_cap, or null without one, and refuses an index past the end', () => {
    expect(createSampler(parseSweepSpec(ALL_TYPES), 0).total).toBe(200)
    const unbounded = createSampler(parseSweepSpec(QUAD_1D()), 0)
    expect(unbounded.total).toBeNull()
    expect(() => unbounded.sample(1_000_000)).not.toThrow()
    expect(() => createSampler(parseSweepSpec(ALL_TYPES), 0).sample(200)).toThrow(/outside the search sequence/)
  })
})

describe('metric.impute in the TPE', () => {
  // Two completed trials near x = 0.85, and failed ones near x = 0.1 that had reached a far better loss.
  const history: TrialRecord[] = [
    { index: 0, attempt: 1, status: 'completed', params: { x: 0.85 }, finalValue: 4 },
    { index: 1, attempt: 1, status: 'completed', params: { x: 0.9 }, finalValue: 5 },
    { index: 2, attempt: 1, status: 'failed', params: { x: 0.1 }, finalValue: 0.02, bestValue: 0.01 },
    { index: 3, attempt: 1, status: 'diverged', params: { x: 0.12 }, finalValue: null, bestValue: 0.01, lastFiniteValue: 0.02 },
  ]
  const suggest = (impute: string): number => {
    const spec = parseSweepSpec(`${QUAD_1D('minimize', 'startup_trials: 0, gamma: 0.25')}`.replace('goal: minimize}', `goal: minimize, impute: ${impute}}`))
    return createSampler(spec, 7, () => history).sample(4).params.x as number
  }

  it('worst (the default) steers away from the failed trials; best and latest steer towards them', () => {
    expect(suggest('worst')).toBeGreaterThan(0.5)
    expect(suggest('best')).toBeLessThan(0.5)
    expect(suggest('latest')).toBeLessThan(0.5)
  })
})
