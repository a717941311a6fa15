import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { SweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { buildSweepJsonSchema } from '../config/sweep-json-schema.ts'

function parseError(text: string): SweeplabError {
  try {
    parseSweepSpec(text, 'sweep.yaml')
  } catch (e) {
    if (isSweeplabError(e)) return e
    throw e
  }
  throw new Error('expected parseSweepSpec to throw')
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`

describe('method: bayes in the sweep file', () => {
  it('is accepted with a metric, its options defaulted and kept in the spec', () => {
    const spec = parseSweepSpec(lines('program: a.py', 'method: bayes', 'metric: {name: loss}', 'bayes: {gamma: 0.2}', 'parameters:', '  lr: {min: 0.0, max: 1.0}'))
    expect(spec.method).toBe('bayes')
    expect(spec.bayes).toEqual({ startup_trials: 10, candidates: 24, gamma: 0.2, prior_weight: 1 })
    expect(parseSweepSpec(lines('program: a.py', 'method: bayes', 'metric: {name: loss}', 'parameters:', '  lr: {min: 0.0, max: 1.0}')).bayes).toBeUndefined()
  })

  it('needs a metric, as in W&B, and says how to add one', () => {
    const e = parseError(lines('program: a.py', 'method: bayes', 'parameters:', '  lr: {min: 0.0, max: 1.0}'))
    expect(e.code).toBe('spec/invalid')
    expect(e.message).toBe('sweep.yaml:2:9 method: method bayes optimizes a metric: add metric: {name: val_loss, goal: minimize} (the name your trials report)')
  })

  it('refuses bayes options with another method, at the key', () => {
    const e = parseError(lines('program: a.py', 'method: random', 'bayes: {gamma: 0.2}', 'parameters:', '  lr: {min: 0.0, max: 1.0}'))
    expect(e.message).toBe('sweep.yaml:3:1 bayes: bayes options apply to method: bayes only (this sweep is method: random); remove them or set method: bayes')
  })

  it('checks each option and names unknown ones', () => {
    const base = ['program: a.py', 'method: bayes', 'metric: {name: loss}', 'parameters:', '  lr: {min: 0.0, max: 1.0}']
    const problems = (bayes: string): string[] => (parseError(lines(...base, `bayes: ${bayes}`)).details?.problems ?? []).map((p) => `${p.path}: ${p.message}`)
    expect(problems('{gamma: 1.5}')).toEqual(['bayes.gamma: expected a number < 1, got 1.5'])
    expect(problems('{startup_trials: -1, candidates: 0}')).toEqual(['bayes.startup_trials: expected a number >= 0, got -1', 'bayes.candidates: expected a number > 0, got 0'])
    expect(problems('{prior_weight: 0}')[0]).toMatch(/^bayes\.prior_weight: expected a number > 0/)
    expect(problems('{n_startup: 5}')[0]).toMatch(/^bayes\.n_startup: unknown key 'n_startup'/)
  })

  it('takes warm_start: {sweeps: [id or name]} and names a bad entry', () => {
    const base = ['program: a.py', 'method: bayes', 'metric: {name: loss}', 'parameters:', '  lr: {min: 0.0, max: 1.0}']
    const problems = (bayes: string): string[] => (parseError(lines(...base, `bayes: ${bayes}`)).details?.problems ?? []).map((p) => `${p.path}: ${p.message}`)
    expect(parseSweepSpec(lines(...base, 'bayes: {warm_start: {sweeps: [3, lr-explore]}}')).bayes?.warm_start).toEqual({ sweeps: [3, 'lr-explore'] })
    expect(problems('{warm_start: {sweeps: []}}')[0]).toMatch(/^bayes\.warm_start\.sweeps/)
    expect(problems('{warm_start: {sweep: [3]}}')).toContain("bayes.warm_start.sweeps: missing required key 'sweeps'; expected a list")
  })

  it('is described in the JSON Schema editors read', () => {
    const schema = buildSweepJsonSchema() as { properties: Record<string, { description?: string; properties?: Record<string, unknown> }> }
    expect(schema.properties.method?.description).toMatch(/bayes/)
    expect(Object.keys(schema.properties.bayes?.properties ?? {})).toEqual(['startup_trials', 'candidates', 'gamma', 'prior_weight', 'warm_start'])
  })
})
