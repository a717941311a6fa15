import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { createSampler } from '../search/create-sampler.ts'
import { buildCommandArgv } from './command-macros.ts'
import { parseSweepSpec, validateSweepSpec } from './parse-sweep-spec.ts'

function errorCode(text: string): string {
  try {
    parseSweepSpec(text)
  } catch (e) {
    if (isSweeplabError(e)) return e.code
    throw e
  }
  return 'ok'
}

const HEAD = 'method: grid\ntrainer: noop\n'

describe('hostile sweep files', () => {
  it('refuses a file over 10 MiB before parsing it', () => {
    const text = `${HEAD}description: "${'x'.repeat(10 * 1024 * 1024)}"\nparameters: {a: {value: 1}}\n`
    const started = performance.now()
    expect(errorCode(text)).toBe('spec/too-large')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses an alias bomb ("billion laughs")', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`)
    const text = `${HEAD}parameters: {a: {value: 1}}\ndescription: x\n${levels.join('\n')}\n`
    expect(errorCode(text)).toBe('spec/too-large')
  })

  it('refuses deep nesting without overflowing the stack', () => {
    const flow = `${HEAD}parameters: {a: {value: ${'['.repeat(100_000)}${']'.repeat(100_000)}}}\n`
    expect(['spec/too-large', 'spec/parse']).toContain(errorCode(flow))
    let block = `${HEAD}parameters:\n  a:\n    value:\n`
    for (let i = 0; i < 2000; i++) block += `${' '.repeat(6 + i)}k:\n`
    expect(['spec/too-large', 'spec/parse']).toContain(errorCode(block))
  })

  it('refuses more than 100,000 parameters or values', { timeout: 120_000 }, () => {
    const many = Array.from({ length: 100_001 }, (_, i) => `  p${i}: {value: 1}`).join('\n')
    expect(errorCode(`${HEAD}parameters:\n${many}\n`)).toBe('spec/too-large')
    expect(errorCode(`${HEAD}parameters:\n  a: {values: [${Array(100_001).fill(1).join(',')}]}\n`)).toBe('spec/too-large')
  })

  it('handles a billion-point grid without materializing it', () => {
    const axis = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]'
    const text = `${HEAD}parameters:\n${Array.from({ length: 9 }, (_, i) => `  d${i}: {values: ${axis}}`).join('\n')}\n`
    const sampler = createSampler(parseSweepSpec(text), 0)
    expect(sampler.total).toBe(1_000_000_000)
    expect(sampler.sample(123_456_789).params).toEqual({ d0: 1, d1: 2, d2: 3, d3: 4, d4: 5, d5: 6, d6: 7, d7: 8, d8: 9 })
  })

  it('refuses a grid beyond 2^53 - 1 points unless run_cap bounds it', () => {
    const text = `${HEAD}parameters:\n  a: {min: 0, max: 1000000000}\n  b: {min: 0, max: 1000000000}\n`
    const v = validateSweepSpec(text, 'huge.yaml')
    expect(v.ok).toBe(false)
    expect(v.problems[0]).toMatchObject({ file: 'huge.yaml', line: 3, column: 1, path: 'parameters' })
    expect(v.problems[0]?.message).toContain('set run_cap')
    const capped = parseSweepSpec(`${text}run_cap: 1000\n`)
    expect(createSampler(capped, 0).total).toBe(1000)
    expect(createSampler(capped, 0).sample(999).params).toEqual({ a: 0, b: 999 })
  })

  it('refuses a single grid axis with more than 2^53 - 1 points', () => {
    expect(errorCode(`${HEAD}parameters:\n  a: {distribution: q_uniform, min: 0, max: 1, q: 1e-300}\n`)).toBe('spec/too-large')
  })

  // Found by parse-sweep-spec.property.test.ts: keys that name Object.prototype members.
  it('treats keys named like Object.prototype members as plain unknown keys', () => {
    const v = validateSweepSpec(`${HEAD}parameters: {a: {value: 1}}\ntoString: 0\nconstructor: 1\n`, 'p.yaml')
    expect(v.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^unknown key 'toString'; expected one of name, /),
      expect.stringMatching(/^unknown key 'constructor'; expected one of name, /),
    ])
    expect(errorCode(`${HEAD}parameters: {a: {distribution: toString, min: 0, max: 1}}\n`)).toBe('spec/invalid')
  })

  it('reports a bad nested parameter name without checking the unvalidated parameters under it', () => {
    const v = validateSweepSpec(`${HEAD}parameters:\n  "": {parameters: {lr: {distribution: gaussian}}}\n  "9x": {parameters: {b: {min: x}}}\n`, 'p.yaml')
    expect(v.ok).toBe(false)
    expect(v.problems.every((p) => p.line !== undefined && /parameter name/.test(p.message))).toBe(true)
  })

  it('expands ${envvar:toString} to the name, not to a function', () => {
    const spec = parseSweepSpec('method: random\nprogram: t.py\ncommand: ["${envvar:toString}", "${envvar:HOME}"]\nenv: {HOME: /h}\nparameters: {a: {value: 1}}\n')
    expect(buildCommandArgv(spec, { a: 1 }, { paramsFile: '/p.json', platform: 'linux', env: {} })).toEqual(['toString', '/h'])
  })
})
