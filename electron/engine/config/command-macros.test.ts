import { describe, expect, it } from 'vitest'
import { buildCommandArgv, chooseInterpreter, flattenParams, formatArgValue } from './command-macros.ts'
import { parseSweepSpec } from './parse-sweep-spec.ts'

const ctx = { paramsFile: '/runs/7/params.json', platform: 'linux' as const, env: {} }

function specWith(command: string | null, program = 'train.py'): ReturnType<typeof parseSweepSpec> {
  const lines = ['method: random', `program: ${program}`, 'parameters:', '  lr: {value: 0.001}', '  opt:', '    parameters:', '      name: {value: adam}', '      betas: {value: [0.9, 0.999]}', '  fast: {value: false}', '  tag: {value: null}']
  if (command) lines.push(`command: ${command}`)
  return parseSweepSpec(`${lines.join('\n')}\n`)
}

const params = { lr: 0.001, opt: { name: 'adam', betas: [0.9, 0.999] }, fast: false, tag: null }

describe('buildCommandArgv', () => {
  it("expands W&B's default command: env, interpreter by extension, program, --name=value args", () => {
    expect(buildCommandArgv(specWith(null), params, ctx)).toEqual([
      '/usr/bin/env',
      'python3',
      'train.py',
      '--lr=0.001',
      '--opt.name=adam',
      '--opt.betas=[0.9,0.999]',
      '--fast=False',
      '--tag=None',
    ])
  })

  it('drops ${env} on Windows, as W&B does', () => {
    expect(buildCommandArgv(specWith(null), params, { ...ctx, platform: 'win32' })[0]).toBe('python3')
  })

  it('expands the other argument macros', () => {
    const argv = buildCommandArgv(specWith('["${program}", "${args_no_hyphens}", "--", "${args_no_boolean_flags}", "${args_json}", "${args_json_file}"]'), { ...params, fast: true }, ctx)
    expect(argv).toEqual([
      'train.py',
      'lr=0.001',
      'opt.name=adam',
      'opt.betas=[0.9,0.999]',
      'fast=True',
      'tag=None',
      '--',
      '--lr=0.001',
      '--opt.name=adam',
      '--opt.betas=[0.9,0.999]',
      '--fast',
      '--tag=None',
      '{"lr":0.001,"opt":{"name":"adam","betas":[0.9,0.999]},"fast":true,"tag":null}',
      '/runs/7/params.json',
    ])
  })

  it('omits false boolean flags in ${args_no_boolean_flags}', () => {
    const argv = buildCommandArgv(specWith('["${args_no_boolean_flags}"]'), params, ctx)
    expect(argv).not.toContain('--fast')
    expect(argv.some((a) => a.startsWith('--fast'))).toBe(false)
  })

  it('substitutes a macro embedded in a larger element in place', () => {
    const argv = buildCommandArgv(specWith('["python3", "${program}", "--cfg=${args_json_file}", "--env=${envvar:RUN_ENV}", "--x=${envvar:UNSET_VAR}"]'), params, { ...ctx, env: { RUN_ENV: 'ci' } })
    expect(argv).toEqual(['python3', 'train.py', '--cfg=/runs/7/params.json', '--env=ci', '--x=UNSET_VAR'])
  })

  it("reads ${envvar:NAME} from the sweep's env first", () => {
    const spec = { ...specWith('["${envvar:DATA}"]'), env: { DATA: '/data/a' } }
    expect(buildCommandArgv(spec, params, { ...ctx, env: { DATA: '/data/b' } })).toEqual(['/data/a'])
  })

  it('keeps a hostile value in one argv element, never interpreted', () => {
    const hostile = { lr: '--evil; rm -rf / $(reboot) `id` "\'\n', opt: { name: '${args}', betas: [] }, fast: false, tag: null }
    const argv = buildCommandArgv(specWith(null), hostile, ctx)
    expect(argv).toHaveLength(8)
    expect(argv[3]).toBe('--lr=--evil; rm -rf / $(reboot) `id` "\'\n')
    expect(argv[4]).toBe('--opt.name=${args}')
  })

  it('prints floats so they round-trip exactly', () => {
    for (const x of [0.1, 1e-7, 1 / 3, 123456789.123, 2 ** 60, -2.5e-300, 5e-324]) {
      expect(Number(formatArgValue(x))).toBe(x)
    }
    expect(formatArgValue(-0)).toBe('-0.0')
  })
})

describe('chooseInterpreter', () => {
  it('picks the interpreter from the program extension and drops it for unknown ones', () => {
    expect(chooseInterpreter('a/train.py')).toEqual(['python3'])
    expect(chooseInterpreter('train.MJS')).toEqual(['node'])
    expect(chooseInterpreter('train.ts')).toEqual(['node'])
    expect(chooseInterpreter('run.sh')).toEqual(['bash'])
    expect(chooseInterpreter('./train')).toEqual([])
    expect(chooseInterpreter(undefined)).toEqual(['python3'])
  })
})

describe('flattenParams', () => {
  it('joins nested names with dots', () => {
    expect(flattenParams({ a: 1, o: { b: { c: 2 }, d: 'x' } })).toEqual({ a: 1, 'o.b.c': 2, 'o.d': 'x' })
  })

  it('with the spec, flattens nested parameters only, not mapping values', () => {
    const spec = parseSweepSpec('method: grid\ntrainer: noop\nparameters:\n  cfg: {values: [{depth: 2}]}\n  o: {parameters: {p: {value: 1}}}\n')
    expect(flattenParams({ cfg: { depth: 2 }, o: { p: 1 } }, spec.parameters)).toEqual({ cfg: { depth: 2 }, 'o.p': 1 })
  })
})
