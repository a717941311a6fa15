import { describe, expect, it } from 'vitest'
import { paramProblems } from './form-problems.ts'
import { readSpecForm, type ParamRow, type SpecForm } from './spec-form.ts'

function form(text: string): SpecForm {
  const read = readSpecForm(text)
  if (!read.ok) throw new Error(read.reason)
  return read.form
}

function row(f: SpecForm, ...path: string[]): ParamRow {
  let rows = f.params
  let found: ParamRow | undefined
  for (const name of path) {
    found = rows.find((r) => r.name === name)
    if (!found) throw new Error(`no row ${path.join('.')}`)
    rows = found.children
  }
  return found!
}

const WANDB = `# W&B style
program: quadratic.py
name: wandb-style
project: sweeplab-examples
method: random
metric:
  name: val_loss
  goal: minimize
  target: 0.01
parameters:
  x:
    distribution: q_uniform
    min: -2
    max: 2
    q: 0.25
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
  opt:
    distribution: categorical
    values: [adam, sgd, rmsprop]
    probabilities: [0.6, 0.2, 0.2]
  steps: {min: 15, max: 30}
  width: {min: 0.0, max: 1}
  noise: {mu: 0, sigma: 0.5}
  epochs: {value: 10}
  hidden: {values: [[16], [32, 32]]}
  schedule:
    parameters:
      warmup: {values: [0, 5]}
      decay: {value: 0.95}
early_terminate: {type: hyperband, min_iter: 5}
run_cap: 10
command:
  - \${env}
  - \${interpreter}
  - \${program}
  - \${args}
`

describe('readSpecForm', () => {
  it('reads the common fields of a W&B sweep file', () => {
    const f = form(WANDB)
    expect(f.fields).toMatchObject({
      name: 'wandb-style', method: 'random', metricName: 'val_loss', metricGoal: 'minimize', runCap: '10', workers: '',
      program: 'quadratic.py', trainer: '', command: '${env}\n${interpreter}\n${program}\n${args}',
    })
    expect(f.runner).toBe('program')
    expect(f.lockedFields).toEqual([])
  })

  it('lists the keys the form does not edit as YAML-only, nested keys dotted', () => {
    expect(form(WANDB).yamlOnly).toEqual(['project', 'metric.target', 'early_terminate'])
  })

  it('reads each parameter kind with the text its fields show', () => {
    const f = form(WANDB)
    expect(f.params.map((r) => [r.name, r.kind])).toEqual([
      ['x', 'distribution'], ['lr', 'distribution'], ['opt', 'values'], ['steps', 'distribution'], ['width', 'distribution'],
      ['noise', 'distribution'], ['epochs', 'value'], ['hidden', 'values'], ['schedule', 'nested'],
    ])
    expect(row(f, 'x')).toMatchObject({ distribution: 'q_uniform', inferred: null, fields: { min: '-2', max: '2', q: '0.25' }, yamlOnly: [] })
    expect(row(f, 'lr').fields).toEqual({ min: '0.0001', max: '0.1' })
    expect(row(f, 'opt')).toMatchObject({ fields: { values: 'adam, sgd, rmsprop', probabilities: '0.6, 0.2, 0.2' }, yamlOnly: [] })
    expect(row(f, 'epochs').fields).toEqual({ value: '10' })
    expect(row(f, 'hidden').fields).toEqual({ values: '[16], [32, 32]' })
  })

  it('infers the distribution as W&B does when none is written', () => {
    const f = form(WANDB)
    expect(row(f, 'steps')).toMatchObject({ distribution: null, inferred: 'int_uniform' })
    expect(row(f, 'width')).toMatchObject({ distribution: null, inferred: 'uniform', fields: { min: '0.0', max: '1' } })
    expect(row(f, 'noise')).toMatchObject({ distribution: null, inferred: 'normal', fields: { mu: '0', sigma: '0.5' } })
  })

  it('reads nested parameters as child rows with their full path', () => {
    const schedule = row(form(WANDB), 'schedule')
    expect(schedule.children.map((c) => [c.name, c.kind, c.path])).toEqual([
      ['warmup', 'values', ['schedule', 'warmup']],
      ['decay', 'value', ['schedule', 'decay']],
    ])
  })

  it('keeps keys that do not belong to a parameter kind as YAML-only on that row', () => {
    const f = form('method: grid\nparameters:\n  a: {values: [1, 2], mu: 3}\n  b: {distribution: uniform, min: 0, max: 1, sigma: 2}\n  c: 5\n')
    expect(row(f, 'a').yamlOnly).toEqual(['mu'])
    expect(row(f, 'b').yamlOnly).toEqual(['sigma'])
    expect(row(f, 'c').kind).toBe('yaml-only')
  })

  it('shows a multi-line value as locked instead of flattening it', () => {
    const f = form('method: grid\nparameters:\n  prompt:\n    value: |\n      line one\n      line two\n')
    expect(row(f, 'prompt').lockedFields).toEqual(['value'])
  })

  it('reads a dataset by name, and locks one given by path', () => {
    expect(form('trainer: tabular\ndataset: iris\n').fields.dataset).toBe('iris')
    const named = form('trainer: tabular\ndataset: {name: spam, max_rows: 10}\n')
    expect(named.fields.dataset).toBe('spam')
    expect(named.yamlOnly).toEqual(['dataset.max_rows'])
    expect(named.runner).toBe('trainer')
    expect(form('trainer: tabular\ndataset: {path: data.csv}\n').lockedFields).toEqual(['dataset'])
  })

  it('reads YAML 1.1 as the engine does: yes is a boolean, n is a name, dates stay text', () => {
    const f = form('method: grid\nparameters:\n  n: {values: [yes, no, "yes"]}\n  d: {value: 2024-01-31}\n')
    expect(f.params.map((r) => r.name)).toEqual(['n', 'd'])
    expect(row(f, 'n').fields.values).toBe('yes, no, "yes"')
    expect(row(f, 'd').fields.value).toBe('2024-01-31')
  })

  it('refuses to read a file with a syntax error, saying on which line', () => {
    const read = readSpecForm('method: grid\nparameters:\n  a: {values: [1, 2}\n')
    expect(read.ok).toBe(false)
    expect(read.ok === false && read.line).toBe(3)
  })

  it('refuses a document that is not a mapping', () => {
    expect(readSpecForm('- a\n- b\n').ok).toBe(false)
  })

  it('reads an empty file as an empty form', () => {
    const f = form('')
    expect(f.fields.name).toBe('')
    expect(f.params).toEqual([])
    expect(f.runner).toBe('none')
  })

  it('reads a JSON sweep file', () => {
    const f = form('{"method": "grid", "metric": {"name": "loss"}, "parameters": {"lr": {"values": [0.1, 0.01]}}, "trainer": "noop"}')
    expect(f.fields.metricName).toBe('loss')
    expect(row(f, 'lr').fields.values).toBe('0.1, 0.01')
  })
})

describe('paramProblems', () => {
  const problems = [
    { path: 'parameters.lr.max', message: 'expected max greater than min' },
    { path: 'parameters.lr', message: 'grid cannot enumerate' },
    { path: 'parameters.schedule.parameters.warmup.values', message: 'empty list' },
    { path: 'parameters.schedule', message: 'schedule problem' },
    { path: 'parameters.schedule.parameters.warmupx', message: 'not a child of schedule.warmup' },
  ]
  it('gives a field its own problems and a row those of no field or child', () => {
    const f = form(WANDB)
    expect(paramProblems(problems, row(f, 'lr'), 'max')).toEqual(['expected max greater than min'])
    expect(paramProblems(problems, row(f, 'lr'))).toEqual(['grid cannot enumerate'])
    expect(paramProblems(problems, row(f, 'schedule'))).toEqual(['schedule problem', 'not a child of schedule.warmup'])
    expect(paramProblems(problems, row(f, 'schedule', 'warmup'), 'values')).toEqual(['empty list'])
  })
})

describe('the form on a file with the superset keys', () => {
  it('shows when:, group:, derived: and constraints: as kept in the YAML, and the rest as usual', () => {
    const f = form(`method: grid
program: t.py
parameters:
  opt: {values: [adam, sgd]}
  m: {values: [0.8, 0.9], when: {opt: sgd}}
  arch: {group: [{layers: 2, d_model: 64}]}
derived: {w: "2 * layers"}
constraints: ["layers < 10"]
`)
    expect(row(f, 'm')).toMatchObject({ kind: 'values', fields: { values: '0.8, 0.9' }, yamlOnly: ['when'] })
    expect(row(f, 'arch')).toMatchObject({ kind: 'yaml-only', yamlOnly: ['group'] })
    expect(f.yamlOnly).toEqual(expect.arrayContaining(['derived', 'constraints']))
  })
})
