import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from './migrate.ts'
import { MIGRATIONS } from './migrations/index.ts'
import { openStore } from './open-store.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()

describe('sweep config versions (migration 0004)', () => {
  it('backfills version 1 of every sweep of an older workspace, and trials default to it', () => {
    const file = join(dir(), 'old.db')
    const db = new Database(file)
    migrate(db, file, MIGRATIONS.filter((m) => m.version <= 3))
    db.prepare(`INSERT INTO sweeps (name, method, status, spec_json, spec_text, seed, workers, created_at)
      VALUES ('old', 'grid', 'completed', '{"method":"grid"}', 'method: grid\n', 1, 2, 500)`).run()
    db.prepare(`INSERT INTO trials (sweep_id, idx, status, params_json, seed, created_at) VALUES (1, 0, 'completed', '{}', 3, 600)`).run()
    db.close()
    const store = openStore(file)
    try {
      expect(store.versions.list(1)).toEqual([{ sweepId: 1, version: 1, specJson: '{"method":"grid"}', specText: 'method: grid\n', note: null, createdAt: 500 }])
      expect(store.sweeps.get(1)).toMatchObject({ configVersion: 1, runMs: 0 })
      expect(store.trials.get(1)).toMatchObject({ configVersion: 1, rerunOf: null })
    } finally {
      store.close()
    }
  })

  it('stores versions, makes the latest current, counts trials per version, and numbers reruns downwards', () => {
    const store = openStore(join(dir(), 'ws.db'))
    try {
      const id = store.sweeps.insert(newSweep())
      store.versions.insert({ sweepId: id, version: 2, specJson: '{"run_cap":3}', specText: 'run_cap: 3\n', note: 'smaller', createdAt: 9_000 })
      store.sweeps.setConfig(id, { version: 2, specJson: '{"run_cap":3}', specText: 'run_cap: 3\n', total: 3, workers: 1 })
      expect(store.sweeps.get(id)).toMatchObject({ configVersion: 2, specText: 'run_cap: 3\n', total: 3, workers: 1 })
      const t = store.trials.insert(newTrial(id, 0))
      store.trials.insert(newTrial(id, 1, { configVersion: 2 }))
      expect(store.trials.lowestIndex(id)).toBe(0)
      store.trials.insert(newTrial(id, -1, { configVersion: 2, rerunOf: t }))
      expect(store.trials.lowestIndex(id)).toBe(-1)
      expect([...store.versions.trialCounts(id)]).toEqual([[1, 1], [2, 2]])
      expect(store.versions.list(id).map((v) => [v.version, v.note])).toEqual([[1, null], [2, 'smaller']])
      // A rerun outlives the trial it repeats: its origin becomes unknown, not a broken reference.
      store.db.prepare('DELETE FROM trials WHERE id = ?').run(t)
      expect(store.trials.listBySweep(id).find((x) => x.index === -1)?.rerunOf).toBeNull()
    } finally {
      store.close()
    }
  })

  it('pauses and resumes only a running or paused sweep, keeping its owner', () => {
    const store = openStore(join(dir(), 'ws.db'))
    try {
      const id = store.sweeps.insert(newSweep({ enginePid: 77 }))
      expect(store.sweeps.setPaused(id, true)).toBe(true)
      expect(store.sweeps.get(id)).toMatchObject({ status: 'paused', enginePid: 77, endedAt: null })
      expect(store.sweeps.setPaused(id, false)).toBe(true)
      store.sweeps.setStatus(id, 'completed')
      expect(store.sweeps.setPaused(id, true)).toBe(false)
      expect(store.sweeps.get(id)?.status).toBe('completed')
    } finally {
      store.close()
    }
  })
})
