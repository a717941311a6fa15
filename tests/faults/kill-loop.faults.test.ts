import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FLUSH_MAX_ROWS } from '../../electron/engine/store/write-batcher.ts'
import { workspaceFilesDir } from '../../electron/engine/workspace-files.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkspace, REPO_ROOT, runCli, type Workspace } from '../integration/helpers.ts'
import { createDurabilityLedger } from './support/durability-ledger.ts'
import { reportFigures } from './support/figures.ts'
import { createSeededRandom } from './support/seeded-random.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')
/**
 * The issue asks for at least 50. SWEEPLAB_FAULT_KILLS raises it for a longer soak;
 * SWEEPLAB_FAULT_MIN_KILLS lowers the floor for a quick local check (never in CI).
 */
const KILLS = Math.max(Number(process.env.SWEEPLAB_FAULT_MIN_KILLS ?? 50), Number(process.env.SWEEPLAB_FAULT_KILLS ?? 50))
const SEED = Number(process.env.SWEEPLAB_FAULT_SEED ?? 20_261_125)
const RUN_CAP = 8
/** One kill in five lands while the engine starts (migrations, recovery, claiming the sweep). */
const STARTUP_KILL_SHARE = 0.2

// ~1 s per trial (40 steps × 25 ms), two at a time: a kill 0.2–1.5 s into a run usually finds
// trials mid-curve and the batcher with an open batch.
const SWEEP_YAML = `
name: kill-loop
method: random
seed: 77
run_cap: ${RUN_CAP}
workers: 2
program: ${TRAIN}
command: ['node', '\${program}', '\${args}']
metric: {name: val_loss, goal: minimize}
parameters:
  x: {min: 0.0, max: 1.0}
  lr: {distribution: log_uniform_values, min: 0.001, max: 1.0}
  steps: {value: 40}
  sleep_ms: {value: 25}
`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('kill loop: the engine SIGKILLed at random moments, resumed after each', () => {
  let ws: Workspace
  beforeAll(() => {
    ws = createWorkspace()
  })
  afterAll(async () => {
    await ws.cleanup()
  })

  it(`survives ${KILLS} kills: every trial ends once, every committed point stays once, integrity ok`, async () => {
    const t0 = Date.now()
    const random = createSeededRandom(SEED)
    const file = ws.write('sweep.yaml', SWEEP_YAML)
    const ledger = createDurabilityLedger(ws.dbPath)
    let current: number | null = null
    const counts = { kills: 0, startupKills: 0, midRunKills: 0, runs: 0, resumes: 0, finishedUnkilled: 0, pointsBeforeLastKill: 0 }
    const problems: string[] = []

    const sweepRow = (id: number) => ws.query<{ status: string; engine_pid: number | null }>('SELECT status, engine_pid FROM sweeps WHERE id = ?', id)[0]
    const newestSweep = () => ws.query<{ id: number | null }>('SELECT max(id) AS id FROM sweeps')[0]?.id ?? null
    const safely = <T>(fn: () => T): T | undefined => {
      try {
        return fn()
      } catch {
        // The file may not exist yet (first run still creating it): treat as "not yet".
        return undefined
      }
    }

    while (counts.kills < KILLS) {
      const known = safely(newestSweep) ?? null
      const resuming: boolean = current !== null
      const proc = resuming ? runCli(['resume', String(current), '--db', ws.dbPath, '--quiet']) : runCli(['run', file, '--db', ws.dbPath, '--quiet'])
      if (resuming) counts.resumes++
      else counts.runs++
      let exited = false
      void proc.done.then(() => (exited = true))
      const pid = proc.child.pid!

      const startupKill = random.chance(STARTUP_KILL_SHARE)
      if (startupKill) {
        await sleep(random.between(50, 1_200))
      } else {
        // Wait until this engine owns the sweep and trials run, then pick the moment.
        const deadline = Date.now() + 30_000
        for (;;) {
          if (exited || Date.now() > deadline) break
          const id: number | null | undefined = resuming ? current : safely(newestSweep)
          const mine = id !== null && id !== undefined && (resuming || id !== known)
          const owned = mine && safely(() => sweepRow(id))?.engine_pid === pid
          if (owned && (safely(() => ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE sweep_id = ? AND status = 'running'", id)[0]!.n) ?? 0) > 0) break
          await sleep(25)
        }
        await sleep(random.between(200, 1_500))
      }

      if (!exited) proc.child.kill('SIGKILL')
      const res = await proc.done
      if (res.signal === 'SIGKILL') {
        counts.kills++
        if (startupKill) counts.startupKills++
        else counts.midRunKills++
      } else {
        // The sweep finished before the chosen moment: a clean exit, not a kill.
        expect(res.code, `${resuming ? 'resume' : 'run'} exited on its own: ${res.stderr}`).toBe(0)
        counts.finishedUnkilled++
      }
      // Killed before it created the workspace file: nothing committed yet, nothing to check.
      if (!existsSync(ws.dbPath)) continue

      const check = ledger.snapshot()
      problems.push(...check.lost.map((p) => `after kill ${counts.kills}: lost ${p}`), ...check.reEnded.map((p) => `after kill ${counts.kills}: ${p}`))
      expect(problems).toEqual([])

      const newest = safely(newestSweep) ?? null
      if (current === null && newest !== null && newest !== known) current = newest
      if (current !== null && sweepRow(current)?.status === 'completed') current = null
    }

    counts.pointsBeforeLastKill = ledger.points
    // Let the last sweep finish: resume until it completes, as a user would.
    if (current !== null) {
      const res = await runCli(['resume', String(current), '--db', ws.dbPath, '--quiet']).done
      counts.resumes++
      expect(res.code, res.stderr).toBe(0)
    }
    const final = ledger.snapshot()
    expect([...final.lost, ...final.reEnded]).toEqual([])

    // Every attempt ended, once; every search index has exactly one final attempt and it completed.
    const trials = ledger.trials()
    const open = trials.filter((t) => t.ended_at === null || t.status === 'running' || t.status === 'queued')
    expect(open.map((t) => t.id)).toEqual([])
    const sweeps = ws.query<{ id: number; status: string }>('SELECT id, status FROM sweeps ORDER BY id')
    expect(sweeps.every((s) => s.status === 'completed')).toBe(true)
    let finalAttempts = 0
    for (const s of sweeps) {
      const mine = trials.filter((t) => t.sweep_id === s.id)
      for (let idx = 0; idx < RUN_CAP; idx++) {
        const attempts = mine.filter((t) => t.idx === idx).sort((a, b) => a.attempt - b.attempt)
        expect(attempts.map((t) => t.attempt), `sweep ${s.id} index ${idx}`).toEqual(attempts.map((_, i) => i + 1))
        // Only the last attempt may be anything but interrupted, and it completed.
        expect(attempts.slice(0, -1).every((t) => t.status === 'interrupted'), `sweep ${s.id} index ${idx}`).toBe(true)
        expect(attempts.at(-1)?.status, `sweep ${s.id} index ${idx}`).toBe('completed')
        finalAttempts++
      }
      expect(mine.every((t) => t.idx < RUN_CAP)).toBe(true)
    }
    // What a kill cost: train.mjs writes each point to its metrics file (kept in the trial folder)
    // before the worker reads it, so file lines minus committed rows is the uncommitted tail the
    // kill took, plus anything the trial wrote after it, until its worker took it down.
    const tails = trials.filter((t) => t.status === 'interrupted').map((t) => {
      const file = join(workspaceFilesDir(ws.dbPath), 'trials', String(t.sweep_id), String(t.id), 'metrics.jsonl')
      const written = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length : 0
      const committed = ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics WHERE trial_id = ?', t.id)[0]!.n
      return Math.max(0, written - committed)
    })
    const worstTail = Math.max(0, ...tails)
    expect(worstTail).toBeLessThanOrEqual(FLUSH_MAX_ROWS)
    const duplicates = ledger.duplicates()
    const integrity = ledger.integrity()
    const fkProblems = ledger.foreignKeyProblems()
    expect(duplicates).toBe(0)
    expect(integrity).toBe('ok')
    expect(fkProblems).toBe(0)
    expect(counts.kills).toBeGreaterThanOrEqual(KILLS)
    expect(counts.midRunKills).toBeGreaterThan(0)

    reportFigures('kill-loop', 'Fault injection: engine kill loop', {
      seed: SEED,
      'engine kills (SIGKILL)': counts.kills,
      '  during start-up': counts.startupKills,
      '  while trials ran': counts.midRunKills,
      'sweeplab run': counts.runs,
      'sweeplab resume': counts.resumes,
      'runs that finished before their kill': counts.finishedUnkilled,
      'sweeps completed': sweeps.length,
      'trials (search indices)': finalAttempts,
      'attempts': trials.length,
      'attempts interrupted by a kill': trials.filter((t) => t.status === 'interrupted').length,
      'metric points committed before the last kill, all re-checked': counts.pointsBeforeLastKill,
      'metric points in the end': ledger.points,
      'committed points lost': final.lost.length,
      'uncommitted points per interrupted attempt, worst': worstTail,
      'uncommitted points per interrupted attempt, mean': Number((tails.reduce((a, b) => a + b, 0) / Math.max(1, tails.length)).toFixed(1)),
      'points stored twice': duplicates,
      'trials ended twice': final.reEnded.length,
      'integrity_check': integrity,
      'foreign_key_check problems': fkProblems,
      'wall time (s)': Math.round((Date.now() - t0) / 1000),
    })
  })
})
