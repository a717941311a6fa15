import { describe, expect, it } from 'vitest'
import { applySpecEdit, type SpecEdit } from './spec-edits.ts'
import { readSpecForm, TOP_FIELDS, type TopField } from './spec-form.ts'

function edit(text: string, ...edits: SpecEdit[]): string {
  let out = text
  for (const e of edits) {
    const res = applySpecEdit(out, e)
    if (!res.ok) throw new Error(`${e.type}: ${res.message}`)
    out = res.text
  }
  return out
}

function refusal(text: string, e: SpecEdit): string {
  const res = applySpecEdit(text, e)
  if (res.ok) throw new Error(`expected ${e.type} to be refused`)
  return res.message
}

const SPAM = `# Grid search of the built-in text classifier.
name: spam-classifier
method: grid
trainer: text-classifier
dataset:
  name: spam
  tokenizer: {type: word, vocab_size: 5000} # shared by every trial
metric: {name: val_f1, goal: maximize}
seed: 1

# the search space
parameters:
  learning_rate: {values: [0.001, 0.003, 0.01]} # peak rate
  embedding: {values: [32, 64]}
  epochs: {value: 4}
`

describe('applySpecEdit: top-level fields', () => {
  it('changes only the edited value, keeping comments, blank lines and unknown keys', () => {
    expect(edit(SPAM, { type: 'set-field', field: 'name', text: 'spam-2' })).toBe(SPAM.replace('name: spam-classifier', 'name: spam-2'))
    expect(edit(SPAM, { type: 'set-field', field: 'metricGoal', text: 'minimize' })).toBe(SPAM.replace('goal: maximize', 'goal: minimize'))
  })

  it('writes every field back unchanged when it is set to what the form shows (round trip)', () => {
    const read = readSpecForm(SPAM)
    if (!read.ok) throw new Error(read.reason)
    for (const field of Object.keys(TOP_FIELDS) as TopField[]) {
      const text = read.form.fields[field]
      if (text === '' || read.form.lockedFields.includes(field)) continue
      expect(edit(SPAM, { type: 'set-field', field, text }), field).toBe(SPAM)
    }
  })

  it('adds a new key above parameters, as the examples are laid out', () => {
    const out = edit(SPAM, { type: 'set-field', field: 'runCap', text: '5' }, { type: 'set-field', field: 'workers', text: '2' })
    expect(out).toContain('seed: 1\nrun_cap: 5\nworkers: 2\n\n# the search space\nparameters:')
  })

  it('removes a key whose field is cleared', () => {
    const withCap = edit(SPAM, { type: 'set-field', field: 'runCap', text: '5' })
    expect(edit(withCap, { type: 'set-field', field: 'runCap', text: '' })).toBe(SPAM)
  })

  it('refuses a run_cap that is not a whole number, leaving the text alone', () => {
    expect(refusal(SPAM, { type: 'set-field', field: 'runCap', text: '2.5' })).toMatch(/whole number/)
    expect(refusal(SPAM, { type: 'set-field', field: 'workers', text: '0' })).toMatch(/at least 1/)
  })

  it('quotes text that YAML would read as another type', () => {
    const out = edit(SPAM, { type: 'set-field', field: 'name', text: 'yes' }, { type: 'set-field', field: 'description', text: '0.5' })
    expect(out).toContain('name: "yes"')
    expect(out).toContain('description: "0.5"')
    const read = readSpecForm(out)
    expect(read.ok && read.form.fields.name).toBe('yes')
  })

  it('creates metric when a name is typed and removes it when the name is cleared', () => {
    const bare = 'method: random\ntrainer: noop\nparameters:\n  x: {value: 1}\n'
    const named = edit(bare, { type: 'set-field', field: 'metricName', text: 'loss' }, { type: 'set-field', field: 'metricGoal', text: 'maximize' })
    expect(named).toBe('method: random\ntrainer: noop\nmetric:\n  name: loss\n  goal: maximize\nparameters:\n  x: {value: 1}\n')
    expect(edit(named, { type: 'set-field', field: 'metricName', text: '' })).toBe(bare)
  })

  it('keeps metric when clearing the name would drop a target', () => {
    const text = 'method: random\nmetric: {name: loss, target: 0.1}\nparameters: {}\n'
    expect(edit(text, { type: 'set-field', field: 'metricName', text: '' })).toBe('method: random\nmetric: {target: 0.1}\nparameters: {}\n')
  })

  it('switches between a trainer and a program, removing what cannot go with it', () => {
    const program = edit(SPAM, { type: 'set-runner', runner: 'program' })
    expect(program).not.toContain('trainer:')
    expect(program).toContain('program: train.py\n')
    const cmd = edit(program, { type: 'set-field', field: 'command', text: 'python3\n${program}\n\n${args}\n' })
    expect(cmd).toContain('command:\n  - python3\n  - ${program}\n  - ${args}\n')
    const back = edit(cmd, { type: 'set-runner', runner: 'trainer' })
    expect(back).not.toMatch(/program|command/)
    expect(back).toContain('trainer: text-classifier')
  })

  it('keeps a flow-style command in flow style', () => {
    const text = 'method: grid\ncommand: [node, "${program}"]\nprogram: a.mjs\nparameters: {}\n'
    expect(edit(text, { type: 'set-field', field: 'command', text: 'node\n${program}\n${args}' })).toContain('command: [node, "${program}", "${args}"]')
  })

  it('renames a dataset given as a mapping and keeps its other keys', () => {
    const out = edit(SPAM, { type: 'set-field', field: 'dataset', text: 'my-mails' })
    expect(out).toContain('dataset:\n  name: my-mails\n  tokenizer: {type: word, vocab_size: 5000} # shared by every trial\n')
  })

  it('refuses to edit a file with a syntax error', () => {
    expect(refusal('method: [grid\n', { type: 'set-field', field: 'name', text: 'x' })).toMatch(/syntax/)
  })

  it('fills an empty file', () => {
    expect(edit('', { type: 'set-field', field: 'method', text: 'grid' })).toBe('method: grid\n')
  })

  it('keeps a JSON file JSON, floats written as floats', () => {
    const json = '{"method": "random", "trainer": "noop", "parameters": {"x": {"min": 0.0, "max": 1.0}}}\n'
    const out = edit(json, { type: 'set-field', field: 'runCap', text: '3' }, { type: 'set-param-field', path: ['x'], field: 'max', text: '2.0' })
    expect(JSON.parse(out)).toEqual({ method: 'random', trainer: 'noop', run_cap: 3, parameters: { x: { min: 0, max: 2 } } })
    expect(out).toContain('"x": {"min": 0.0, "max": 2.0}')
  })
})

describe('applySpecEdit: parameters', () => {
  it('edits a list of values in place, keeping the trailing comment', () => {
    const out = edit(SPAM, { type: 'set-param-field', path: ['learning_rate'], field: 'values', text: '0.001, 1e-4' })
    expect(out).toContain('  learning_rate: {values: [0.001, 1e-4]} # peak rate\n')
  })

  it('keeps a block list a block list', () => {
    const text = 'method: grid\nparameters:\n  x:\n    values:\n      - 1\n      - 2\n'
    expect(edit(text, { type: 'set-param-field', path: ['x'], field: 'values', text: '1, 2, 3' })).toBe('method: grid\nparameters:\n  x:\n    values:\n      - 1\n      - 2\n      - 3\n')
  })

  it('takes any YAML value: lists, mappings, quoted text', () => {
    const out = edit(SPAM,
      { type: 'set-param-field', path: ['embedding'], field: 'values', text: '[16], [32, 32], {a: 1}' },
      { type: 'set-param-field', path: ['epochs'], field: 'value', text: '"yes"' })
    expect(out).toContain('embedding: {values: [[16], [32, 32], {a: 1}]}')
    expect(out).toContain('epochs: {value: "yes"}')
  })

  it('refuses text that is not a YAML value and a bound that is not a number', () => {
    expect(refusal(SPAM, { type: 'set-param-field', path: ['epochs'], field: 'value', text: '[1, 2' })).toMatch(/not a YAML value/)
    const ranged = 'method: random\nparameters:\n  lr: {min: 0.1, max: 1.0}\n'
    expect(refusal(ranged, { type: 'set-param-field', path: ['lr'], field: 'min', text: 'abc' })).toBe('expected a number')
    expect(refusal(ranged, { type: 'set-param-field', path: ['lr'], field: 'max', text: '' })).toBe('max is required')
  })

  it('keeps the spelling of a float bound, which decides int_uniform versus uniform', () => {
    const text = 'method: random\nparameters:\n  w: {min: 0, max: 10}\n'
    const out = edit(text, { type: 'set-param-field', path: ['w'], field: 'min', text: '0.0' })
    expect(out).toContain('w: {min: 0.0, max: 10}')
    const read = readSpecForm(out)
    expect(read.ok && read.form.params[0]!.inferred).toBe('uniform')
  })

  it('changes the distribution: writes it first, drops keys that do not belong, adds missing bounds', () => {
    const text = 'method: random\nparameters:\n  lr: {mu: 0, sigma: 1, q: 0.5}\n'
    expect(edit(text, { type: 'set-distribution', path: ['lr'], distribution: 'q_log_uniform_values' }))
      .toContain('lr: {distribution: q_log_uniform_values, q: 0.5, min: 0.0001, max: 0.1}')
    expect(edit(text, { type: 'set-distribution', path: ['lr'], distribution: 'log_normal' })).toContain('lr: {distribution: log_normal, mu: 0, sigma: 1}')
    const explicit = 'method: random\nparameters:\n  lr: {distribution: uniform, min: 0.0, max: 1.0}\n'
    expect(edit(explicit, { type: 'set-distribution', path: ['lr'], distribution: '' })).toContain('lr: {min: 0.0, max: 1.0}')
  })

  it('turns a single value into a one-item list and a list into its first value', () => {
    expect(edit(SPAM, { type: 'set-param-kind', path: ['epochs'], kind: 'values' })).toContain('epochs: {values: [4]}')
    expect(edit(SPAM, { type: 'set-param-kind', path: ['embedding'], kind: 'value' })).toContain('embedding: {value: 32}')
  })

  it('turns a list of numbers into a range: log scale for rates, integers for sizes', () => {
    expect(edit(SPAM, { type: 'set-param-kind', path: ['learning_rate'], kind: 'distribution' }))
      .toContain('learning_rate: {distribution: log_uniform_values, min: 0.001, max: 0.01} # peak rate')
    expect(edit(SPAM, { type: 'set-param-kind', path: ['embedding'], kind: 'distribution' }))
      .toContain('embedding: {distribution: int_uniform, min: 32, max: 64}')
    const floats = 'method: random\nparameters:\n  d: {values: [0, 0.5]}\n'
    expect(edit(floats, { type: 'set-param-kind', path: ['d'], kind: 'distribution' })).toContain('d: {distribution: uniform, min: 0.0, max: 0.5}')
  })

  it('lists the points of a small integer range when it becomes a list', () => {
    const text = 'method: random\nparameters:\n  layers: {distribution: int_uniform, min: 1, max: 4}\n'
    expect(edit(text, { type: 'set-param-kind', path: ['layers'], kind: 'values' })).toContain('layers: {values: [1, 2, 3, 4]}')
  })

  it('nests a parameter, keeping its spec as the first child', () => {
    const out = edit(SPAM, { type: 'set-param-kind', path: ['epochs'], kind: 'nested' })
    expect(out).toContain('epochs: {parameters: {param1: {value: 4}}}')
    const read = readSpecForm(out)
    expect(read.ok && read.form.params[2]!.children.map((c) => [c.path, c.kind])).toEqual([[['epochs', 'param1'], 'value']])
  })

  it('adds a parameter with a free name, in the style of its neighbours', () => {
    const out = edit(SPAM, { type: 'add-param', parent: [] }, { type: 'add-param', parent: [] })
    expect(out).toContain('  epochs: {value: 4}\n  param4: {values: [1, 2]}\n  param5: {values: [1, 2]}\n')
    const block = 'method: grid\nparameters:\n  x:\n    values: [1]\n'
    expect(edit(block, { type: 'add-param', parent: [] })).toBe('method: grid\nparameters:\n  x:\n    values: [1]\n  param2:\n    values: [1, 2]\n')
  })

  it('adds the first parameter of a file that has none', () => {
    expect(edit('method: grid\ntrainer: noop\n', { type: 'add-param', parent: [] })).toBe('method: grid\ntrainer: noop\nparameters:\n  param1: {values: [1, 2]}\n')
  })

  it('edits nested parameters at any depth', () => {
    const text = 'method: grid\nparameters:\n  opt:\n    parameters:\n      name: {values: [adam, sgd]} # which one\n      beta:\n        parameters:\n          b1: {value: 0.9}\n'
    const out = edit(text,
      { type: 'set-param-field', path: ['opt', 'beta', 'b1'], field: 'value', text: '0.95' },
      { type: 'rename-param', path: ['opt', 'name'], name: 'kind' },
      { type: 'add-param', parent: ['opt', 'beta'] })
    expect(out).toBe('method: grid\nparameters:\n  opt:\n    parameters:\n      kind: {values: [adam, sgd]} # which one\n      beta:\n        parameters:\n          b1: {value: 0.95}\n          param2: {values: [1, 2]}\n')
    expect(edit(out, { type: 'remove-param', path: ['opt', 'beta'] })).toBe('method: grid\nparameters:\n  opt:\n    parameters:\n      kind: {values: [adam, sgd]} # which one\n')
  })

  it('renames in place and refuses a bad or taken name', () => {
    expect(edit(SPAM, { type: 'rename-param', path: ['embedding'], name: 'emb' })).toContain('  learning_rate: {values: [0.001, 0.003, 0.01]} # peak rate\n  emb: {values: [32, 64]}\n')
    expect(refusal(SPAM, { type: 'rename-param', path: ['embedding'], name: '9x' })).toMatch(/starts with a letter/)
    expect(refusal(SPAM, { type: 'rename-param', path: ['embedding'], name: 'epochs' })).toMatch(/already a parameter epochs/)
  })

  it('moves a parameter up and down (grid order), and stops at the ends', () => {
    const up = edit(SPAM, { type: 'move-param', path: ['epochs'], offset: -1 })
    expect(up).toContain('  learning_rate: {values: [0.001, 0.003, 0.01]} # peak rate\n  epochs: {value: 4}\n  embedding: {values: [32, 64]}\n')
    expect(edit(SPAM, { type: 'move-param', path: ['learning_rate'], offset: -1 })).toBe(SPAM)
  })

  it('refuses an edit of a parameter that is gone', () => {
    expect(refusal(SPAM, { type: 'remove-param', path: ['nope'] })).toMatch(/no parameter nope/)
  })

  it('gives a parameter written as a bare value a mapping when the form sets its kind', () => {
    const text = 'method: grid\nparameters:\n  x: 5\n'
    expect(edit(text, { type: 'set-param-kind', path: ['x'], kind: 'values' })).toContain('x: {values: [1, 2]}')
  })

  it('keeps a probabilities list optional: clearing it removes the key', () => {
    const text = 'method: random\nparameters:\n  o: {values: [a, b], probabilities: [0.5, 0.5]}\n'
    expect(edit(text, { type: 'set-param-field', path: ['o'], field: 'probabilities', text: '' })).toContain('o: {values: [a, b]}')
  })
})
