// The example sweeps: valid sweep files whose programs run as a command trial runs them
// (docs/command-trials.md) and by hand.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { METRICS_STDOUT_MARKER, sweepSpecSchema } from '../../shared/sweep-spec.ts'
import { createStdoutMetricReader } from '../../electron/engine/workers/stdout-metrics.ts'
import { normalizeStdoutMetrics } from '../../electron/engine/config/check-stdout-metrics.ts'
import type { ParameterSpec, SweepSpecInput } from '../../shared/sweep-spec.ts'

const EXAMPLES_DIR = dirname(fileURLToPath(import.meta.url))
const SWEEP_FILES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort()
/** The examples that run the user's own program (the others use built-in trainers; tests/integration runs those). */
const COMMAND_FILES = SWEEP_FILES.filter((f) => /^program:/m.test(readFileSync(join(EXAMPLES_DIR, f), 'utf8')))

let tmp = ''
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sweeplab-examples-'))
})
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true })
})

function loadSweepFile(file: string): SweepSpecInput {
  return parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as SweepSpecInput
}

/**
 * One point of the search space, the simplest there is: each parameter's first value or its minimum,
 * a group's first row (its members side by side), without the parameters whose `when:` the first
 * values do not meet.
 */
function firstPoint(parameters: Readonly<Record<string, ParameterSpec>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(parameters)) {
    const when = Object.entries(spec.when ?? {})
    if (when.some(([parent, v]) => !(Array.isArray(v) ? v : [v]).includes(out[parent]))) continue
    if (spec.group) Object.assign(out, spec.group[0])
    else if (spec.parameters) out[name] = firstPoint(spec.parameters)
    else if ('value' in spec) out[name] = spec.value
    else if (spec.values) out[name] = spec.values[0]
    else out[name] = spec.min
  }
  return out
}

/** `--a.b=v` flags as the engine writes them: dotted nested names, W&B's spelling of values. */
function formatArgs(params: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  return Object.entries(params).flatMap(([key, v]) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return formatArgs(v as Record<string, unknown>, `${prefix}${key}.`)
    const text = typeof v === 'string' ? v : v === true ? 'True' : v === false ? 'False' : typeof v === 'number' ? String(v) : JSON.stringify(v)
    return [`--${prefix}${key}=${text}`]
  })
}

/** The command macros the examples use, expanded as the engine expands them. */
function expandCommand(spec: SweepSpecInput, params: Readonly<Record<string, unknown>>): string[] {
  const program = spec.program ?? ''
  const ext = /\.([a-z]+)$/.exec(program)?.[1]
  const interpreter = ext === 'py' ? ['python3'] : ext === 'mjs' || ext === 'js' ? ['node'] : ext === 'sh' ? ['bash'] : []
  const command = (spec.command ?? ['${env}', '${interpreter}', '${program}', '${args}']).map(String)
  return command.flatMap((item) => {
    if (item === '${env}') return ['/usr/bin/env']
    if (item === '${interpreter}') return interpreter
    if (item === '${program}') return [program]
    if (item === '${args}') return formatArgs(params)
    expect(item).not.toContain('${')
    return [item]
  })
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SWEEPLAB_')) env[k] = v
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', ...extra }
}

function markerRecords(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(METRICS_STDOUT_MARKER))
    .map((line) => JSON.parse(line.slice(METRICS_STDOUT_MARKER.length)) as Record<string, unknown>)
}

/** What the sweep's `stdout_metrics` patterns read from the printed lines, one record per row. */
function patternRecords(spec: SweepSpecInput, stdout: string): Record<string, unknown>[] {
  if (!spec.stdout_metrics) return []
  const parsed = sweepSpecSchema.shape.stdout_metrics.parse(spec.stdout_metrics)!
  const reader = createStdoutMetricReader(normalizeStdoutMetrics(parsed))!
  return stdout.split('\n').flatMap((line) => reader.read(line, 'stdout', 0)?.rows ?? []).map(([name, step, value]) => ({ step, [name]: value }))
}

function runByHand(argv: string[]) {
  const [cmd, ...args] = argv
  const r = spawnSync(cmd ?? '', args, { cwd: EXAMPLES_DIR, encoding: 'utf8', timeout: 20_000, env: childEnv() })
  if (r.error) throw r.error
  return { ...r, records: markerRecords(r.stdout) }
}

describe('the example sweep files', () => {
  it('are valid sweep files with a metric, whose program sits beside them', () => {
    expect(SWEEP_FILES).toEqual([
      'iris-tabular-cv.yaml', 'moby-lm-random.yaml', 'print-only.yaml', 'quadratic-bayes.yaml', 'quadratic-node.yaml', 'quadratic-python.yaml', 'quadratic-repeats.yaml', 'quadratic-superset.yaml',
      'spam-classifier-grid.yaml', 'spam-finetune.yaml', 'stdout-marker.yaml', 'wandb-style.yaml',
    ])
    for (const file of SWEEP_FILES) {
      const spec = loadSweepFile(file)
      const parsed = sweepSpecSchema.safeParse(spec)
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true)
      expect(spec.metric?.name, file).toBeTruthy()
      expect(Boolean(spec.program) !== Boolean(spec.trainer), `${file}: a program or a built-in trainer`).toBe(true)
      if (spec.program) expect(existsSync(join(EXAMPLES_DIR, spec.program)), file).toBe(true)
    }
  })

  it('mean the same under YAML 1.1 (PyYAML, W&B) and YAML 1.2: no key or value that reads as a boolean in one of them', () => {
    for (const file of SWEEP_FILES) {
      const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8')
      expect(parse(text, { version: '1.1' }), file).toEqual(parse(text, { version: '1.2' }))
    }
  })

  it('are listed in the README with the command that runs each', () => {
    const readme = readFileSync(join(EXAMPLES_DIR, 'README.md'), 'utf8')
    for (const file of SWEEP_FILES) expect(readme).toContain(`npx sweeplab run resources/examples/${file}`)
  })

  it.each(COMMAND_FILES)('%s runs as a command trial: params in args and env, metrics reported, exit 0', (file) => {
    const spec = loadSweepFile(file)
    const params = firstPoint(spec.parameters as Record<string, ParameterSpec>)
    const [cmd, ...args] = expandCommand(spec, params)
    const trialDir = join(tmp, 'trial')
    mkdirSync(trialDir)
    const metricsFile = join(trialDir, 'metrics.jsonl')
    const paramsFile = join(trialDir, 'params.json')
    writeFileSync(metricsFile, '')
    writeFileSync(paramsFile, JSON.stringify(params))
    const r = spawnSync(cmd ?? '', args, {
      cwd: EXAMPLES_DIR,
      encoding: 'utf8',
      timeout: 20_000,
      env: childEnv({
        ...spec.env,
        SWEEPLAB_PARAMS: JSON.stringify(params),
        SWEEPLAB_PARAMS_FILE: paramsFile,
        SWEEPLAB_METRICS_FILE: metricsFile,
        SWEEPLAB_TRIAL_ID: '1',
        SWEEPLAB_SWEEP_ID: '1',
        SWEEPLAB_SEED: '11',
        SWEEPLAB_TRIAL_DIR: trialDir,
      }),
    })
    expect(r.status, `${cmd} ${args.join(' ')}\n${r.stderr}`).toBe(0)
    const fileText = readFileSync(metricsFile, 'utf8')
    const records = [
      ...fileText.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
      ...markerRecords(r.stdout),
      ...patternRecords(spec, r.stdout),
    ]
    const metric = spec.metric?.name ?? ''
    const values = records.map((rec) => rec[metric]).filter((v) => v !== undefined)
    expect(values.length, `${file}: no ${metric} reported`).toBeGreaterThan(0)
    for (const v of values) expect(Number.isFinite(v), `${metric}=${String(v)}`).toBe(true)
    // Scripts with the client write to the metrics file; the bash script has no client and prints markers.
    if (spec.stdout_metrics) {
      expect(fileText).toBe('')
      expect(markerRecords(r.stdout)).toEqual([])
    } else if (spec.program?.endsWith('.sh')) {
      expect(fileText).toBe('')
    } else {
      expect(markerRecords(r.stdout)).toEqual([])
      expect(readFileSync(join(trialDir, 'result.txt'), 'utf8')).toMatch(/^val_loss=/)
    }
  })
})

describe('the example scripts, run by hand', () => {
  it.each([
    ['quadratic.py', ['python3', 'quadratic.py']],
    ['quadratic.mjs', [process.execPath, 'quadratic.mjs']],
  ])('%s prints a loss per step and val_loss every 5 steps as @@sweeplab lines', (_name, prefix) => {
    const r = runByHand([...prefix, '--x=0.3', '--lr=0.01', '--opt=adam'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.records.map((rec) => rec.step)).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect(r.records.every((rec) => typeof rec.loss === 'number' && rec.loss > 0)).toBe(true)
    expect(r.records.filter((rec) => 'val_loss' in rec).map((rec) => rec.step)).toEqual([4, 9, 14, 19, 24, 29])
    const first = r.records[0]?.loss as number
    const last = r.records[29]?.loss as number
    expect(last).toBeLessThan(first / 10)
    expect(r.stdout).toMatch(/final val_loss=/)
  })

  it.each([
    ['quadratic.py', ['python3', 'quadratic.py']],
    ['quadratic.mjs', [process.execPath, 'quadratic.mjs']],
  ])('%s diverges with a large lr and sgd: it logs NaN and stops', (_name, prefix) => {
    const r = runByHand([...prefix, '--lr=0.8', '--opt=sgd'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.records.at(-1)?.loss).toBe('NaN')
    expect(r.records.length).toBeLessThan(30)
  })

  it.each([
    ['quadratic.py', ['python3', 'quadratic.py']],
    ['quadratic.mjs', [process.execPath, 'quadratic.mjs']],
    ['print-metrics.sh', ['bash', 'print-metrics.sh']],
  ])('%s exits non-zero on a bad argument', (_name, prefix) => {
    const r = runByHand([...prefix, '--opt=nope', '--lr=nope'])
    expect(r.status).not.toBe(0)
    expect(r.stderr).not.toBe('')
  })

  it('print-metrics.sh prints @@sweeplab lines with no client at all', () => {
    const r = runByHand(['bash', 'print-metrics.sh', '--lr=0.3', '--steps=5'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.records.map((rec) => rec.step)).toEqual([0, 1, 2, 3, 4])
    expect(r.records.every((rec) => typeof rec.loss === 'number')).toBe(true)
    expect(r.stdout.split('\n')[0]).toBe('training with lr=0.3 for 5 steps (trial none, seed none)')
  })
})
