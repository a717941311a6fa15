import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, REPO_ROOT, waitFor, type Workspace } from './helpers.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')

describe('sweep lifecycle rules', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('stops launching once a trial reaches metric.target, as W&B does', async () => {
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({
      text: 'method: grid\ntrainer: noop\nmetric: {name: loss, goal: minimize, target: 5}\nparameters:\n  x: {values: [3, 2, 1, 4, 5]}\n',
    })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    // x=3 gives loss 9, x=2 gives 4 <= 5: the sweep ends there.
    expect((await engine.getTrials({ sweepId })).map((t) => t.params.x)).toEqual([3, 2])
  })

  it('gives up on a sweep whose first ten trials all fail, saying why', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({
      text: `method: random\nprogram: ${TRAIN}\ncommand: ['node', '\${program}', '\${args}']\nparameters:\n  fail_at: {value: 0}\n  x: {min: 0.0, max: 1.0}\n`,
    })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('failed')
    expect(summary.error).toMatch(/stopped after 10 trials in a row failed and none completed; last error: exit code 3/)
    expect(summary.done).toBeLessThanOrEqual(11)
  })

  it('resumes a sweep stopped by shutdown and says how many attempts it re-queued', async () => {
    const first = ws.engine({ maxWorkers: 2, shutdownGraceMs: 200 })
    const { sweepId } = await first.createSweep({
      text: `method: grid\nprogram: ${TRAIN}\ncommand: ['node', '\${program}', '\${args}']\nparameters:\n  x: {values: [1, 2, 3]}\n  steps: {value: 100}\n  sleep_ms: {value: 30}\n`,
    })
    // Both workers busy with a trial, the third index not started yet.
    await waitFor(() => ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE status = 'running'")[0]!.n === 2, 20_000, 'two running trials')
    await first.shutdown()
    const second = ws.engine({ maxWorkers: 2 })
    expect((await second.getSweep({ sweepId })).status).toBe('interrupted')
    const { requeued } = await second.resumeSweep({ sweepId })
    expect(requeued).toBe(2)
    expect((await second.waitForSweep(sweepId)).status).toBe('completed')
  })

  it('treats a sweep whose owner stopped beating as dead, even if its pid is alive', async () => {
    const engine = ws.engine()
    const { sweepId } = await engine.createSweep({ text: 'method: grid\ntrainer: noop\nparameters:\n  x: {values: [1]}\n', start: false })
    await engine.shutdown()
    const db = new Database(ws.dbPath)
    // The parent of this test process is alive, but it never refreshed the heartbeat.
    db.prepare("UPDATE sweeps SET status = 'running', engine_pid = ?, heartbeat_at = ? WHERE id = ?").run(process.ppid, Date.now() - 60_000, sweepId)
    db.close()
    const again = ws.engine()
    expect((await again.getSweep({ sweepId })).status).toBe('interrupted')
    const { requeued } = await again.resumeSweep({ sweepId })
    expect(requeued).toBe(0)
    expect((await again.waitForSweep(sweepId)).status).toBe('completed')
  })
})
