import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { ErrorLocation } from '../../../shared/errors.ts'
import type { SweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec, validateSweepSpec } from './parse-sweep-spec.ts'

function parseError(text: string, file = 'sweep.yaml'): SweeplabError {
  try {
    parseSweepSpec(text, file)
  } catch (e) {
    if (isSweeplabError(e)) return e
    throw e
  }
  throw new Error('expected parseSweepSpec to throw')
}

function problemsOf(text: string): ReadonlyArray<ErrorLocation> {
  return parseError(text).details?.problems ?? []
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`

describe('parseSweepSpec errors', () => {
  it('points at the offending value with file:line:col, key path, expected and got', () => {
    const e = parseError(
      lines(
        'program: train.py', //
        'method: random',
        'parameters:',
        '  epochs:',
        '    value: 3',
        '  lr:',
        '    min: 1e-3x',
        '    max: 0.1',
      ),
    )
    expect(e.code).toBe('spec/invalid')
    expect(e.message).toBe('sweep.yaml:7:10 parameters.lr.min: expected a number, got "1e-3x"')
    expect(e.details?.problems).toEqual([
      { file: 'sweep.yaml', line: 7, column: 10, path: 'parameters.lr.min', message: 'expected a number, got "1e-3x"' },
    ])
  })

  it('reports several problems at once, in file order, one per line', () => {
    const e = parseError(
      lines(
        'method: random', // 1
        'program: train.py',
        'metric:',
        '  name: loss',
        '  goal: minimise', // 5
        'parameters:',
        '  lr:',
        '    min: 0.5',
        '    max: 0.1', // 9
        '  bs:',
        '    valeus: [16, 32]', // 11
        'retries: -1', // 12
        'timeout: 10 minutes', // 13
      ),
    )
    const got = e.message.split('\n')
    expect(got).toEqual([
      `sweep.yaml:5:9 metric.goal: expected one of minimize, maximize, got "minimise" (did you mean 'minimize'?)`,
      'sweep.yaml:9:10 parameters.lr.max: expected max greater than min (0.5), got 0.1',
      `sweep.yaml:11:5 parameters.bs.valeus: unknown key 'valeus' (did you mean 'values'?); expected one of value, values, probabilities, distribution, min, max, mu, sigma, q, a, b, parameters, group, when`,
      'sweep.yaml:12:10 retries: expected a number >= 0, got -1',
      'sweep.yaml:13:10 timeout: expected a duration such as 30s, 10m or 2h, got "10 minutes"',
    ])
    expect(e.details?.problems).toHaveLength(5)
  })

  it('names the allowed keys for an unknown top-level key and explains W&B Launch keys', () => {
    const problems = problemsOf(lines('method: grid', 'program: a.py', 'paramters: {}', 'job: my-job', 'parameters:', '  a: {value: 1}'))
    expect(problems[0]).toMatchObject({ line: 3, column: 1, path: 'paramters' })
    expect(problems[0]?.message).toMatch(/^unknown key 'paramters' \(did you mean 'parameters'\?\); expected one of name, description, method, metric, parameters, run_cap, program, command/)
    expect(problems[1]).toMatchObject({ line: 4, column: 1, path: 'job' })
    expect(problems[1]?.message).toContain('W&B Launch key')
  })

  it('refuses a timeout of 0 or longer than Node can time (24 days), located', () => {
    const at = (t: string): string => parseError(lines('method: grid', 'program: a.py', 'parameters:', '  a: {value: 1}', `timeout: ${t}`)).message
    expect(at('0s')).toBe('sweep.yaml:5:10 timeout: expected a duration between 1ms and 24 days, got "0s"')
    expect(at('0ms')).toBe('sweep.yaml:5:10 timeout: expected a duration between 1ms and 24 days, got "0ms"')
    expect(at('600h')).toBe('sweep.yaml:5:10 timeout: expected a duration between 1ms and 24 days, got "600h"')
    expect(at('0.0004')).toBe('sweep.yaml:5:10 timeout: expected a duration between 1ms and 24 days, got 0.0004')
    expect(at('0')).toBe('sweep.yaml:5:10 timeout: expected a number > 0, got 0')
    expect(at('2073601')).toBe('sweep.yaml:5:10 timeout: expected a number <= 2073600, got 2073601')
    const ok = (t: string): number | undefined => parseSweepSpec(lines('method: grid', 'program: a.py', 'parameters:', '  a: {value: 1}', `timeout: ${t}`)).timeout
    expect([ok('1ms'), ok('576h'), ok('2073600')]).toEqual([0.001, 2_073_600, 2_073_600])
  })

  it('points a missing key at the map that lacks it', () => {
    const problems = problemsOf(lines('program: a.py', 'parameters:', '  lr:', '    min: 0.1', 'metric:', '  goal: maximize'))
    expect(problems).toEqual([
      { file: 'sweep.yaml', line: 1, column: 1, path: 'method', message: "missing required key 'method'; expected one of grid, random, bayes" },
      { file: 'sweep.yaml', line: 3, column: 3, path: 'parameters.lr.max', message: "missing key 'max'; a range needs both min and max" },
      { file: 'sweep.yaml', line: 5, column: 1, path: 'metric.name', message: "missing required key 'name'; expected a string" },
    ])
  })

  it('reports a YAML syntax error at its own position', () => {
    const e = parseError(lines('method: random', 'program: a.py', 'parameters:', '  lr: {values: [1, 2}', '  b: 1'))
    expect(e.code).toBe('spec/parse')
    expect(e.details?.problems?.[0]).toMatchObject({ file: 'sweep.yaml', line: 4, column: 21 })
    expect(e.message).toMatch(/^sweep\.yaml:4:21: YAML syntax error: /)
  })

  it('refuses duplicate keys instead of silently keeping the last', () => {
    const e = parseError(lines('method: random', 'method: grid', 'program: a.py', 'parameters: {a: {value: 1}}'))
    expect(e.code).toBe('spec/parse')
    expect(e.details?.problems?.[0]).toMatchObject({ line: 2, column: 1 })
  })

  it('refuses an early_terminate that cannot work, at its line, before any trial runs', () => {
    const e = parseError(lines('program: a.py', 'method: random', 'metric: {name: loss}', 'parameters:', '  lr: {min: 0.0, max: 1.0}', 'early_terminate:', '  type: hyperband', '  max_iter: 9'))
    expect(e.code).toBe('spec/invalid')
    expect(e.message).toBe('sweep.yaml:7:3 early_terminate: hyperband with max_iter needs s (how many bands below max_iter)')
  })

  it('refuses bayes without a metric, and says what to add', () => {
    const e = parseError(lines('program: a.py', 'method: bayes', 'parameters:', '  lr: {min: 0.0, max: 1.0}'))
    expect(e.code).toBe('spec/invalid')
    expect(e.message).toBe('sweep.yaml:2:9 method: method bayes optimizes a metric: add metric: {name: val_loss, goal: minimize} (the name your trials report)')
  })

  it('refuses a continuous distribution in a grid and says how to fix it', () => {
    const e = parseError(lines('program: a.py', 'method: grid', 'parameters:', '  lr:', '    distribution: log_uniform_values', '    min: 0.0001', '    max: 0.1', '  wd: {min: 0.0, max: 0.1}'))
    expect(e.code).toBe('spec/grid-continuous')
    const problems = e.details?.problems ?? []
    expect(problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [5, 19, 'parameters.lr.distribution'],
      [8, 3, 'parameters.wd'],
    ])
    expect(problems[0]?.message).toContain('use int_uniform')
    expect(problems[0]?.message).toContain('values: [...]')
  })

  it('uses spec/invalid when problems of several kinds are mixed', () => {
    const e = parseError(lines('program: a.py', 'method: grid', 'parameters:', '  lr: {distribution: normal}', '  x: {valu: 1}'))
    expect(e.code).toBe('spec/invalid')
    expect(e.details?.problems).toHaveLength(2)
  })

  it('requires exactly one of value, values, a distribution or nested parameters', () => {
    const problems = problemsOf(
      lines('program: a.py', 'method: random', 'parameters:', '  a: {value: 1, values: [1, 2]}', '  b: {}', '  c: {values: [1], parameters: {d: {value: 1}}}', '  e: {q: 2}'),
    )
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [4, 'parameters.a.values'],
      [5, 'parameters.b'],
      [6, 'parameters.c.values'],
      [7, 'parameters.e.q'],
    ])
    expect(problems[0]?.message).toContain("'values' cannot be combined with 'value'")
    expect(problems[3]?.message).toContain('q_uniform')
  })

  it('checks distribution-specific keys and bounds', () => {
    const problems = problemsOf(
      lines(
        'program: a.py',
        'method: random',
        'parameters:',
        '  a: {distribution: uniform, min: 0, max: 1, mu: 3}', // 4
        '  b: {distribution: log_uniform_values, min: 0, max: 1}', // 5
        '  c: {distribution: int_uniform, min: 0.5, max: 4}', // 6
        '  d: {distribution: log_uniform, min: 0, max: 800}', // 7
        '  e: {distribution: normal, sigma: 0}', // 8
        '  f: {distribution: q_uniform, max: 3}', // 9
      ),
    )
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      "4:46 parameters.a.mu: 'mu' does not apply to distribution uniform; it takes min, max",
      '5:46 parameters.b.min: expected min > 0 (log_uniform_values bounds are values on a log scale), got 0',
      '6:39 parameters.c.min: expected an integer (distribution int_uniform), got 0.5',
      '7:47 parameters.d.max: log_uniform takes natural-log exponents and exp(800) overflows; for bounds given as values use log_uniform_values',
      '8:36 parameters.e.sigma: expected a number > 0, got 0',
      "9:3 parameters.f.min: missing key 'min'; distribution q_uniform needs min and max",
    ])
  })

  it('checks probabilities: only with values, one per value, summing to 1', () => {
    const problems = problemsOf(
      lines(
        'program: a.py',
        'method: random',
        'parameters:',
        '  a: {values: [1, 2, 3], probabilities: [0.5, 0.5]}',
        '  b: {values: [1, 2], probabilities: [0.5, 0.4]}',
        '  c: {min: 0, max: 3, probabilities: [1]}',
        '  d: {values: [1, 2], probabilities: [0.3, 0.7000000001]}',
      ),
    )
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [4, 'parameters.a.probabilities', 'expected 3 probabilities (one per value), got 2'],
      [5, 'parameters.b.probabilities', 'expected probabilities that sum to 1, got a sum of 0.9'],
      [6, 'parameters.c.probabilities', "'probabilities' go only with values (one probability per value)"],
    ])
  })

  it('refuses probabilities in a grid, as W&B does', () => {
    const e = parseError(lines('program: a.py', 'method: grid', 'parameters:', '  a: {values: [1, 2], probabilities: [0.5, 0.5]}'))
    expect(e.message).toContain('parameters.a.probabilities: probabilities have no meaning in a grid')
  })

  it('needs something to run, and not a trainer together with a command', () => {
    expect(problemsOf(lines('method: random', 'parameters: {a: {value: 1}}'))[0]?.message).toBe('nothing to run: set program (your script), command, or trainer')
    const both = problemsOf(lines('method: random', 'trainer: noop', 'program: a.py', 'parameters: {a: {value: 1}}'))
    expect(both[0]).toMatchObject({ line: 2, column: 1, path: 'trainer' })
  })

  it('checks command macros', () => {
    const problems = problemsOf(lines('method: random', 'parameters: {a: {value: 1}}', 'command:', '  - ${env}', '  - ${interpretr}', '  - --all=${args}', '  - ${program}'))
    expect(problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [5, 5, 'command.1'],
      [6, 5, 'command.2'],
      [7, 5, 'command.3'],
    ])
    expect(problems[0]?.message).toMatch(/^unknown macro \$\{interpretr\}; expected one of \$\{env\}, \$\{interpreter\}/)
    expect(problems[1]?.message).toContain('must be a whole element of command')
    expect(problems[2]?.message).toBe('command uses ${program} but the sweep has no program key')
  })

  it('refuses names that would collide once nested names are flattened', () => {
    const problems = problemsOf(lines('method: random', 'trainer: noop', 'parameters:', '  opt.lr: {value: 1}', '  opt:', '    parameters:', '      lr: {value: 2}'))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ line: 7, column: 7, path: 'parameters.opt.parameters.lr' })
  })

  it('says what a parameter name may contain', () => {
    const problems = problemsOf(lines('method: random', 'trainer: noop', 'parameters:', '  "learning rate": {value: 1}'))
    expect(problems[0]).toMatchObject({ line: 4, column: 3, path: 'parameters.learning rate' })
    expect(problems[0]?.message).toContain('starts with a letter or _')
  })

  it('needs at least one parameter, as W&B does', () => {
    expect(problemsOf('method: grid\ntrainer: noop\nparameters: {}\n')).toEqual([
      { file: 'sweep.yaml', line: 3, column: 13, path: 'parameters', message: 'expected at least one parameter, got an empty mapping' },
    ])
  })

  it('explains an empty file and a file that is not a mapping', () => {
    expect(parseError('').message).toMatch(/^sweep\.yaml:1:1: the file is empty/)
    expect(parseError('- a\n- b\n').message).toBe('sweep.yaml:1:1: expected a mapping (key: value pairs), got a list')
  })

  it('works without a file name', () => {
    try {
      parseSweepSpec('method: grid\ntrainer: noop\nparameters: {a: {value: 1}}\nworkers: 0\n')
      expect.unreachable()
    } catch (e) {
      expect((e as Error).message).toBe('4:10 workers: expected a number > 0, got 0')
    }
  })
})

describe('validateSweepSpec', () => {
  it('returns the problems instead of throwing', () => {
    const v = validateSweepSpec('method: random\nparameters:\n  a: {min: 1}\n', 'x.yaml')
    expect(v.ok).toBe(false)
    expect(v.total).toBeNull()
    expect(v.problems.map((p) => [p.line, p.path])).toEqual([
      [1, undefined],
      [3, 'parameters.a.max'],
    ])
  })

  it('counts trials: grid size capped by run_cap, run_cap for random, null when unbounded', () => {
    const grid = 'method: grid\ntrainer: noop\nparameters:\n  a: {values: [1, 2, 3]}\n  b: {min: 1, max: 4}\n'
    expect(validateSweepSpec(grid)).toEqual({ ok: true, problems: [], total: 12 })
    expect(validateSweepSpec(`${grid}run_cap: 5\n`).total).toBe(5)
    expect(validateSweepSpec(`${grid}run_cap: 50\n`).total).toBe(12)
    expect(validateSweepSpec('method: random\ntrainer: noop\nrun_cap: 7\nparameters: {a: {min: 0.0, max: 1.0}}\n').total).toBe(7)
    expect(validateSweepSpec('method: random\ntrainer: noop\nparameters: {a: {min: 0.0, max: 1.0}}\n').total).toBeNull()
  })
})
