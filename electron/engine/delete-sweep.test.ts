import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf } from './testing/error-of.ts'
import { deleteStoredSweep, type DeleteSweepContext } from './delete-sweep.ts'
import { openStore } from './store/open-store.ts'
import type { Store } from './store/store-types.ts'
import { endedTrial, newSweep, useTempDir } from './store/test-helpers.ts'
import { sweepFilesDir, workspaceFilesDir } from './workspace-files.ts'

const dir = useTempDir()
let store: Store
let filesDir: string
let logged: string[]
beforeEach(() => {
  const dbPath = join(dir(), 'workspace.db')
  store = openStore(dbPath)
  filesDir = workspaceFilesDir(dbPath)
  logged = []
})
afterEach(() => store.close())

function ctx(over: Partial<DeleteSweepContext> = {}): DeleteSweepContext {
  return { store, filesDir, isRunningHere: () => false, log: (m) => logged.push(m), ...over }
}

/** A finished sweep with two trials, each with points, logs, an artifact and a file on disk. */
function seedSweep(name: string): { sweepId: number; trialIds: number[] } {
  const sweepId = store.sweeps.insert(newSweep({ name, enginePid: null }))
  store.sweeps.setStatus(sweepId, 'completed')
  const trialIds = [0, 1].map((i) => endedTrial(store, sweepId, i, 'completed', 1, i + 0.5))
  for (const id of trialIds) {
    store.logs.insertMany([[id, 'stdout', 1, `trial ${id} says hi`]])
    const trialDir = join(sweepFilesDir(filesDir, sweepId), String(id))
    mkdirSync(trialDir, { recursive: true })
    writeFileSync(join(trialDir, 'samples.json'), '{"samples": []}')
    store.artifacts.insertMany([{ trialId: id, kind: 'samples', name: 'samples.json', path: join(trialDir, 'samples.json'), size: 15, createdAt: 1 }])
  }
  store.control.request({ sweepId, trialId: trialIds[0]!, action: 'cancel-trial' })
  return { sweepId, trialIds }
}

function rowCounts(sweepId: number, trialIds: number[]): Record<string, number> {
  const count = (sql: string, ...args: unknown[]): number => (store.db.prepare(sql).get(...args) as { n: number }).n
  const inTrials = `(${trialIds.join(',')})`
  return {
    sweeps: count('SELECT count(*) AS n FROM sweeps WHERE id = ?', sweepId),
    trials: count('SELECT count(*) AS n FROM trials WHERE sweep_id = ?', sweepId),
    metrics: count(`SELECT count(*) AS n FROM metrics WHERE trial_id IN ${inTrials}`),
    logs: count(`SELECT count(*) AS n FROM logs WHERE trial_id IN ${inTrials}`),
    artifacts: count(`SELECT count(*) AS n FROM artifacts WHERE trial_id IN ${inTrials}`),
    control: count('SELECT count(*) AS n FROM control_requests WHERE sweep_id = ?', sweepId),
  }
}


describe('deleteStoredSweep', () => {
  it('removes the sweep with its trials, metric points, logs, artifacts and control requests, and nothing of another sweep', () => {
    const gone = seedSweep('gone')
    const kept = seedSweep('kept')
    expect(rowCounts(gone.sweepId, gone.trialIds)).toEqual({ sweeps: 1, trials: 2, metrics: 2, logs: 2, artifacts: 2, control: 1 })

    const result = deleteStoredSweep(ctx(), gone.sweepId)

    expect(result.folder).toBe(sweepFilesDir(filesDir, gone.sweepId))
    expect(rowCounts(gone.sweepId, gone.trialIds)).toEqual({ sweeps: 0, trials: 0, metrics: 0, logs: 0, artifacts: 0, control: 0 })
    expect(rowCounts(kept.sweepId, kept.trialIds)).toEqual({ sweeps: 1, trials: 2, metrics: 2, logs: 2, artifacts: 2, control: 1 })
    expect(existsSync(sweepFilesDir(filesDir, gone.sweepId))).toBe(false)
    expect(existsSync(join(sweepFilesDir(filesDir, kept.sweepId), String(kept.trialIds[0]), 'samples.json'))).toBe(true)
    expect(store.sweeps.summaries().map((s) => s.name)).toEqual(['kept'])
  })

  it('leaves datasets, the prepared cache and the targets of links a trial left behind alone', () => {
    const { sweepId, trialIds } = seedSweep('links')
    const outside = join(dir(), 'precious.txt')
    writeFileSync(outside, 'keep me')
    mkdirSync(join(filesDir, 'datasets'), { recursive: true })
    writeFileSync(join(filesDir, 'datasets', 'd-v1.csv'), 'a,b\n')
    mkdirSync(join(filesDir, 'cache', 'datasets'), { recursive: true })
    symlinkSync(outside, join(sweepFilesDir(filesDir, sweepId), String(trialIds[0]), 'link.txt'))
    symlinkSync(dir(), join(sweepFilesDir(filesDir, sweepId), String(trialIds[1]), 'workspace-link'))

    deleteStoredSweep(ctx(), sweepId)

    expect(readFileSync(outside, 'utf8')).toBe('keep me')
    expect(existsSync(join(dir(), 'workspace.db'))).toBe(true)
    expect(existsSync(join(filesDir, 'datasets', 'd-v1.csv'))).toBe(true)
    expect(existsSync(join(filesDir, 'cache', 'datasets'))).toBe(true)
    expect(existsSync(sweepFilesDir(filesDir, sweepId))).toBe(false)
  })

  it('deletes a sweep that never wrote files (created without starting)', () => {
    const sweepId = store.sweeps.insert(newSweep({ enginePid: null }))
    store.sweeps.setStatus(sweepId, 'interrupted')
    expect(deleteStoredSweep(ctx(), sweepId)).toEqual({ folder: null })
    expect(store.sweeps.get(sweepId)).toBeUndefined()
  })

  it('refuses a sweep this process runs, naming it and saying to stop it first; nothing is removed', () => {
    const { sweepId, trialIds } = seedSweep('busy')
    const err = errorOf(() => deleteStoredSweep(ctx({ isRunningHere: (id) => id === sweepId }), sweepId))
    expect(err).toEqual({ code: 'sweep/running', message: `sweep ${sweepId} "busy" is running; stop it first (cancel it), then delete it` })
    expect(rowCounts(sweepId, trialIds).trials).toBe(2)
    expect(existsSync(sweepFilesDir(filesDir, sweepId))).toBe(true)
  })

  it('refuses a sweep this process is about to run (claimed by a resume, runner not started yet)', () => {
    const sweepId = store.sweeps.insert(newSweep({ name: 'starting', enginePid: null }))
    store.sweeps.setStatus(sweepId, 'interrupted')
    expect(store.sweeps.claim(sweepId, { status: 'interrupted', enginePid: null }, process.pid)).toBe(true)
    expect(errorOf(() => deleteStoredSweep(ctx(), sweepId)).code).toBe('sweep/running')
  })

  it('refuses a sweep another live engine process runs, naming that process and the cancel command', () => {
    // The parent of this test process is alive; a fresh heartbeat makes it the sweep's live owner.
    const sweepId = store.sweeps.insert(newSweep({ name: 'elsewhere', enginePid: process.ppid, createdAt: Date.now() }))
    const err = errorOf(() => deleteStoredSweep(ctx(), sweepId))
    expect(err).toEqual({
      code: 'sweep/running',
      message: `sweep ${sweepId} "elsewhere" is being run by process ${process.ppid}; stop it first (sweeplab cancel ${sweepId}), then delete it`,
    })
    expect(store.sweeps.get(sweepId)).toBeDefined()
  })

  it('deletes a sweep whose owner died (status still running, heartbeat stale)', () => {
    const sweepId = store.sweeps.insert(newSweep({ enginePid: process.ppid, createdAt: Date.now() - 60_000 }))
    deleteStoredSweep(ctx(), sweepId)
    expect(store.sweeps.get(sweepId)).toBeUndefined()
  })

  it('says which sweep and workspace when the id is unknown', () => {
    expect(errorOf(() => deleteStoredSweep(ctx(), 42))).toEqual({ code: 'sweep/not-found', message: `no sweep with id 42 in ${store.path}` })
  })

  it('never hands a deleted sweep id out again', () => {
    const { sweepId } = seedSweep('first')
    deleteStoredSweep(ctx(), sweepId)
    expect(store.sweeps.insert(newSweep())).toBe(sweepId + 1)
  })
})
