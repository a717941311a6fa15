import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, REPO_ROOT, runCli, waitFor, type Workspace } from './helpers.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')

function sweepYaml(body: string): string {
  return `program: ${TRAIN}\ncommand: ['node', '\${program}', '\${args}']\nmetric: {name: val_loss, goal: minimize}\n${body}`
}

const GRID = sweepYaml(`
name: steer-grid
method: grid
workers: 1
parameters:
  x: {values: [0.1, 0.3]}
  lr: {values: [0.1, 1.0]}
  steps: {value: 4}
  sleep_ms: {value: 60}
`)

const statusOf = (ws: Workspace, id: number) => ws.query<{ status: string }>('SELECT status FROM sweeps WHERE id = ?', id)[0]!.status
const trialRows = (ws: Workspace, id: number) =>
  ws.query<{ id: number; idx: number; status: string; config_version: number; rerun_of: number | null; seed: number; params_json: string }>(
    'SELECT id, idx, status, config_version, rerun_of, seed, params_json FROM trials WHERE sweep_id = ? ORDER BY id', id)

describe('steering a running sweep (real workers, real SQLite)', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('pauses (no new trial starts, the running one finishes), takes a search-space edit as version 2, and resumes', async () => {
    const file = ws.write('grid.yaml', GRID)
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    await waitFor(() => trialRows(ws, sweepId).some((t) => t.status === 'running'), 20_000, 'a running trial')
    expect(await engine.pauseSweep({ sweepId })).toEqual({ status: 'paused', requestedFrom: null })
    expect(statusOf(ws, sweepId)).toBe('paused')
    await waitFor(() => trialRows(ws, sweepId).every((t) => t.status !== 'running' && t.status !== 'queued'), 20_000, 'the running trial to finish')
    const atPause = trialRows(ws, sweepId).length
    // Nothing starts while paused, however long it stays paused.
    await new Promise((r) => setTimeout(r, 700))
    expect(trialRows(ws, sweepId)).toHaveLength(atPause)
    expect((await engine.getSweep({ sweepId })).status).toBe('paused')

    // A third x value: the new grid has 6 points; the ones already run are not run again.
    const edited = readFileSync(file, 'utf8').replace('x: {values: [0.1, 0.3]}', 'x: {values: [0.1, 0.3, 0.5]}')
    const dry = await engine.updateSweep({ sweepId, text: edited, dryRun: true })
    expect(dry).toMatchObject({ version: 2, dryRun: true, total: 6, remaining: 6 - atPause })
    expect(dry.changes).toEqual(['parameters.x: values [0.1,0.3] → values [0.1,0.3,0.5]'])
    expect((await engine.getSweep({ sweepId })).configVersion).toBe(1)
    const upd = await engine.updateSweep({ sweepId, text: edited, note: 'wider x' })
    expect(upd).toMatchObject({ version: 2, dryRun: false, remaining: 6 - atPause, requestedFrom: null })

    expect(await engine.resumeSweep({ sweepId })).toEqual({ requeued: 0, requestedFrom: null })
    const end = await engine.waitForSweep(sweepId)
    expect(end.status).toBe('completed')
    const rows = trialRows(ws, sweepId)
    expect(rows).toHaveLength(6)
    expect(rows.slice(0, atPause).every((t) => t.config_version === 1)).toBe(true)
    expect(rows.slice(atPause).every((t) => t.config_version === 2)).toBe(true)
    expect(new Set(rows.map((t) => t.params_json)).size).toBe(6)
    const versions = await engine.getSweepVersions({ sweepId })
    expect(versions.map((v) => [v.version, v.trials, v.current, v.note])).toEqual([[1, atPause, false, null], [2, 6 - atPause, true, 'wider x']])
    expect(versions[1]!.specText).toBe(edited)
  })

  it('takes an edit while trials run: a random sweep gets a higher run_cap and a narrowed range, later trials record version 2', async () => {
    const file = ws.write('random.yaml', sweepYaml(`
method: random
run_cap: 3
workers: 1
parameters:
  x: {min: 0.0, max: 1.0}
  steps: {value: 4}
  sleep_ms: {value: 60}
`))
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    await waitFor(() => trialRows(ws, sweepId).some((t) => t.status === 'running'), 20_000, 'a running trial')
    const edited = readFileSync(file, 'utf8').replace('run_cap: 3', 'run_cap: 5').replace('x: {min: 0.0, max: 1.0}', 'x: {min: 2.0, max: 3.0}')
    const upd = await engine.updateSweep({ sweepId, text: edited })
    expect(upd.changes).toEqual(['run_cap: 3 → 5', 'parameters.x: uniform [0, 1] → uniform [2, 3]'])
    expect((await engine.waitForSweep(sweepId))).toMatchObject({ status: 'completed', total: 5 })
    const rows = trialRows(ws, sweepId)
    expect(rows).toHaveLength(5)
    // The trial running during the edit finished under version 1; every later one came from version 2.
    expect(rows[0]!.config_version).toBe(1)
    const v2 = rows.filter((t) => t.config_version === 2)
    expect(v2.length).toBeGreaterThanOrEqual(3)
    expect(v2.every((t) => (JSON.parse(t.params_json) as { x: number }).x >= 2)).toBe(true)
  })

  it('refuses an edit that changes what makes the sweep itself, and a bad file with its line', async () => {
    const file = ws.write('grid.yaml', GRID)
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file, start: false })
    await expect(engine.updateSweep({ sweepId, text: GRID.replace('method: grid', 'method: random') })).rejects.toMatchObject({ code: 'sweep/edit-refused' })
    await expect(engine.updateSweep({ sweepId, text: GRID.replace('workers: 1', 'workers: -1') })).rejects.toMatchObject({ code: 'spec/invalid', message: expect.stringMatching(/grid\.yaml:\d+:\d+ workers/) })
    expect((await engine.getSweepVersions({ sweepId })).map((v) => v.version)).toEqual([1])
  })

  it('stops launching once max_duration of running time has passed', async () => {
    const file = ws.write('random.yaml', sweepYaml(`
method: random
max_duration: 1s
workers: 1
parameters:
  x: {min: 0.0, max: 1.0}
  steps: {value: 4}
  sleep_ms: {value: 60}
`))
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const end = await engine.waitForSweep(sweepId)
    expect(end.status).toBe('completed')
    expect(end.total).toBeNull()
    const detail = await engine.getSweep({ sweepId })
    expect(detail.maxDurationMs).toBe(1000)
    expect(detail.runMs).toBeGreaterThanOrEqual(1000)
    expect(trialRows(ws, sweepId).length).toBeGreaterThan(0)
  })

  it('reruns the best k configs with n distinct seeds, and one trial with an edited param, after the sweep ended', async () => {
    const file = ws.write('grid.yaml', GRID.replace('workers: 1', 'workers: 2'))
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const before = await engine.getTrials({ sweepId })
    const ranked = before.filter((t) => t.finalValue !== null).sort((a, b) => a.finalValue! - b.finalValue!)

    const r = await engine.rerunBest({ sweepId, top: 2, seeds: 3 })
    expect(r.state).toBe('running')
    expect(r.trialIds).toHaveLength(6)
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const reruns = (await engine.getTrials({ sweepId })).filter((t) => t.rerunOf !== null)
    expect(reruns).toHaveLength(6)
    expect(reruns.every((t) => t.status === 'completed' && t.index < 0)).toBe(true)
    expect(new Set(reruns.map((t) => t.rerunOf))).toEqual(new Set([ranked[0]!.id, ranked[1]!.id]))
    for (const src of [ranked[0]!, ranked[1]!]) {
      const mine = reruns.filter((t) => t.rerunOf === src.id)
      expect(mine).toHaveLength(3)
      expect(mine.every((t) => JSON.stringify(t.params) === JSON.stringify(src.params))).toBe(true)
      expect(new Set([src.seed, ...mine.map((t) => t.seed)]).size).toBe(4)
    }

    const one = await engine.rerunTrial({ trialId: ranked[0]!.id, params: { x: 0.5 } })
    expect(one.state).toBe('running')
    await engine.waitForSweep(sweepId)
    const edited = await engine.getTrial({ trialId: one.trialIds[0]! })
    expect(edited).toMatchObject({ status: 'completed', rerunOf: ranked[0]!.id, seed: ranked[0]!.seed, params: { ...ranked[0]!.params, x: 0.5 } })
    await expect(engine.rerunTrial({ trialId: ranked[0]!.id, params: { y: 1 } })).rejects.toMatchObject({ code: 'rerun/unknown-param' })
  })

  it('pauses, edits and resumes a sweep that another process (sweeplab run) runs', async () => {
    const file = ws.write('grid.yaml', GRID.replace('sleep_ms: {value: 60}', 'sleep_ms: {value: 150}'))
    const cli = runCli(['run', file, '--db', ws.dbPath, '--json'])
    const started = (): number | null => {
      try {
        return trialRows(ws, 1).length > 0 ? 1 : null
      } catch {
        return null // the CLI has not created the database yet
      }
    }
    const sweepId = await waitFor(started, 30_000, 'the CLI to start a trial')
    const engine = ws.engine({ maxWorkers: 1 })
    const paused = await engine.pauseSweep({ sweepId })
    expect(paused.status).toBe('paused')
    expect(paused.requestedFrom).toBe(cli.child.pid)
    await waitFor(() => trialRows(ws, sweepId).every((t) => t.status !== 'running' && t.status !== 'queued'), 20_000, 'the running trial to finish')
    const atPause = trialRows(ws, sweepId).length
    await new Promise((r) => setTimeout(r, 1200))
    expect(trialRows(ws, sweepId)).toHaveLength(atPause)
    expect(statusOf(ws, sweepId)).toBe('paused')

    const upd = await engine.updateSweep({ sweepId, set: { run_cap: atPause + 1 } })
    expect(upd.requestedFrom).toBe(cli.child.pid)
    expect(upd.text).toMatch(/run_cap: \d+/)
    expect((await engine.resumeSweep({ sweepId })).requestedFrom).toBe(cli.child.pid)
    const out = await cli.done
    expect(out.code).toBe(0)
    const rows = trialRows(ws, sweepId)
    expect(rows).toHaveLength(atPause + 1)
    expect(rows[atPause]!.config_version).toBe(2)
    expect(statusOf(ws, sweepId)).toBe('completed')
  }, 60_000)

  it('stays paused across an engine restart; a rerun asked for meanwhile waits and runs on resume', async () => {
    const file = ws.write('grid.yaml', GRID)
    const first = ws.engine({ maxWorkers: 1, shutdownGraceMs: 5_000 })
    const { sweepId } = await first.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    await waitFor(() => trialRows(ws, sweepId).some((t) => t.status === 'running'), 20_000, 'a running trial')
    await first.pauseSweep({ sweepId })
    await first.shutdown()
    expect(statusOf(ws, sweepId)).toBe('paused')
    const atStop = trialRows(ws, sweepId)

    const second = ws.engine({ maxWorkers: 1 })
    expect((await second.getSweep({ sweepId })).status).toBe('paused')
    const src = atStop[0]!
    const rerun = await second.rerunTrial({ trialId: src.id })
    expect(rerun).toMatchObject({ state: 'queued', requestedFrom: null })
    expect((await second.getTrial({ trialId: rerun.trialIds[0]! })).status).toBe('queued')

    await second.resumeSweep({ sweepId })
    expect((await second.waitForSweep(sweepId)).status).toBe('completed')
    const rows = trialRows(ws, sweepId)
    const done = rows.filter((t) => t.rerun_of === null && t.status === 'completed')
    expect(new Set(done.map((t) => t.params_json)).size).toBe(4)
    expect(rows.filter((t) => t.rerun_of === src.id).map((t) => [t.status, t.idx, t.seed])).toEqual([['completed', -1, src.seed]])
  })

  it('steers from the real CLI: versions, a dry-run edit, rerun-best run by the CLI itself, show with versions', async () => {
    const file = ws.write('grid.yaml', GRID.replace('workers: 1', 'workers: 2'))
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    await engine.waitForSweep(sweepId)
    await engine.shutdown()
    const db = ['--db', ws.dbPath]

    const versions = await runCli(['versions', String(sweepId), ...db]).done
    expect(versions.stdout).toMatch(/^v1 \(current\) {2}\S+ \S+ {2}4 trials\n$/)
    const dry = await runCli(['edit', String(sweepId), '--run-cap', '3', '--note', 'fewer', '--dry-run', ...db]).done
    expect(dry.stdout).toBe(`dry run: version 2 of sweep ${sweepId} would be (0 trials left to sample of 4)\n  run_cap: unset → 3\n`)
    const refused = await runCli(['pause', String(sweepId), ...db]).done
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/is completed; only a running or interrupted sweep can be paused/)

    const rerun = await runCli(['rerun-best', String(sweepId), '--top', '1', '--seeds', '2', '--quiet', ...db]).done
    expect(rerun.code).toBe(0)
    const reruns = trialRows(ws, sweepId).filter((t) => t.rerun_of !== null)
    expect(reruns.map((t) => [t.status, t.idx])).toEqual([['completed', -1], ['completed', -2]])
    const show = await runCli(['show', String(sweepId), ...db]).done
    expect(show.stdout).toMatch(/trial +status +ver +rerun of/)
    const bad = await runCli(['rerun', String(reruns[0]!.id), '--param', 'nope=1', ...db]).done
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/the trial has no parameter "nope"/)
  }, 60_000)
})
