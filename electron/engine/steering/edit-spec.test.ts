import { describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { makeTrial } from '../export/trial-fixture.ts'
import { applyKeyEdits, checkEditAllowed, describeChanges, editParams } from './edit-spec.ts'
import { topDistinctConfigs } from './steer-sweep.ts'

const TEXT = `# my sweep
method: random
program: t.py   # the script
metric: {name: loss, goal: minimize}
run_cap: 20
parameters:
  lr: {min: 0.1, max: 1.0}
`

describe('editing a sweep config', () => {
  it('sets and removes keys, keeping comments and the rest of the file', () => {
    const out = applyKeyEdits(TEXT, { run_cap: 40, workers: 2, max_duration: '2h' })
    expect(out).toContain('# my sweep')
    expect(out).toContain('program: t.py # the script')
    expect(parseSweepSpec(out)).toMatchObject({ run_cap: 40, workers: 2, max_duration: 7200 })
    expect(parseSweepSpec(applyKeyEdits(TEXT, { run_cap: null })).run_cap).toBeUndefined()
  })

  it('refuses to change the method, metric, seed or early termination', () => {
    const before = parseSweepSpec(TEXT)
    expect(() => checkEditAllowed(before, parseSweepSpec(TEXT.replace('random', 'bayes')), 1)).toThrow(/method: cannot change from random to bayes/)
    expect(() => checkEditAllowed(before, parseSweepSpec(TEXT.replace('minimize', 'maximize')), 1)).toThrow(/metric:/)
    expect(() => checkEditAllowed(before, parseSweepSpec(`${TEXT}seed: 3\n`), 1)).toThrow(/seed: the sweep runs with seed 1/)
    expect(() => checkEditAllowed(before, parseSweepSpec(`${TEXT}seed: 1\nworkers: 3\n`), 1)).not.toThrow()
  })

  it('refuses to change repeats, the executor, or the search space of a sweep with repeats', () => {
    const before = parseSweepSpec(TEXT)
    expect(() => checkEditAllowed(before, parseSweepSpec(`${TEXT}repeats: 3\n`), 1)).toThrow(/^repeats: every config of the sweep runs 1 time\(s\)/)
    expect(() => checkEditAllowed(before, parseSweepSpec(`${TEXT}executor: {type: slurm}\n`), 1)).toThrow(/^executor: its trials run/)
    const repeated = parseSweepSpec(`${TEXT}repeats: 3\n`)
    expect(() => checkEditAllowed(repeated, parseSweepSpec(`${TEXT.replace('max: 1.0}', 'max: 0.5}')}repeats: 3\n`), 1)).toThrow(/^parameters: a sweep with repeats: 3 keeps its search space/)
    expect(() => checkEditAllowed(repeated, parseSweepSpec(`${TEXT.replace('run_cap: 20', 'run_cap: 30')}repeats: 3\n`), 1)).not.toThrow()
  })

  it('describes what changed, key by key and parameter by parameter', () => {
    const before = parseSweepSpec(TEXT)
    const after = parseSweepSpec(TEXT.replace('run_cap: 20', 'run_cap: 30\nmax_duration: 90m').replace('max: 1.0}', 'max: 0.5}\n  bs: {values: [8, 16]}'))
    expect(describeChanges(before, after)).toEqual(['run_cap: 20 → 30', 'max_duration: unset → 5400s', 'parameters.lr: uniform [0.1, 1] → uniform [0.1, 0.5]', 'parameters.bs: added'])
    expect(describeChanges(before, before)).toEqual([])
  })

  it("edits a rerun's params by dotted name and refuses a name the trial does not have", () => {
    const params = { lr: 0.1, model: { layers: 2, act: 'relu' } }
    expect(editParams(params, { lr: 0.3, 'model.layers': 4 })).toEqual({ lr: 0.3, model: { layers: 4, act: 'relu' } })
    expect(params.model.layers).toBe(2)
    expect(() => editParams(params, { 'model.width': 8 })).toThrow(/no parameter "model.width"; its parameters: lr, model.layers, model.act/)
    expect(() => editParams(params, { 'lr.x': 1 })).toThrow(/no parameter "lr.x"/)
  })

  it('picks the best distinct configs by the goal, one trial per config', () => {
    const trials = [
      makeTrial({ id: 1, params: { x: 1 }, finalValue: 0.5 }),
      makeTrial({ id: 2, params: { x: 2 }, finalValue: 0.1 }),
      makeTrial({ id: 3, params: { x: 2 }, finalValue: 0.2 }),
      makeTrial({ id: 4, params: { x: 3 }, finalValue: 0.3 }),
      makeTrial({ id: 5, params: { x: 4 }, finalValue: 0.0, status: 'failed' }),
    ]
    expect(topDistinctConfigs(trials, 'minimize', 2).map((t) => t.id)).toEqual([2, 4])
    expect(topDistinctConfigs(trials, 'maximize', 5).map((t) => t.id)).toEqual([1, 4, 3])
  })
})
