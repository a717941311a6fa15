import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildCommandArgv } from '../config/command-macros.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { formatArgs, formatBestConfig } from './export-best.ts'

const meta = { sweepName: 'mnist-lr', sweepId: 3, trialId: 17, metricName: 'val_loss', metricValue: 0.0312, goal: 'minimize' as const }

describe('formatBestConfig yaml', () => {
  it('writes a comment header and the params as a nested mapping', () => {
    const out = formatBestConfig({ lr: 0.001, optimizer: { name: 'adam', beta1: 0.9 }, layers: [64, 32] }, 'yaml', meta)
    expect(out).toBe(
      [
        '# Best config of sweep "mnist-lr" (id 3)',
        '# trial 17: val_loss=0.0312 (minimize)',
        '',
        'lr: 0.001',
        'optimizer:',
        '  name: adam',
        '  beta1: 0.9',
        'layers:',
        '  - 64',
        '  - 32',
        '',
      ].join('\n'),
    )
  })

  it('quotes strings that would read back as another type, and round-trips hostile values', () => {
    const params = {
      s: '1e-3', b: 'true', n: null, tiny: 1e-7, third: 0.1 + 0.2, multi: 'a\nb: c', q: `it's "x" # not a comment`,
      long: 'x'.repeat(200), empty: {},
    }
    const out = formatBestConfig(params, 'yaml')
    expect(out.startsWith('s: "1e-3"\nb: "true"\nn: null\ntiny: 1e-7\nthird: 0.30000000000000004\n')).toBe(true)
    expect(out).toContain(`long: ${'x'.repeat(200)}\n`)
    expect(parse(out)).toEqual(params)
  })

  it("says a chosen trial's config is that trial's, with its status, not the best one", () => {
    const out = formatBestConfig({ lr: 0.01 }, 'yaml', { ...meta, metricValue: null, chosen: true, trialStatus: 'failed' })
    expect(out).toBe('# Config of trial 17 of sweep "mnist-lr" (id 3)\n# failed: val_loss=n/a (minimize)\n\nlr: 0.01\n')
    expect(formatBestConfig({ lr: 0.01 }, 'yaml', { trialId: 4, chosen: true })).toBe('# Config of trial 4\n\nlr: 0.01\n')
  })

  it('keeps a newline in a metric name out of the header', () => {
    expect(formatBestConfig({ a: 1 }, 'yaml', { trialId: 2, metricName: 'a\nb: 1', metricValue: 3 })).toBe('# trial 2: a b: 1=3\n\na: 1\n')
  })

  it('keeps a newline in the sweep name out of the header', () => {
    const out = formatBestConfig({ a: 1 }, 'yaml', { sweepName: 'two\nlines' })
    expect(out).toBe('# Best config of sweep "two\\nlines"\n\na: 1\n')
  })
})

describe('formatBestConfig json', () => {
  it('prints the params as pretty nested JSON', () => {
    expect(formatBestConfig({ lr: 0.1, opt: { beta: [0.9, 0.999] }, note: 'a"b' }, 'json', meta)).toBe(
      '{\n  "lr": 0.1,\n  "opt": {\n    "beta": [\n      0.9,\n      0.999\n    ]\n  },\n  "note": "a\\"b"\n}\n',
    )
  })
})

describe('formatBestConfig args', () => {
  it("writes one line of --name=value with dotted nested names, in W&B's spelling", () => {
    expect(formatBestConfig({ lr: 0.001, batch_size: 64, opt: { name: 'adam', beta1: 0.9 }, amp: true, ckpt: null }, 'args')).toBe(
      '--lr=0.001 --batch_size=64 --opt.name=adam --opt.beta1=0.9 --amp=True --ckpt=None\n',
    )
  })

  it('shell-quotes values so the line pastes into bash unchanged', () => {
    const out = formatBestConfig(
      { msg: "it's here", path: '~/data dir', glob: '*.csv', cmd: '$(rm -rf /)', empty: '', list: [1, 'a b'], nl: 'a\nb\\c' },
      'args',
    )
    expect(out).toBe(
      `--msg='it'\\''s here' --path='~/data dir' --glob='*.csv' --cmd='$(rm -rf /)' --empty='' ` +
        `--list='[1,"a b"]' --nl=$'a\\nb\\\\c'\n`,
    )
    expect(out.trimEnd()).not.toContain('\n')
  })

  it.skipIf(!existsSync('/bin/bash'))('reads back byte for byte in a real bash', () => {
    const params = { msg: "it's here", path: '~/x y', glob: '*.csv', cmd: '$(id) `id` !x', nl: 'a\nb\\c\t', e: '', u: 'naïve ✓' }
    const line = formatBestConfig(params, 'args').trimEnd()
    const words = execFileSync('/bin/bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1)
    expect(words).toEqual(Object.entries(params).map(([k, v]) => `--${k}=${v}`))
  })

  it('writes floats in their shortest exact form', () => {
    const values = { a: 0.1 + 0.2, b: 1e-7, c: 1e21, d: -0, e: 123456789.125, f: 5e-324 }
    expect(formatBestConfig(values, 'args')).toBe(
      '--a=0.30000000000000004 --b=1e-7 --c=1e+21 --d=-0.0 --e=123456789.125 --f=5e-324\n',
    )
    for (const arg of formatArgs(values)) {
      const [name, text] = arg.slice(2).split('=') as [keyof typeof values, string]
      expect(Object.is(Number(text), values[name])).toBe(true)
    }
  })

  it("with the sweep's parameters, dots only nested groups: the list is exactly what ${args} gave the trial", () => {
    const spec = parseSweepSpec(
      [
        'method: grid',
        'program: train.py',
        'command: ["${args}"]',
        'parameters:',
        '  lr: {value: 0.01}',
        '  cfg: {values: [{a: 1}, {a: 2}]}',
        '  opt:',
        '    parameters:',
        '      name: {value: adam}',
        '      sched: {values: [{warmup: 5}]}',
        '',
      ].join('\n'),
    )
    const params = { lr: 0.01, cfg: { a: 2 }, opt: { name: 'adam', sched: { warmup: 5 } } }
    const trialArgs = buildCommandArgv(spec, params, { paramsFile: '/runs/1/params.json', platform: 'linux', env: {} })
    expect(trialArgs).toEqual(['--lr=0.01', '--cfg={"a":2}', '--opt.name=adam', '--opt.sched={"warmup":5}'])
    expect(formatArgs(params, spec.parameters)).toEqual(trialArgs)
    expect(formatBestConfig(params, 'args', { ...meta, parameters: spec.parameters })).toBe(
      `--lr=0.01 --cfg='{"a":2}' --opt.name=adam --opt.sched='{"warmup":5}'\n`,
    )
    // Without the spec a dict value cannot be told from a group, so every dict is dotted.
    expect(formatArgs(params)).toEqual(['--lr=0.01', '--cfg.a=2', '--opt.name=adam', '--opt.sched.warmup=5'])
  })

  it('quotes the whole word when a param name is not shell-safe', () => {
    expect(formatBestConfig({ 'a b': 1, "it's": 'x' }, 'args')).toBe(`'--a b=1' '--it'\\''s=x'\n`)
  })
})
