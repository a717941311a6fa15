import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCommandTrial, type TrialSink } from './command-trial.ts'
import type { TrialJob, WorkerMetricRow } from './protocol.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function job(script: string): TrialJob {
  const trialDir = mkdtempSync(join(tmpdir(), 'sweeplab-cmd-'))
  dirs.push(trialDir)
  return { trialId: 1, sweepId: 1, params: {}, seed: 1, trialDir, cwd: trialDir, env: {}, argv: [process.execPath, '-e', script] }
}

function sink(rows: WorkerMetricRow[]): TrialSink {
  return { metrics: (r) => rows.push(...r), logs: () => undefined, started: () => undefined }
}

/** Reports one point, then idles; with `trap`, it ignores SIGTERM. */
const script = (trap: boolean) => `${trap ? "process.on('SIGTERM', () => {});" : ''}
process.stdout.write('@@sweeplab {"step": 0, "loss": 1}\\n'); setInterval(() => {}, 1000)`

describe('a pruned command trial', () => {
  it('ends pruned on SIGTERM with its points kept', async () => {
    const rows: WorkerMetricRow[] = []
    const run = runCommandTrial(job(script(false)), sink(rows))
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    run.cancel('pruned', 5_000)
    const out = await run.done
    expect(out).toMatchObject({ status: 'pruned', signal: 'SIGTERM', error: null })
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['loss', 0, 1]])
  })

  it('gets SIGKILL when it ignores SIGTERM past the grace period', async () => {
    const rows: WorkerMetricRow[] = []
    const run = runCommandTrial(job(script(true)), sink(rows))
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    const t0 = Date.now()
    run.cancel('pruned', 300)
    const out = await run.done
    expect(out).toMatchObject({ status: 'pruned', signal: 'SIGKILL' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250)
  })

  it('ends cancelled when a cancel follows the prune', async () => {
    const rows: WorkerMetricRow[] = []
    const run = runCommandTrial(job(script(true)), sink(rows))
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    run.cancel('pruned', 5_000)
    run.cancel('cancelled', 100)
    expect((await run.done).status).toBe('cancelled')
  })
})
