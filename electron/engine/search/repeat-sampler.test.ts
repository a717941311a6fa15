import { describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { configHistory } from './config-history.ts'
import { createSampler } from './create-sampler.ts'
import type { TrialRecord } from './create-sampler.ts'
import { repeatSeeds } from './repeat-sampler.ts'
import { deriveSeed } from './rng.ts'

const spec = (text: string) => parseSweepSpec(`trainer: noop\n${text}`, 'sweep.yaml')

describe('repeats: n', () => {
  it('runs each grid config n times in a row with n distinct seeds, repeat 0 on the config seed', () => {
    const plain = createSampler(spec('method: grid\nparameters:\n  x: {values: [1, 2]}\n'), 7)
    const s = createSampler(spec('method: grid\nrepeats: 3\nparameters:\n  x: {values: [1, 2]}\n'), 7)
    expect(s.total).toBe(6)
    const draws = Array.from({ length: 6 }, (_, i) => s.sample(i))
    expect(draws.map((d) => d.params.x)).toEqual([1, 1, 1, 2, 2, 2])
    expect(new Set(draws.map((d) => d.seed)).size).toBe(6)
    expect([draws[0]!.seed, draws[3]!.seed]).toEqual([plain.sample(0).seed, plain.sample(1).seed])
    expect(draws.slice(0, 3).map((d) => d.seed)).toEqual(repeatSeeds(deriveSeed(7, 0), 3))
    expect(() => s.sample(6)).toThrow(/outside the search sequence/)
  })

  it('counts configs with run_cap and repeats the random draw of each config', () => {
    const s = createSampler(spec('method: random\nrun_cap: 4\nrepeats: 2\nparameters:\n  x: {min: 0.0, max: 1.0}\n'), 3)
    const plain = createSampler(spec('method: random\nrun_cap: 4\nparameters:\n  x: {min: 0.0, max: 1.0}\n'), 3)
    expect(s.total).toBe(8)
    expect([0, 1, 2, 3, 6, 7].map((i) => s.sample(i).params.x)).toEqual([0, 0, 1, 1, 3, 3].map((c) => plain.sample(c).params.x))
  })

  it('keeps an unbounded random sweep unbounded', () => {
    expect(createSampler(spec('method: random\nrepeats: 5\nparameters:\n  x: {min: 0.0, max: 1.0}\n'), 3).total).toBeNull()
  })

  it('is refused outside 1..100 with the line of the key', () => {
    expect(() => spec('method: grid\nrepeats: 0\nparameters:\n  x: {value: 1}\n')).toThrow(/sweep\.yaml:3:\d+ repeats/)
    expect(() => spec('method: grid\nrepeats: 2.5\nparameters:\n  x: {value: 1}\n')).toThrow(/repeats/)
    expect(() => spec('method: grid\nrepeats: 101\nparameters:\n  x: {value: 1}\n')).toThrow(/repeats/)
  })
})

describe('repeatSeeds', () => {
  it('gives distinct 31-bit seeds, the first the config seed', () => {
    const seeds = repeatSeeds(12345, 100)
    expect(seeds[0]).toBe(12345)
    expect(new Set(seeds).size).toBe(100)
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true)
    expect(() => repeatSeeds(1, 0)).toThrow(/positive integer/)
  })
})

const BAYES = `method: bayes
repeats: 2
metric: {name: loss, goal: minimize}
bayes: {startup_trials: 2}
parameters:
  x: {min: 0.0, max: 1.0}
`

describe('bayes with repeats', () => {
  it('draws a config once and gives its other repeats the same params, also after a restart', () => {
    const history: TrialRecord[] = []
    const s = createSampler(spec(BAYES), 11, () => history)
    const objective = (x: number, r: number) => (x - 0.3) ** 2 + r * 0.01
    for (let i = 0; i < 12; i++) {
      const d = s.sample(i)
      if (i % 2 === 1) expect(d.params).toEqual(history[i - 1]!.params)
      history.push({ index: i, attempt: 1, status: 'completed', params: d.params, finalValue: objective(d.params.x as number, i % 2) })
    }
    // A fresh sampler (a resumed engine) reads repeat 0's params back from the stored rows.
    history.push({ index: 12, attempt: 1, status: 'running', params: { x: 0.123 }, finalValue: null })
    const resumed = createSampler(spec(BAYES), 11, () => history)
    expect(resumed.sample(13).params).toEqual({ x: 0.123 })
  })

  it('fits the model on one mean per config: the same suggestion as a sweep whose trials were those means', () => {
    const x = [0.9, 0.1, 0.5, 0.7]
    const values = [[1, 3], [0.5, 0.1], [2, 2], [0.2, 4]]
    const perRepeat: TrialRecord[] = x.flatMap((v, c) => values[c]!.map((val, r) => ({ index: c * 2 + r, attempt: 1, status: 'completed' as const, params: { x: v }, finalValue: val })))
    const perConfig: TrialRecord[] = x.map((v, c) => ({ index: c, attempt: 1, status: 'completed' as const, params: { x: v }, finalValue: (values[c]![0]! + values[c]![1]!) / 2 }))
    expect(configHistory(perRepeat, 2)).toEqual(perConfig)
    const withRepeats = createSampler(spec(BAYES), 5, () => perRepeat).sample(8)
    const plain = createSampler(spec(BAYES.replace('repeats: 2\n', '')), 5, () => perConfig).sample(4)
    expect(withRepeats.params).toEqual(plain.params)
  })

  it('sees a config with a repeat still running as running (a constant liar), whatever its finished repeats gave', () => {
    const records: TrialRecord[] = [
      { index: 0, attempt: 1, status: 'completed', params: { x: 0.2 }, finalValue: 1 },
      { index: 1, attempt: 1, status: 'running', params: { x: 0.2 }, finalValue: null },
      { index: 2, attempt: 1, status: 'failed', params: { x: 0.6 }, finalValue: null },
      { index: 3, attempt: 2, status: 'completed', params: { x: 0.6 }, finalValue: 4 },
      { index: 3, attempt: 1, status: 'crashed', params: { x: 0.6 }, finalValue: null },
    ]
    expect(configHistory(records, 2)).toEqual([
      { index: 0, attempt: 1, status: 'running', params: { x: 0.2 }, finalValue: 1 },
      { index: 1, attempt: 1, status: 'completed', params: { x: 0.6 }, finalValue: 4 },
    ])
  })
})

describe('validation of a sweep with repeats', () => {
  it('counts trials, not configs', async () => {
    const { validateSweepSpec } = await import('../config/parse-sweep-spec.ts')
    expect(validateSweepSpec('trainer: noop\nmethod: grid\nrepeats: 3\nparameters:\n  x: {values: [1, 2]}\n', 's.yaml')).toMatchObject({ ok: true, total: 6 })
    expect(validateSweepSpec('trainer: noop\nmethod: random\nrun_cap: 5\nrepeats: 2\nparameters:\n  x: {min: 0.0, max: 1.0}\n', 's.yaml')).toMatchObject({ ok: true, total: 10 })
  })
})
