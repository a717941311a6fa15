import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, REPO_ROOT, runCli, waitFor, type Workspace } from '../integration/helpers.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')
const sweepYaml = (name: string, trials: number) => `
name: ${name}
method: grid
workers: 2
program: ${TRAIN}
command: ['node', '\${program}', '\${args}']
metric: {name: val_loss, goal: minimize}
parameters:
  x: {values: [${Array.from({ length: trials }, (_, i) => (i + 1) / 10).join(', ')}]}
  steps: {value: 40}
  sleep_ms: {value: 10}
`

interface SweepRow { id: number; name: string; status: string }

describe('two engines on one workspace file', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  const integrity = (): unknown => {
    const db = new Database(ws.dbPath, { readonly: true, fileMustExist: true })
    try {
      return db.pragma('integrity_check', { simple: true })
    } finally {
      db.close()
    }
  }

  it('two CLI runs of the same sweep file at once: two sweeps, both complete, every point stored once', async () => {
    const file = ws.write('sweep.yaml', sweepYaml('twice', 6))
    const [a, b] = await Promise.all([runCli(['run', file, '--db', ws.dbPath, '--quiet']).done, runCli(['run', file, '--db', ws.dbPath, '--quiet']).done])
    expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, '', 0, ''])
    const sweeps = ws.query<SweepRow>('SELECT id, name, status FROM sweeps ORDER BY id')
    expect(sweeps.map((s) => s.status)).toEqual(['completed', 'completed'])
    for (const s of sweeps) {
      const idx = ws.query<{ idx: number }>("SELECT idx FROM trials WHERE sweep_id = ? AND status = 'completed' ORDER BY idx", s.id).map((t) => t.idx)
      expect(idx).toEqual([0, 1, 2, 3, 4, 5])
    }
    // 40 loss steps + one val_loss per trial, 12 trials, none lost or doubled under concurrent commits.
    expect(ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics')[0]!.n).toBe(12 * 41)
    expect(integrity()).toBe('ok')
  })

  it('refuses to resume a sweep another live engine runs, naming that process, and leaves it running', async () => {
    const file = ws.write('sweep.yaml', sweepYaml('owned', 8))
    const owner = runCli(['run', file, '--db', ws.dbPath, '--quiet'])
    await waitFor(() => {
      try {
        return ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE status = 'running'")[0]!.n > 0
      } catch {
        return false
      }
    }, 30_000, 'the first engine to run a trial')
    const second = await runCli(['resume', '1', '--db', ws.dbPath]).done
    expect(second.code).not.toBe(0)
    expect(second.stderr).toContain(`sweep 1 is being run by process ${owner.child.pid}; stop it first`)
    const first = await owner.done
    expect([first.code, first.stderr]).toEqual([0, ''])
    expect(ws.query<SweepRow>('SELECT id, name, status FROM sweeps')).toEqual([{ id: 1, name: 'owned', status: 'completed' }])
    // Every grid point ran exactly once: the refused resume queued nothing.
    expect(ws.query<{ n: number }>('SELECT count(*) AS n FROM trials')[0]!.n).toBe(8)
    expect(integrity()).toBe('ok')
  })

  it('an app-like engine in this process and a CLI run side by side: both sweeps complete, and the app cannot take over the sweep of the CLI', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const cli = runCli(['run', ws.write('cli.yaml', sweepYaml('from-cli', 6)), '--db', ws.dbPath, '--quiet'])
    const { sweepId } = await engine.createSweep({ text: sweepYaml('from-app', 6), fileName: ws.write('app.yaml', '') })
    const cliSweep = await waitFor(() => ws.query<SweepRow>("SELECT id, name, status FROM sweeps WHERE name = 'from-cli'")[0], 30_000, 'the CLI sweep')
    // The app cannot resume what the CLI runs: one owner per sweep.
    await expect(engine.resumeSweep({ sweepId: cliSweep.id })).rejects.toThrow(/being run by process/)
    const done = await engine.waitForSweep(sweepId)
    expect(done.status).toBe('completed')
    const r = await cli.done
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(ws.query<SweepRow>('SELECT id, name, status FROM sweeps ORDER BY name').map((s) => [s.name, s.status])).toEqual([['from-app', 'completed'], ['from-cli', 'completed']])
    expect(ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics')[0]!.n).toBe(12 * 41)
    expect(integrity()).toBe('ok')
  })
})
