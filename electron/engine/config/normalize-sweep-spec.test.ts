import { describe, expect, it } from 'vitest'
import { parseSweepSpec } from './parse-sweep-spec.ts'

const HEAD = 'method: random\ntrainer: noop\n'

function parametersOf(yaml: string): unknown {
  return parseSweepSpec(`${HEAD}parameters:\n${yaml}`).parameters
}

describe('parseSweepSpec normalization', () => {
  it('infers the distribution the way W&B does', () => {
    expect(
      parametersOf(
        [
          '  c: {value: adam}',
          '  cat: {values: [1, 2]}',
          '  ints: {min: 1, max: 8}',
          '  hex: {min: 0x1, max: 0x10}',
          '  floats: {min: 0.0, max: 1.0}',
          '  mixed: {min: 0, max: 1.0}',
          '  exp: {min: 1, max: 1e3}',
          '  gauss: {mu: 2}',
          '',
        ].join('\n'),
      ),
    ).toEqual({
      c: { distribution: 'constant', value: 'adam' },
      cat: { distribution: 'categorical', values: [1, 2] },
      ints: { distribution: 'int_uniform', min: 1, max: 8 },
      hex: { distribution: 'int_uniform', min: 1, max: 16 },
      floats: { distribution: 'uniform', min: 0, max: 1 },
      mixed: { distribution: 'uniform', min: 0, max: 1 },
      exp: { distribution: 'uniform', min: 1, max: 1000 },
      gauss: { distribution: 'normal', mu: 2, sigma: 1 },
    })
  })

  it('infers int vs float from how JSON wrote the bounds too', () => {
    const spec = parseSweepSpec('{"method": "random", "trainer": "noop", "parameters": {"a": {"min": 1, "max": 5}, "b": {"min": 1.0, "max": 5}}}')
    expect(spec.parameters.a?.distribution).toBe('int_uniform')
    expect(spec.parameters.b?.distribution).toBe('uniform')
  })

  it("fills W&B's defaults for q, mu, sigma, a and b", () => {
    expect(
      parametersOf(
        [
          '  q: {distribution: q_uniform, min: 0, max: 10}',
          '  n: {distribution: normal}',
          '  qln: {distribution: q_log_normal, mu: 1}',
          '  be: {distribution: beta}',
          '  w: {values: [a, b], distribution: categorical_w_probabilities, probabilities: [0.25, 0.75]}',
          '',
        ].join('\n'),
      ),
    ).toEqual({
      q: { distribution: 'q_uniform', min: 0, max: 10, q: 1 },
      n: { distribution: 'normal', mu: 0, sigma: 1 },
      qln: { distribution: 'q_log_normal', mu: 1, sigma: 1, q: 1 },
      be: { distribution: 'beta', a: 1, b: 1 },
      w: { distribution: 'categorical', values: ['a', 'b'], probabilities: [0.25, 0.75] },
    })
  })

  it('keeps nested parameters nested, in file order', () => {
    const params = parametersOf(['  z: {value: 1}', '  opt:', '    parameters:', '      lr: {values: [0.1]}', '      kind: {value: sgd}', '  a: {value: 2}', ''].join('\n'))
    expect(params).toEqual({
      z: { distribution: 'constant', value: 1 },
      opt: { parameters: { lr: { distribution: 'categorical', values: [0.1] }, kind: { distribution: 'constant', value: 'sgd' } } },
      a: { distribution: 'constant', value: 2 },
    })
    expect(Object.keys(params as object)).toEqual(['z', 'opt', 'a'])
  })

  it('defaults metric.goal, retries, resources and the W&B command', () => {
    const spec = parseSweepSpec('method: grid\nprogram: train.py\nmetric: {name: loss}\nparameters: {a: {value: 1}}\n')
    expect(spec.metric).toEqual({ name: 'loss', goal: 'minimize' })
    expect(spec.retries).toBe(0)
    expect(spec.resources).toEqual({ cpu: 1, gpu: 0 })
    expect(spec.command).toEqual(['${env}', '${interpreter}', '${program}', '${args}'])
  })

  it('keeps an explicit command, stringifying numbers and booleans as W&B does', () => {
    const spec = parseSweepSpec('method: grid\nparameters: {a: {value: 1}}\ncommand: [python3, train.py, --epochs, 10, --fast, true, "${args}"]\n')
    expect(spec.command).toEqual(['python3', 'train.py', '--epochs', '10', '--fast', 'True', '${args}'])
  })

  it('turns timeout into seconds', () => {
    const timeout = (t: string): number | undefined => parseSweepSpec(`${HEAD}parameters: {a: {value: 1}}\ntimeout: ${t}\n`).timeout
    expect(timeout('90')).toBe(90)
    expect(timeout('1.5')).toBe(1.5)
    expect(timeout('45s')).toBe(45)
    expect(timeout('10m')).toBe(600)
    expect(timeout('2h')).toBe(7200)
    expect(timeout('250ms')).toBe(0.25)
  })

  it('reads YAML 1.1 like PyYAML: yes/no/on/off are booleans, dates stay text, merge keys work', () => {
    const params = parametersOf(
      ['  flags: {values: [yes, no, on, off, "yes", y, n]}', '  day: {value: 2024-01-31}', '  base: &base {min: 1, max: 3}', '  merged:', '    <<: *base', '    max: 9', ''].join('\n'),
    )
    expect(params).toMatchObject({
      flags: { values: [true, false, true, false, 'yes', 'y', 'n'] },
      day: { value: '2024-01-31' },
      merged: { distribution: 'int_uniform', min: 1, max: 9 },
    })
  })

  it('drops repeated grid values (W&B runs a point once) but keeps them as weights in random search', () => {
    const grid = parseSweepSpec('method: grid\ntrainer: noop\nparameters: {a: {values: [1, 2, 1, {k: 1}, {k: 1}]}}\n')
    expect(grid.parameters.a).toEqual({ distribution: 'categorical', values: [1, 2, { k: 1 }] })
    const random = parseSweepSpec('method: random\ntrainer: noop\nparameters: {a: {values: [1, 2, 1]}}\n')
    expect(random.parameters.a).toEqual({ distribution: 'categorical', values: [1, 2, 1] })
  })

  it('produces a spec that survives a JSON round trip (the engine stores it that way)', () => {
    const spec = parseSweepSpec('method: random\nprogram: t.py\ntimeout: 5m\nparameters:\n  o: {parameters: {lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}}}\n')
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec)
  })
})
