import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../electron/engine/engine.ts'
import { LOG_HEAD_LINES, LOG_NOTE_SEQ, LOG_TAIL_LINES } from '../../electron/engine/store/log-repo.ts'
import { createWorkspace, processGroupAlive, REPO_ROOT, runCli, waitFor, type Workspace } from '../integration/helpers.ts'
import { reportFigures } from './support/figures.ts'
import { watchPeakRss } from './support/peak-rss.ts'

const MISBEHAVE = join(REPO_ROOT, 'tests', 'faults', 'fixtures', 'misbehave.mjs')
const FLOOD_MB = Number(process.env.SWEEPLAB_FAULT_FLOOD_MB ?? 200)
/** The engine keeps at most ~10k log rows per trial and batches of 5k rows; 200 MB of output must not show in its memory. */
const ENGINE_RSS_LIMIT_MB = 400
/** Before the worker paused a flooding trial's pipes (ipc-outbox.ts), a 200 MB flood took the worker to ~450 MB. */
const WORKER_RSS_LIMIT_MB = 300
const TIMEOUT_S = 2

interface TrialRow { id: number; params_json: string; status: string; exit_code: number | null; signal: string | null; error: string | null; duration_ms: number | null; ended_at: number | null }

const sweepYaml = (name: string, modes: string[], extra: string) => `
name: ${name}
method: grid
workers: 2
program: ${MISBEHAVE}
command: ['node', '\${program}', '\${args}']
metric: {name: val_loss, goal: minimize}
${extra}
parameters:
  mode: {values: [${modes.join(', ')}]}
`

describe('worker faults: trials that crash, hang, flood and write junk', () => {
  let ws: Workspace
  const figures: Record<string, number | string> = {}
  const injected: Record<string, number> = {}
  const engines: ChildProcess[] = []
  beforeAll(() => {
    ws = createWorkspace()
  })
  afterAll(async () => {
    // A failed assertion leaves its engine running; it must not outlive the suite.
    for (const c of engines) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    reportFigures('worker-faults', 'Fault injection: worker faults', { ...Object.fromEntries(Object.entries(injected).map(([k, v]) => [`injected: ${k}`, v])), ...figures })
    await ws.cleanup()
  })

  const trialsOf = (sweepId: number) => {
    const rows = ws.query<TrialRow>('SELECT id, params_json, status, exit_code, signal, error, duration_ms, ended_at FROM trials WHERE sweep_id = ? ORDER BY idx', sweepId)
    return new Map(rows.map((t) => [JSON.parse(t.params_json).mode as string, t]))
  }
  const points = (trialId: number, name: string) => ws.query<{ step: number; value: number }>('SELECT step, value FROM metrics WHERE trial_id = ? AND name = ? ORDER BY step', trialId, name)
  const systemLog = (trialId: number) => ws.query<{ line: string }>("SELECT line FROM logs WHERE trial_id = ? AND stream = 'system' ORDER BY seq", trialId).map((r) => r.line)

  /** {pid, ppid} a fixture trial wrote at start, once it has. */
  const pidsOf = (mode: string): { pid: number; ppid: number } | null => {
    try {
      return JSON.parse(readFileSync(join(ws.dir, `${mode}.json`), 'utf8'))
    } catch {
      return null
    }
  }

  it('finishes the sweep with each fault said on its trial, and stays within memory through a flood', async () => {
    // `parameters:` comes last in the template, so the fixed params are appended to it.
    const spec = ws.write('faults.yaml', `${sweepYaml('worker-faults', ['ok', 'exit-at-start', 'sigkill-self', 'kill-worker', 'flood', 'malformed'], '')}  flood_mb: {value: ${FLOOD_MB}}
  pid_dir: {value: ${JSON.stringify(ws.dir)}}
`)
    const t0 = Date.now()
    const run = runCli(['run', spec, '--db', ws.dbPath, '--quiet'])
    engines.push(run.child)
    const rss = watchPeakRss(run.child.pid!)

    // Kill the worker process under the `kill-worker` trial once its first points are committed.
    const doomed = await waitFor(() => pidsOf('kill-worker'), 60_000, 'the kill-worker trial to start')
    await waitFor(() => {
      const t = ws.query<{ id: number }>("SELECT id FROM trials WHERE params_json LIKE '%kill-worker%'")[0]
      return t && points(t.id, 'loss').length === 3
    }, 20_000, 'the kill-worker trial\'s points to be committed')
    process.kill(doomed.ppid, 'SIGKILL')
    injected['worker process SIGKILLed'] = 1

    const res = await run.done
    const peak = rss.stop()
    expect(res.signal).toBeNull()
    expect(res.code, res.stderr).toBe(0)
    const sweep = ws.query<{ id: number; status: string }>('SELECT id, status FROM sweeps ORDER BY id DESC LIMIT 1')[0]!
    expect(sweep.status).toBe('completed')
    const t = trialsOf(sweep.id)
    expect([...t.values()].every((x) => x.ended_at !== null)).toBe(true)

    const ok = t.get('ok')!
    expect(ok).toMatchObject({ status: 'completed', error: null, exit_code: 0 })
    expect(points(ok.id, 'loss')).toHaveLength(10)

    const atStart = t.get('exit-at-start')!
    expect(atStart).toMatchObject({ status: 'failed', exit_code: 1 })
    expect(atStart.error).toMatch(/^exit code 1; last output:\ncannot open data\/train\.csv/)
    injected['trial exits at start-up'] = 1

    const selfKilled = t.get('sigkill-self')!
    expect(selfKilled).toMatchObject({ status: 'failed', signal: 'SIGKILL' })
    expect(selfKilled.error).toMatch(/^killed by signal SIGKILL/)
    expect(points(selfKilled.id, 'loss')).toHaveLength(3)
    injected['trial SIGKILLs itself'] = 1

    const crashed = t.get('kill-worker')!
    expect(crashed).toMatchObject({ status: 'crashed', signal: 'SIGKILL' })
    expect(crashed.error).toMatch(/^worker \d+ \(trial \d+\) exited with signal SIGKILL; 3 metric points were saved$/)
    expect(points(crashed.id, 'loss')).toHaveLength(3)
    // The trial's own process group went down with its worker, not left orphaned.
    await waitFor(() => !processGroupAlive(doomed.pid), 5_000, 'the crashed trial\'s process group to be gone')

    const flood = t.get('flood')!
    expect(flood).toMatchObject({ status: 'completed', error: null })
    expect(points(flood.id, 'val_loss')).toEqual([{ step: 3, value: 0.3 }])
    const logRows = ws.query<{ n: number }>('SELECT count(*) AS n FROM logs WHERE trial_id = ?', flood.id)[0]!.n
    const note = ws.query<{ line: string }>('SELECT line FROM logs WHERE trial_id = ? AND seq = ?', flood.id, LOG_NOTE_SEQ)[0]?.line
    const last = ws.query<{ line: string }>("SELECT line FROM logs WHERE trial_id = ? AND stream = 'stdout' ORDER BY seq DESC LIMIT 1", flood.id)[0]?.line
    const floodLines = Math.floor(1_048_576 / 97) * FLOOD_MB
    expect(logRows).toBeLessThanOrEqual(LOG_HEAD_LINES + 1 + LOG_TAIL_LINES)
    expect(note).toMatch(/log lines dropped here/)
    expect(last).toBe('flood done')
    expect(peak.engineMb).toBeLessThan(ENGINE_RSS_LIMIT_MB)
    expect(peak.workerMb).toBeLessThan(WORKER_RSS_LIMIT_MB)
    injected[`trial floods stdout (${FLOOD_MB} MB)`] = 1

    const junk = t.get('malformed')!
    expect(junk).toMatchObject({ status: 'completed' })
    expect(points(junk.id, 'loss').map((p) => p.step)).toEqual([0, 1, 2, 3, 4])
    expect(points(junk.id, 'val_loss')).toEqual([{ step: 5, value: 0.2 }])
    expect(junk.error).toMatch(/^ignored 5 malformed metric lines \(first from stdout: not JSON/)
    expect(systemLog(junk.id).filter((l) => l.startsWith('malformed metrics line from stdout'))).toHaveLength(5)
    expect(systemLog(junk.id).at(-1)).toBe(junk.error)
    injected['malformed metric lines'] = 5

    Object.assign(figures, {
      'flood: stdout lines printed': floodLines,
      'flood: log rows kept': logRows,
      'engine peak RSS during the flood (MB)': peak.engineMb,
      'engine RSS limit asserted (MB)': ENGINE_RSS_LIMIT_MB,
      'worker peak RSS during the flood (MB)': peak.workerMb,
      'worker RSS limit asserted (MB)': WORKER_RSS_LIMIT_MB,
      'faults sweep wall time (s)': Math.round((Date.now() - t0) / 1000),
    })
  })

  it(`ends a hanging trial as timeout after ${TIMEOUT_S} s and takes its process group down`, async () => {
    const spec = ws.write('hang.yaml', `${sweepYaml('hang', ['ok', 'hang'], `timeout: ${TIMEOUT_S}`)}  pid_dir: {value: ${JSON.stringify(ws.dir)}}\n`)
    const run = runCli(['run', spec, '--db', ws.dbPath, '--quiet'])
    engines.push(run.child)
    const res = await run.done
    expect(res.code, res.stderr).toBe(0)
    const sweep = ws.query<{ id: number; status: string }>('SELECT id, status FROM sweeps ORDER BY id DESC LIMIT 1')[0]!
    expect(sweep.status).toBe('completed')
    const t = trialsOf(sweep.id)
    expect(t.get('ok')).toMatchObject({ status: 'completed' })
    const hung = t.get('hang')!
    expect(hung).toMatchObject({ status: 'timeout', error: 'killed after exceeding its timeout', signal: 'SIGTERM' })
    expect(points(hung.id, 'loss')).toHaveLength(1)
    // It ignored nothing, so SIGTERM at the limit ended it: well before the 5 s SIGKILL grace.
    expect(hung.duration_ms!).toBeGreaterThanOrEqual(TIMEOUT_S * 1000)
    expect(hung.duration_ms!).toBeLessThan(TIMEOUT_S * 1000 + 4_000)
    expect(processGroupAlive(pidsOf('hang')!.pid)).toBe(false)
    injected['trial hangs (timeout)'] = 1
    figures['hang: trial duration (s)'] = Number((hung.duration_ms! / 1000).toFixed(2))
  })

  it('fails each trial with the reason when its worker process dies at start-up, and ends the sweep', async () => {
    const spec = ws.write('no-worker.yaml', sweepYaml('no-worker', ['ok', 'flood', 'malformed'], ''))
    const engine = createEngine({ dbPath: join(ws.dir, 'no-worker.db'), maxWorkers: 2, workerEntry: join(REPO_ROOT, 'tests', 'faults', 'fixtures', 'worker-exits-at-start.mjs') })
    try {
      const { sweepId } = await engine.createSweep({ text: readFileSync(spec, 'utf8'), fileName: spec })
      const summary = await engine.waitForSweep(sweepId)
      expect(summary.status).toBe('failed')
      expect(summary.error).toBe('no trial completed (3 crashed)')
      const trials = await engine.getTrials({ sweepId })
      expect(trials.map((t) => t.status)).toEqual(['crashed', 'crashed', 'crashed'])
      for (const t of trials) {
        expect(t.error).toBe('worker failed to start: worker exited during start-up (code 3, signal null)')
        expect(t.endedAt).not.toBeNull()
      }
      injected['worker process exits at start-up'] = trials.length
    } finally {
      await engine.shutdown({ graceMs: 500 })
    }
  })
})
