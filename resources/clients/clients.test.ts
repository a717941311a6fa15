// The script-side clients (sweeplab.py, and sweeplab.mjs with its types in sweeplab.d.mts), run as
// real subprocesses with the protocol's environment, as the engine runs a command trial
// (docs/command-trials.md).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import { METRICS_STDOUT_MARKER } from '../../shared/sweep-spec.ts'
import * as client from './sweeplab.mjs'
import type { Params, ParamValue } from './sweeplab.mjs'

const CLIENTS_DIR = dirname(fileURLToPath(import.meta.url))
const PY_CLIENT = join(CLIENTS_DIR, 'sweeplab.py')
const MJS_CLIENT = join(CLIENTS_DIR, 'sweeplab.mjs')
const MJS_TYPES = join(CLIENTS_DIR, 'sweeplab.d.mts')

/** Runs a JSON list of client calls and prints one `OUT {ok, value | error}` line per call. */
const PY_DRIVER = `
import json, os, sys
import sweeplab

def num(v):
    return float(v) if v in ("NaN", "Infinity", "-Infinity") else v

for action in json.loads(os.environ["DRIVER_ACTIONS"]):
    op, args = action[0], action[1:]
    try:
        if op == "params": value = sweeplab.params()
        elif op == "param": value = sweeplab.param(*args)
        elif op == "log": value = sweeplab.log({k: num(v) for k, v in args[0].items()}, *args[1:])
        elif op == "logRaw": value = sweeplab.log(*args)
        elif op == "seed": value = sweeplab.seed(*args)
        elif op == "trialDir": value = sweeplab.trial_dir()
        elif op == "isSweep": value = sweeplab.is_sweep()
        elif op == "marker": value = sweeplab.METRICS_STDOUT_MARKER
        elif op == "print": value = print(args[0])
        else: raise SystemExit("unknown op " + op)
        out = {"ok": True, "value": value}
    except (TypeError, ValueError) as e:
        out = {"ok": False, "error": type(e).__name__, "message": str(e)}
    sys.stdout.write("OUT " + json.dumps(out) + "\\n")
    sys.stdout.flush()
`

const JS_DRIVER = `
const sweeplab = await import(process.env.DRIVER_CLIENT_URL)
const num = (v) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v)
for (const [op, ...args] of JSON.parse(process.env.DRIVER_ACTIONS)) {
  let out
  try {
    let value
    if (op === 'params') value = sweeplab.params()
    else if (op === 'param') value = sweeplab.param(...args)
    else if (op === 'log') value = sweeplab.log(Object.fromEntries(Object.entries(args[0]).map(([k, v]) => [k, num(v)])), ...args.slice(1))
    else if (op === 'logRaw') value = sweeplab.log(...args)
    else if (op === 'seed') value = sweeplab.seed(...args)
    else if (op === 'trialDir') value = sweeplab.trialDir()
    else if (op === 'isSweep') value = sweeplab.isSweep()
    else if (op === 'marker') value = sweeplab.METRICS_STDOUT_MARKER
    else if (op === 'print') value = console.log(args[0])
    else throw new Error('unknown op ' + op)
    out = { ok: true, value: value ?? null }
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError)) throw e
    out = { ok: false, error: e.name, message: e.message }
  }
  process.stdout.write('OUT ' + JSON.stringify(out) + '\\n')
}
`

type Action = readonly unknown[]
interface DriverOut { ok: boolean; value?: unknown; error?: string; message?: string }
interface RunResult { status: number | null; stdout: string; stderr: string; outs: DriverOut[]; markers: Record<string, unknown>[] }

const CLIENTS = ['python', 'mjs'] as const
type ClientName = (typeof CLIENTS)[number]

/** The value names a declaration file exports (overloads once), sorted. */
function declaredNames(source: string): string[] {
  const file = ts.createSourceFile('sweeplab.d.mts', source, ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS)
  const names = new Set<string>()
  for (const node of file.statements) {
    const exported = ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (!exported) continue
    if (ts.isFunctionDeclaration(node) && node.name) names.add(node.name.text)
    if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text)
  }
  return [...names].sort()
}

let tmp = ''
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sweeplab-clients-'))
  writeFileSync(join(tmp, 'driver.py'), PY_DRIVER)
  writeFileSync(join(tmp, 'driver.mjs'), JS_DRIVER)
})
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true })
})

/** The test's environment without any SWEEPLAB_* variable (in case the tests themselves run in a sweep). */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SWEEPLAB_')) env[k] = v
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: CLIENTS_DIR, ...extra }
}

function driverCommand(client: ClientName): [string, string[], Record<string, string>] {
  if (client === 'python') return ['python3', [join(tmp, 'driver.py')], {}]
  return [process.execPath, [join(tmp, 'driver.mjs')], { DRIVER_CLIENT_URL: pathToFileURL(MJS_CLIENT).href }]
}

function parseMarkers(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(METRICS_STDOUT_MARKER))
    .map((line) => JSON.parse(line.slice(METRICS_STDOUT_MARKER.length)) as Record<string, unknown>)
}

function runDriver(client: ClientName, actions: readonly Action[], opts: { args?: string[]; env?: Record<string, string> } = {}): RunResult {
  const [cmd, argv, driverEnv] = driverCommand(client)
  const r = spawnSync(cmd, [...argv, ...(opts.args ?? [])], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 20_000,
    env: baseEnv({ ...driverEnv, ...opts.env, DRIVER_ACTIONS: JSON.stringify(actions) }),
  })
  if (r.error) throw r.error
  const outs = r.stdout
    .split('\n')
    .filter((line) => line.startsWith('OUT '))
    .map((line) => JSON.parse(line.slice(4)) as DriverOut)
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outs, markers: parseMarkers(r.stdout) }
}

/** The metrics file's records; asserts every line is whole (ends with a newline). */
function readRecords(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8')
  if (text === '') return []
  expect(text.endsWith('\n')).toBe(true)
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
}

function withoutTime(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.map(({ _time: _ignored, ...rest }) => rest)
}

const ARGV = [
  '--x=0.3', '--y=1e-3', '--opt=adam', '--on=true', '--off=false', '--none=null', '--On=True', '--Off=False', '--None=None', '--list=[1,2,"a"]',
  '--dict={"a":1}', '--optimizer.lr=0.01', '--optimizer.name=sgd', '--quoted="7"', '--text=hello world',
  '--nan=NaN', '--empty=', '--bare', 'positional', '-s=1', '--', '--after=1',
]
const ARGV_PARAMS = {
  x: 0.3, y: 0.001, opt: 'adam', on: true, off: false, none: null, On: true, Off: false, None: null, list: [1, 2, 'a'], dict: { a: 1 },
  optimizer: { lr: 0.01, name: 'sgd' }, quoted: '7', text: 'hello world', nan: 'NaN', empty: '', bare: true,
}

describe.each(CLIENTS)('the %s client', (client) => {
  it('appends one JSON line per log() to SWEEPLAB_METRICS_FILE, auto-incrementing the step like wandb.log', () => {
    const metricsFile = join(tmp, 'metrics.jsonl')
    const before = Date.now()
    const r = runDriver(client, [
      ['log', { loss: 0.5 }],
      ['log', { loss: 0.25, acc: 1 }, 5],
      ['log', { loss: 0.125 }],
      ['log', {}],
      ['log', { loss: 0.0625 }],
    ], { env: { SWEEPLAB_METRICS_FILE: metricsFile } })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.value)).toEqual([0, 5, 6, 7, 8])
    expect(r.markers).toEqual([])
    const records = readRecords(metricsFile)
    expect(withoutTime(records)).toEqual([
      { step: 0, loss: 0.5 },
      { step: 5, loss: 0.25, acc: 1 },
      { step: 6, loss: 0.125 },
      { step: 8, loss: 0.0625 },
    ])
    for (const rec of records) {
      expect(Number.isInteger(rec._time)).toBe(true)
      expect(rec._time).toBeGreaterThanOrEqual(before - 1000)
      expect(rec._time).toBeLessThanOrEqual(Date.now() + 1000)
    }
  })

  it('writes NaN and infinities as the strings "NaN", "Infinity", "-Infinity", and booleans as 0/1', () => {
    const metricsFile = join(tmp, 'metrics.jsonl')
    const r = runDriver(client, [['log', { loss: 'NaN', up: 'Infinity', down: '-Infinity', ok: 1.5, flag: true, n: 3 }]], {
      env: { SWEEPLAB_METRICS_FILE: metricsFile },
    })
    expect(r.status, r.stderr).toBe(0)
    expect(readFileSync(metricsFile, 'utf8')).toMatch(/"loss":"NaN","up":"Infinity","down":"-Infinity"/)
    expect(withoutTime(readRecords(metricsFile))).toEqual([{ step: 0, loss: 'NaN', up: 'Infinity', down: '-Infinity', ok: 1.5, flag: 1, n: 3 }])
  })

  it('keeps nested metric objects nested (the engine stores them as dotted names)', () => {
    const metricsFile = join(tmp, 'metrics.jsonl')
    const r = runDriver(client, [
      ['logRaw', { val: { loss: 0.5, acc: 1, _seen: 2, deeper: { x: 3 } }, train_loss: 0.75 }],
      ['logRaw', { val: { '': 1 } }],
      ['logRaw', { val: { loss: 'abc' } }],
    ], { env: { SWEEPLAB_METRICS_FILE: metricsFile } })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.ok)).toEqual([true, false, false])
    expect(r.outs[2]?.message).toContain('val.loss')
    expect(withoutTime(readRecords(metricsFile))).toEqual([{ step: 0, val: { loss: 0.5, acc: 1, _seen: 2, deeper: { x: 3 } }, train_loss: 0.75 }])
  })

  it('prints @@sweeplab lines on stdout, in order with other output, when SWEEPLAB_METRICS_FILE is absent', () => {
    const r = runDriver(client, [['print', 'hello'], ['log', { loss: 2 }], ['print', 'between'], ['log', { loss: 'NaN' }, 9], ['print', 'bye']])
    expect(r.status, r.stderr).toBe(0)
    const lines = r.stdout.split('\n').filter((line) => !line.startsWith('OUT ') && line !== '')
    expect(lines.map((line) => (line.startsWith(METRICS_STDOUT_MARKER) ? 'metrics' : line))).toEqual(['hello', 'metrics', 'between', 'metrics', 'bye'])
    expect(withoutTime(r.markers)).toEqual([{ step: 0, loss: 2 }, { step: 9, loss: 'NaN' }])
  })

  it('parses --name=value arguments into nested params: True/False/None and JSON values, raw text otherwise', () => {
    const r = runDriver(client, [['params'], ['param', 'optimizer.lr'], ['param', 'optimizer.momentum', 0.9], ['param', 'opt', 'sgd']], { args: ARGV })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.value)).toEqual([ARGV_PARAMS, 0.01, 0.9, 'adam'])
  })

  it('gives {} and the defaults without arguments or environment', () => {
    const r = runDriver(client, [['params'], ['param', 'lr', 0.1], ['param', 'lr'], ['seed'], ['seed', 3], ['trialDir'], ['isSweep']])
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.value)).toEqual([{}, 0.1, null, null, 3, tmp, false])
  })

  it('takes SWEEPLAB_PARAMS over arguments, with its exact JSON types', () => {
    const p = { x: '0.3', optimizer: { lr: 0.5, betas: [0.9, 0.99] }, 'flat.key': 1 }
    const r = runDriver(client, [['params'], ['param', 'x'], ['param', 'optimizer.betas'], ['param', 'flat.key']], {
      args: ['--x=1', '--y=2'],
      env: { SWEEPLAB_PARAMS: JSON.stringify(p) },
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.value)).toEqual([p, '0.3', [0.9, 0.99], 1])
  })

  it('reads SWEEPLAB_PARAMS_FILE when SWEEPLAB_PARAMS is absent', () => {
    const file = join(tmp, 'params.json')
    writeFileSync(file, JSON.stringify({ lr: 0.02, model: { layers: 3 } }))
    const r = runDriver(client, [['params'], ['param', 'model.layers']], { args: ['--lr=9'], env: { SWEEPLAB_PARAMS_FILE: file } })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.value)).toEqual([{ lr: 0.02, model: { layers: 3 } }, 3])
  })

  it('refuses SWEEPLAB_PARAMS that is not a JSON object', () => {
    for (const bad of ['not json', '[1, 2]']) {
      const r = runDriver(client, [['params']], { env: { SWEEPLAB_PARAMS: bad } })
      expect(r.outs[0]?.ok, bad).toBe(false)
      expect(r.outs[0]?.message).toContain('SWEEPLAB_PARAMS')
    }
  })

  it('reads the seed, the trial folder and the sweep flag from the environment', () => {
    const r = runDriver(client, [['seed'], ['seed', 5], ['trialDir'], ['isSweep']], {
      env: { SWEEPLAB_SEED: '1234', SWEEPLAB_TRIAL_DIR: join(tmp, 'trial-7'), SWEEPLAB_TRIAL_ID: '7', SWEEPLAB_SWEEP_ID: '2' },
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.value)).toEqual([1234, 1234, join(tmp, 'trial-7'), true])
    expect(runDriver(client, [['seed']], { env: { SWEEPLAB_SEED: '12.5' } }).outs[0]?.ok).toBe(false)
  })

  it('rejects non-numeric values, reserved names and bad steps, and writes nothing for them', () => {
    const metricsFile = join(tmp, 'metrics.jsonl')
    const r = runDriver(client, [
      ['logRaw', { loss: 'abc' }],
      ['logRaw', { loss: null }],
      ['logRaw', { loss: [1] }],
      ['logRaw', { step: 1 }],
      ['logRaw', { _time: 1 }],
      ['logRaw', { loss: 1 }, -1],
      ['logRaw', { loss: 1 }, 2.5],
      ['logRaw', { loss: 1 }, 'x'],
      ['logRaw', [1, 2]],
      ['log', { loss: 1 }],
    ], { env: { SWEEPLAB_METRICS_FILE: metricsFile } })
    expect(r.status, r.stderr).toBe(0)
    expect(r.outs.map((o) => o.ok)).toEqual([false, false, false, false, false, false, false, false, false, true])
    expect(withoutTime(readRecords(metricsFile))).toEqual([{ step: 0, loss: 1 }])
  })

  it('exposes the marker of shared/sweep-spec.ts', () => {
    expect(runDriver(client, [['marker']]).outs[0]?.value).toBe(METRICS_STDOUT_MARKER)
  })
})

describe('the clients together', () => {
  it('write the same records and read the same params for the same calls', () => {
    const actions: Action[] = [
      ['params'], ['param', 'optimizer.name'], ['seed'], ['isSweep'],
      ['log', { loss: 1.5, acc: 0.25 }], ['log', { loss: 'NaN', big: 1e300, tiny: 1e-7 }, 10], ['log', { loss: -2, ok: false }],
    ]
    const results = CLIENTS.map((client) => {
      const metricsFile = join(tmp, `${client}.jsonl`)
      const r = runDriver(client, actions, { args: ARGV, env: { SWEEPLAB_METRICS_FILE: metricsFile, SWEEPLAB_SEED: '99', SWEEPLAB_TRIAL_ID: '3' } })
      expect(r.status, r.stderr).toBe(0)
      return { outs: r.outs, records: withoutTime(readRecords(metricsFile)) }
    })
    expect(results[0]?.records).toEqual([
      { step: 0, loss: 1.5, acc: 0.25 },
      { step: 10, loss: 'NaN', big: 1e300, tiny: 1e-7 },
      { step: 11, loss: -2, ok: 0 },
    ])
    expect(results[0]?.outs.slice(0, 4).map((o) => o.value)).toEqual([ARGV_PARAMS, 'sgd', 99, true])
    expect(results[1]).toEqual(results[0])
  })

  it('export the same API: sweeplab.mjs and its sweeplab.d.mts the same names, sweeplab.py their snake_case twins', () => {
    const names = Object.keys(client).sort()
    expect(declaredNames(readFileSync(MJS_TYPES, 'utf8'))).toEqual(names)
    const r = spawnSync('python3', ['-c', 'import json, sweeplab; print(json.dumps(sorted(sweeplab.__all__)))'], { encoding: 'utf8', env: baseEnv() })
    expect(r.status, r.stderr).toBe(0)
    const snake = (name: string): string => name.replace(/[a-z][A-Z]/g, (m) => `${m[0]}_${(m[1] ?? '').toLowerCase()}`)
    expect(JSON.parse(r.stdout)).toEqual(names.map(snake).sort())
  })

  it('keep lines whole when several processes append to one metrics file at once', async () => {
    const metricsFile = join(tmp, 'metrics.jsonl')
    const longName = 'm'.repeat(200)
    const actions: Action[] = Array.from({ length: 300 }, (_, i) => ['log', { [`${longName}_${i % 7}`]: i, loss: i / 3 }])
    const runs = (['python', 'mjs', 'python', 'mjs'] as const).map((client) => {
      const [cmd, argv, driverEnv] = driverCommand(client)
      return new Promise<number | null>((resolve, reject) => {
        const child = spawn(cmd, argv, {
          cwd: tmp,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: baseEnv({ ...driverEnv, SWEEPLAB_METRICS_FILE: metricsFile, DRIVER_ACTIONS: JSON.stringify(actions) }),
        })
        child.on('error', reject)
        child.on('exit', resolve)
      })
    })
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0])
    const records = readRecords(metricsFile)
    expect(records).toHaveLength(1200)
    expect(records.filter((r) => r.step === 299)).toHaveLength(4)
  })
})

// The assertions here are checked by `npm run typecheck` (tsc resolves `./sweeplab.mjs` to
// sweeplab.d.mts); at run time expectTypeOf is a no-op and the closures are never called.
describe('the TypeScript types in sweeplab.d.mts', () => {
  it('type each export for a TypeScript caller of sweeplab.mjs', () => {
    // Declared apart from expectTypeOf so its parameter type cannot steer the generic inference.
    const calls = {
      params: () => client.params(),
      param: () => client.param('lr'),
      paramAs: () => client.param<string>('opt'),
      paramOr: () => client.param('lr', 1e-3),
      log: () => client.log({ loss: 1, ok: true, big: 1n, val: { acc: 0.5 } }, 3),
      seed: () => client.seed(),
      seedOr: () => client.seed(0),
      trialDir: () => client.trialDir(),
      isSweep: () => client.isSweep(),
    }
    expectTypeOf(client.METRICS_STDOUT_MARKER).toEqualTypeOf<'@@sweeplab '>()
    expectTypeOf(calls.params).returns.toEqualTypeOf<Params>()
    expectTypeOf(calls.param).returns.toEqualTypeOf<ParamValue | undefined>()
    expectTypeOf(calls.paramAs).returns.toEqualTypeOf<string | undefined>()
    expectTypeOf(calls.paramOr).returns.toEqualTypeOf<number>()
    expectTypeOf(calls.log).returns.toEqualTypeOf<number>()
    expectTypeOf(calls.seed).returns.toEqualTypeOf<number | undefined>()
    expectTypeOf(calls.seedOr).returns.toEqualTypeOf<number>()
    expectTypeOf(calls.trialDir).returns.toEqualTypeOf<string>()
    expectTypeOf(calls.isSweep).returns.toEqualTypeOf<boolean>()
  })

  it('refuse at compile time the calls that sweeplab.mjs refuses at run time (before writing anything)', () => {
    // @ts-expect-error metric values are numbers, bigints, booleans or objects of them
    expect(() => client.log({ loss: 'low' })).toThrow(TypeError)
    // @ts-expect-error the step is a number
    expect(() => client.log({ loss: 1 }, '3')).toThrow(TypeError)
    // @ts-expect-error metrics are an object of name -> value
    expect(() => client.log(0.5)).toThrow(TypeError)
  })
})

describe('the Python client', () => {
  it('logs numpy-like scalars (anything with __float__ or __index__) without importing numpy', () => {
    const metricsFile = join(tmp, 'metrics.jsonl')
    const code = [
      'import sweeplab',
      'class F:',
      '    def __float__(self): return 0.5',
      'class I:',
      '    def __index__(self): return 7',
      'class Nan(float): pass',
      'sweeplab.log({"f": F(), "i": I(), "nan": Nan("nan")}, step=I())',
      'sweeplab.log({"f": 1.0}, step=9.0)',
      'try:',
      '    sweeplab.log({"x": object()})',
      'except TypeError as e:',
      '    print("rejected:", e)',
      'import sys; print("numpy" in sys.modules)',
    ].join('\n')
    const r = spawnSync('python3', ['-c', code], { cwd: tmp, encoding: 'utf8', env: baseEnv({ SWEEPLAB_METRICS_FILE: metricsFile }) })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(`rejected: sweeplab.log: metric 'x' must be a number, got object`)
    expect(r.stdout.trim().endsWith('False')).toBe(true)
    expect(withoutTime(readRecords(metricsFile))).toEqual([{ step: 7, f: 0.5, i: 7, nan: 'NaN' }, { step: 9, f: 1 }])
  })

  it('keeps to Python 3.8 syntax', () => {
    const code = 'import ast, sys; ast.parse(open(sys.argv[1]).read(), feature_version=(3, 8)); print("ok")'
    const r = spawnSync('python3', ['-c', code, PY_CLIENT], { encoding: 'utf8', env: baseEnv() })
    expect(r.status, r.stderr).toBe(0)
  })
})
