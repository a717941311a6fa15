import { describe, expect, it } from 'vitest'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { createSampler } from './create-sampler.ts'
import { deriveSeed } from './rng.ts'

const FILE = `method: random
trainer: noop
run_cap: 500
parameters:
  lr: {distribution: log_uniform_values, min: 0.00001, max: 0.1}
  batch: {values: [16, 32, 64]}
  dropout: {min: 0.0, max: 0.5}
  opt:
    parameters:
      momentum: {distribution: uniform, min: 0.8, max: 0.99}
      name: {value: sgd}
  layers: {min: 1, max: 6}
`

function sequence(spec: SweepSpec, seed: number, n = 200): unknown[] {
  const sampler = createSampler(spec, seed)
  return Array.from({ length: n }, (_, i) => sampler.sample(i))
}

describe('random sampler', () => {
  it('gives the same trials in the same order for the same file and seed', () => {
    expect(sequence(parseSweepSpec(FILE), 1234)).toEqual(sequence(parseSweepSpec(FILE), 1234))
  })

  it('gives different trials for a different seed', () => {
    const a = sequence(parseSweepSpec(FILE), 1234, 20) as Array<{ params: { lr: number } }>
    const b = sequence(parseSweepSpec(FILE), 1235, 20) as Array<{ params: { lr: number } }>
    expect(a.filter((t, i) => t.params.lr === b[i]?.params.lr)).toHaveLength(0)
  })

  it('makes sample(i) independent of what was sampled before (what resume relies on)', () => {
    const spec = parseSweepSpec(FILE)
    const inOrder = sequence(spec, 9, 50)
    const resumed = createSampler(JSON.parse(JSON.stringify(spec)) as SweepSpec, 9)
    for (const i of [49, 3, 17, 0, 30]) expect(resumed.sample(i)).toEqual(inOrder[i])
  })

  it('builds nested params and gives each trial its derived seed', () => {
    const { params, seed } = createSampler(parseSweepSpec(FILE), 5).sample(42)
    expect(seed).toBe(deriveSeed(5, 42))
    expect(Object.keys(params)).toEqual(['lr', 'batch', 'dropout', 'opt', 'layers'])
    expect(params.opt).toMatchObject({ name: 'sgd' })
    expect((params.opt as { momentum: number }).momentum).toBeGreaterThanOrEqual(0.8)
  })

  it('has total run_cap, or null without one', () => {
    expect(createSampler(parseSweepSpec(FILE), 0).total).toBe(500)
    const unbounded = createSampler(parseSweepSpec(FILE.replace('run_cap: 500\n', '')), 0)
    expect(unbounded.total).toBeNull()
    expect(() => unbounded.sample(10_000_000)).not.toThrow()
    expect(() => createSampler(parseSweepSpec(FILE), 0).sample(500)).toThrow(/outside the search sequence/)
  })

  it('covers the space: every categorical value and both int_uniform ends show up', () => {
    const trials = sequence(parseSweepSpec(FILE), 3, 500) as Array<{ params: { batch: number; layers: number } }>
    expect(new Set(trials.map((t) => t.params.batch))).toEqual(new Set([16, 32, 64]))
    expect(new Set(trials.map((t) => t.params.layers))).toEqual(new Set([1, 2, 3, 4, 5, 6]))
  })
})
