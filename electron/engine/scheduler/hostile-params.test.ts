import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { buildSweepPlan } from '../sweep-plan.ts'
import { runCommandTrial } from '../workers/command-trial.ts'

const dir = mkdtempSync(join(tmpdir(), 'sweeplab-hostile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Each value, if it reached a shell or an env parser, would run a command, add an arg or set a variable. */
const HOSTILE = [
  '; rm -rf / #',
  '$(id)',
  '`touch pwned`',
  '--inject',
  '-rf',
  'a b "c d"',
  "it's",
  'line1\nline2\n--evil=1',
  'LD_PRELOAD=/tmp/x.so',
  'x\nPATH=/nowhere',
  '=',
  '--lr=999',
  '&& echo hi | tee /tmp/x > /dev/null',
  '%PATH% $HOME ${HOME}',
  'é ☃ \u202e',
  'z'.repeat(100_000),
]
const PWNED = join(dir, 'pwned')

/** Writes the argv and environment it was started with, untouched, for the test to compare. */
const PROBE = join(dir, 'probe.mjs')
writeFileSync(PROBE, "import { writeFileSync } from 'node:fs'\nwriteFileSync(process.env.SWEEPLAB_TRIAL_DIR + '/seen.json', JSON.stringify({ argv: process.argv.slice(2), env: process.env }))\n")

function planFor(values: readonly string[]) {
  const spec = parseSweepSpec(JSON.stringify({
    method: 'grid',
    command: [process.execPath, PROBE, '${args}'],
    parameters: { p: { values }, q: { value: 'fixed' } },
  }), join(dir, 'sweep.json'))
  return buildSweepPlan({ sweepId: 1, spec, specFile: join(dir, 'sweep.json'), seed: 1, nextIndex: 0, maxCpu: 1, gpusPresent: false, pending: [], workspace: { workspaceDir: dir } })
}

describe('command trials with hostile parameter values', () => {
  it('pass each value as exactly one --name=value argument, to the program itself, never through a shell', async () => {
    const plan = planFor(HOSTILE)
    for (const [i, value] of HOSTILE.entries()) {
      const trialDir = join(dir, `t${i}`)
      const { params, seed } = plan.sample(i)
      expect(params.p).toBe(value)
      const job = { ...plan.makeJob({ trialId: i + 1, params, seed, trialDir, gpuIds: [] }), trialDir }
      expect(job.argv).toEqual([process.execPath, PROBE, `--p=${value}`, '--q=fixed'])
      const outcome = await runCommandTrial(job, { metrics: () => {}, logs: () => {}, started: () => {} }).done
      expect(outcome.status, JSON.stringify(value).slice(0, 40)).toBe('completed')
      const seen = JSON.parse(readFileSync(join(trialDir, 'seen.json'), 'utf8')) as { argv: string[]; env: Record<string, string> }
      expect(seen.argv).toEqual([`--p=${value}`, '--q=fixed'])
      // Values reach the environment only inside the SWEEPLAB_PARAMS JSON, never as variables of their own.
      expect(JSON.parse(seen.env.SWEEPLAB_PARAMS!)).toEqual({ p: value, q: 'fixed' })
      expect(seen.env.PATH).toBe(process.env.PATH)
      expect(seen.env.LD_PRELOAD).toBe(process.env.LD_PRELOAD)
      expect(Object.keys(seen.env).filter((k) => k.includes('evil') || k === 'x' || k === '')).toEqual([])
    }
    expect(() => readFileSync(PWNED)).toThrow()
    expect(() => readFileSync(join(dir, 't0', 'pwned'))).toThrow()
  })

  it('refuses a value with a NUL byte instead of letting it cut the argument short', async () => {
    const plan = planFor(['safe\u0000--inject'])
    const trialDir = join(dir, 'nul')
    const { params, seed } = plan.sample(0)
    const job = { ...plan.makeJob({ trialId: 99, params, seed, trialDir, gpuIds: [] }), trialDir }
    const outcome = await Promise.resolve()
      .then(() => runCommandTrial(job, { metrics: () => {}, logs: () => {}, started: () => {} }).done)
      .catch((e: unknown) => ({ status: 'threw', error: String(e) }))
    expect(outcome.status).not.toBe('completed')
    expect(() => readFileSync(join(trialDir, 'seen.json'))).toThrow()
  })
})
