import { describe, expect, it } from 'vitest'
import { createSampler } from '../search/create-sampler.ts'
import { parseSweepSpec, validateSweepSpec } from './parse-sweep-spec.ts'

const HEAD = 'method: grid\nprogram: train.py\n'

/** `line:col path: message` of each problem, as the editor and the CLI show them. */
function problemsOf(text: string): string[] {
  const r = validateSweepSpec(text, 's.yaml')
  expect(r.ok).toBe(false)
  return r.problems.map((p) => `${p.line}:${p.column} ${p.path ?? ''}: ${p.message}`)
}

const FULL = `${HEAD}parameters:
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
  lr: "0.1 * d_model / 256"
constraints:
  - "layers * d_model <= 1024"
`

describe('sweep-file superset', () => {
  it('normalizes when:, group:, derived: and constraints:', () => {
    const spec = parseSweepSpec(FULL)
    expect(spec.parameters.momentum).toEqual({ distribution: 'categorical', values: [0.8, 0.9], when: { optimizer: ['sgd'] } })
    expect(spec.parameters.arch).toEqual({ distribution: 'categorical', group: [{ layers: 2, d_model: 64 }, { layers: 4, d_model: 128 }, { layers: 8, d_model: 256 }] })
    // The normalized spec is a sweep file too, and parses to itself.
    expect(parseSweepSpec(JSON.stringify(spec))).toEqual(spec)
    expect(spec.derived).toEqual({ warmup_steps: 'int(0.1 * steps)', lr: '0.1 * d_model / 256' })
    expect(spec.constraints).toEqual(['layers * d_model <= 1024'])
  })

  it('counts a grid exactly: distinct active combinations, minus what the constraints skip', () => {
    // adam: 3 archs x 2 steps = 6; sgd: 2 momenta x 3 x 2 = 12; the constraint drops arch 8x256 (1 of 3).
    expect(validateSweepSpec(FULL)).toEqual({ ok: true, problems: [], total: 12, grid: { combinations: 18, skipped: 6 } })
  })

  it('accepts a list of values in when:, several keys (all must hold) and a when: on a nested block', () => {
    const spec = parseSweepSpec(`${HEAD}parameters:
  opt: {values: [sgd, nesterov, adam]}
  sched: {values: [cosine, step]}
  momentum: {values: [0.9], when: {opt: [sgd, nesterov], sched: step}}
  sgd_opts:
    when: {opt: sgd}
    parameters:
      dampening: {values: [0, 0.1]}
`)
    expect(spec.parameters.momentum?.when).toEqual({ opt: ['sgd', 'nesterov'], sched: ['step'] })
    expect(spec.parameters.sgd_opts?.when).toEqual({ opt: ['sgd'] })
    // adam 2, nesterov 2 (cosine) + 2 (step, momentum), sgd: cosine 2 dampening + step 2 dampening = 4 -> 2+4+4 = 10
    expect(validateSweepSpec(`${HEAD}parameters:
  opt: {values: [sgd, nesterov, adam]}
  sched: {values: [cosine, step]}
  momentum: {values: [0.9], when: {opt: [sgd, nesterov], sched: step}}
  sgd_opts:
    when: {opt: sgd}
    parameters:
      dampening: {values: [0, 0.1]}
`).total).toBe(8)
  })

  it('points at bad conditions: unknown, continuous or missing values, self-reference and cycles', () => {
    expect(problemsOf(`${HEAD}parameters:\n  opt: {values: [adam, sgd]}\n  m: {values: [1], when: {optimiser: sgd}}\n`)).toEqual([
      "5:27 parameters.m.when.optimiser: when: unknown parameter 'optimiser' (did you mean 'opt'?); a condition names a categorical or constant parameter (nested ones dotted, e.g. model.type)",
    ].map((s) => s.replace(" (did you mean 'opt'?)", '')))
    expect(problemsOf(`method: random\nprogram: train.py\nparameters:\n  lr: {min: 0.1, max: 1.0}\n  m: {values: [1], when: {lr: 0.5}}\n`)[0]).toMatch(/^5:27 parameters\.m\.when\.lr: when: 'lr' is continuous/)
    expect(problemsOf(`${HEAD}parameters:\n  opt: {values: [adam, sgd]}\n  m: {values: [1], when: {opt: [sgd, sgdd]}}\n`)).toEqual([
      `5:38 parameters.m.when.opt.1: when: "sgdd" is not a value of 'opt' ("adam", "sgd"); to match a list value write it inside a list: [[1, 2]]`,
    ])
    expect(problemsOf(`${HEAD}parameters:\n  a: {values: [1, 2], when: {b: 1}}\n  b: {values: [1, 2], when: {a: 1}}\n`)).toEqual([
      expect.stringMatching(/^4:23 parameters\.a\.when: when: the conditions form a cycle \(a → b → a\)/),
    ])
    expect(problemsOf(`${HEAD}parameters:\n  a: {values: [1, 2], when: {a: 1}}\n`)[0]).toContain("when: 'a' cannot depend on itself")
  })

  it('checks groups: same keys in every row, nothing but group/probabilities/when, no name clashes', () => {
    expect(problemsOf(`${HEAD}parameters:\n  arch:\n    group:\n      - {layers: 2, d_model: 64}\n      - {layers: 4}\n`)).toEqual([
      '7:9 parameters.arch.group.1: every row of a group has the same keys (layers, d_model); this row lacks d_model',
    ])
    expect(problemsOf(`${HEAD}parameters:\n  arch: {group: [{layers: 2}], values: [1]}\n`)[0]).toContain("'values' cannot be combined with group")
    expect(problemsOf(`${HEAD}parameters:\n  layers: {values: [1]}\n  arch: {group: [{layers: 2}]}\n`)[0]).toContain("'layers' is also the flattened name of parameters.layers")
  })

  it('points inside expressions: the column of the unknown name or the syntax error', () => {
    expect(problemsOf(`${HEAD}parameters:\n  steps: {values: [10]}\nderived:\n  warm: "0.1 * stepz"\n`)).toEqual([
      expect.stringMatching(/^6:16 derived\.warm: unknown name 'stepz' \(did you mean 'steps'\?\)/),
    ])
    expect(problemsOf(`${HEAD}parameters:\n  steps: {values: [10]}\nconstraints:\n  - steps >= = 3\n`)).toEqual([
      "6:14 constraints.0: unexpected character '=' (compare with '==')",
    ])
    expect(problemsOf(`${HEAD}parameters:\n  steps: {values: [10]}\nderived:\n  a: "b + 1"\n  b: "steps"\n`)[0]).toContain("unknown name 'b'")
    expect(problemsOf(`${HEAD}parameters:\n  steps: {values: [10]}\nderived:\n  steps: "1"\n`)[0]).toContain("'steps' is already a parameter")
    expect(problemsOf(`${HEAD}parameters:\n  model:\n    parameters:\n      w: {values: [1]}\nderived:\n  model: "1"\n`)[0]).toContain("'model' is already a parameter")
    expect(problemsOf(`${HEAD}parameters:\n  g: {group: [{w: 1}]}\nderived:\n  w: "1"\n`)[0]).toContain("'w' is already a parameter")
  })

  it('evaluates a grid up front: a derived value that fails somewhere, or constraints that skip everything', () => {
    expect(problemsOf(`${HEAD}parameters:\n  bs: {values: [32, 0]}\nderived:\n  lr: "1 / bs"\n`)).toEqual([
      '6:10 derived.lr: division by zero in "1 / bs" for bs=0',
    ])
    expect(problemsOf(`${HEAD}parameters:\n  bs: {values: [32, 64]}\nconstraints: ["bs > 100"]\n`)).toEqual([
      "5:1 constraints: the constraints skip every one of the grid's 2 points; nothing would run",
    ])
  })

  it('draws random and bayes spaces at validation: impossible constraints and failing expressions are found', () => {
    const random = 'method: random\nprogram: train.py\n'
    expect(problemsOf(`${random}parameters:\n  x: {min: 0.0, max: 1.0}\nconstraints: ["x > 2"]\n`)).toEqual([
      '5:15 constraints.0: none of 1000 random draws meets the constraints (this one rejected 1000); loosen them or narrow the parameters',
    ])
    expect(problemsOf(`${random}parameters:\n  x: {values: [0, 1]}\nderived:\n  y: "log(x)"\n`)[0]).toMatch(/^6:7 derived\.y: log of a number <= 0 \(0\) in "log\(x\)" for x=0/)
    expect(validateSweepSpec(`${random}parameters:\n  x: {min: 0.0, max: 1.0}\nconstraints: ["x > 0.5"]\n`).ok).toBe(true)
  })

  it('treats names such as __proto__ and constructor as names, never as object internals', () => {
    expect(problemsOf(`${HEAD}parameters:\n  a: {values: [1], when: {__proto__: 1}}\n`)[0]).toContain("when: unknown parameter '__proto__'")
    expect(problemsOf(`${HEAD}parameters:\n  a: {values: [1]}\nconstraints: ["constructor > 1"]\n`)[0]).toContain("unknown name 'constructor'")
    const spec = parseSweepSpec(`${HEAD}parameters:\n  a: {values: [1, 2]}\nderived:\n  constructor: "a * 2"\n  toString: "constructor + 1"\n`)
    expect(validateSweepSpec(`${HEAD}parameters:\n  a: {values: [1, 2]}\nderived:\n  constructor: "a * 2"\n  toString: "constructor + 1"\n`).total).toBe(2)
    expect(spec.derived).toEqual({ constructor: 'a * 2', toString: 'constructor + 1' })
    expect(problemsOf(`${HEAD}parameters:\n  a: {values: [1, 2]}\nderived:\n  __proto__: "a * 2"\n`)).toEqual(["6:3 derived.__proto__: '__proto__' cannot be the name of a derived value"])
    const { params } = createSampler(spec, 0).sample(1)
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype)
    expect(params).toEqual({ a: 2, constructor: 4, toString: 5 })
  })

  it('leaves plain W&B files exactly as before', () => {
    const text = `${HEAD}parameters:\n  lr: {values: [0.1, 0.01]}\n  bs: {values: [16, 32]}\n`
    expect(validateSweepSpec(text)).toEqual({ ok: true, problems: [], total: 4 })
    expect(parseSweepSpec(text)).not.toHaveProperty('derived')
  })
})
