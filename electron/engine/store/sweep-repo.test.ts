import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from './open-store.ts'
import type { Store } from './store-types.ts'
import { endedTrial, newSweep, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
})
afterEach(() => store.close())

describe('sweep repo', () => {
  it('round-trips a sweep, inserted as running and started at creation', () => {
    const s = newSweep({ description: 'try lr', specFile: 'sweep.yaml', total: null, metricGoal: 'maximize' })
    const id = store.sweeps.insert(s)
    expect(store.sweeps.get(id)).toEqual({
      ...s, id, status: 'running', nextIndex: 0, startedAt: 1_000, endedAt: null, error: null,
      heartbeatAt: s.enginePid === null ? null : s.createdAt, configVersion: 1, runMs: 0,
    })
    // Version 1 of its config is stored with it.
    expect(store.versions.list(id)).toEqual([{ sweepId: id, version: 1, specJson: s.specJson, specText: s.specText, note: null, createdAt: s.createdAt }])
    expect(store.sweeps.list().map((r) => r.id)).toEqual([id])
    expect(store.sweeps.get(id + 1)).toBeUndefined()
  })

  it('stamps the end and releases the engine on a terminal status, and clears both on resume', () => {
    const id = store.sweeps.insert(newSweep())
    store.sweeps.setNextIndex(id, 5)
    store.sweeps.setStatus(id, 'interrupted', { error: 'engine stopped', endedAt: 9_000 })
    expect(store.sweeps.get(id)).toMatchObject({ status: 'interrupted', endedAt: 9_000, enginePid: null, error: 'engine stopped', nextIndex: 5 })
    store.sweeps.setStatus(id, 'running')
    store.sweeps.setEnginePid(id, 77)
    expect(store.sweeps.get(id)).toMatchObject({ status: 'running', endedAt: null, enginePid: 77, error: null })
    const before = Date.now()
    store.sweeps.setStatus(id, 'completed')
    expect(store.sweeps.get(id)?.endedAt).toBeGreaterThanOrEqual(before)
  })

  it('deletes a sweep with its trials, points and logs, and never reuses its ids', () => {
    const id = store.sweeps.insert(newSweep())
    const t = endedTrial(store, id, 0, 'completed', 1, 0.5)
    store.logs.insertMany([[t, 'stdout', 1, 'hi']])
    store.sweeps.delete(id)
    expect(store.db.prepare('SELECT (SELECT COUNT(*) FROM trials) + (SELECT COUNT(*) FROM metrics) + (SELECT COUNT(*) FROM logs) AS n').get()).toEqual({ n: 0 })
    const again = store.sweeps.insert(newSweep())
    expect(again).toBeGreaterThan(id)
    expect(endedTrial(store, again, 0, 'completed')).toBeGreaterThan(t)
  })

  describe('summaries', () => {
    it('counts per status, done per config by its latest attempt, and the best completed final value', () => {
      const id = store.sweeps.insert(newSweep({ total: 6 }))
      endedTrial(store, id, 0, 'completed', 1, 0.5)
      endedTrial(store, id, 1, 'failed', 1)
      endedTrial(store, id, 1, 'completed', 2, 0.3) // retry: config 1 counts once
      endedTrial(store, id, 2, 'interrupted', 1)
      endedTrial(store, id, 2, 'running', 2) // resumed: not done yet
      endedTrial(store, id, 3, 'interrupted', 1) // not re-queued yet: not done
      endedTrial(store, id, 4, 'pruned', 1, 0.1) // pruned never ranks as best
      endedTrial(store, id, 5, 'queued', 1)
      const s = store.sweeps.summary(id)
      expect(s?.counts).toEqual({ completed: 2, failed: 1, interrupted: 2, running: 1, pruned: 1, queued: 1 })
      expect(s?.done).toBe(3) // configs 0, 1, 4
      expect(s?.bestValue).toBe(0.3)
      expect(s?.bestTrialId).toBe(store.trials.listBySweep(id).find((t) => t.index === 1 && t.attempt === 2)?.id)
      expect(s?.total).toBe(6)
    })

    it('ranks by the goal, skips non-finite values, and breaks ties by the lower trial id', () => {
      const max = store.sweeps.insert(newSweep({ metricGoal: 'maximize' }))
      endedTrial(store, max, 0, 'completed', 1, 0.9)
      const first = endedTrial(store, max, 1, 'completed', 1, 0.95)
      endedTrial(store, max, 2, 'completed', 1, 0.95)
      endedTrial(store, max, 3, 'completed', 1, Infinity)
      endedTrial(store, max, 4, 'completed', 1, NaN)
      expect(store.sweeps.summary(max)).toMatchObject({ bestValue: 0.95, bestTrialId: first, done: 5 })
    })

    it('answers for every sweep in one call, including a sweep without trials', () => {
      const a = store.sweeps.insert(newSweep({ name: 'a' }))
      const b = store.sweeps.insert(newSweep({ name: 'b' }))
      endedTrial(store, b, 0, 'completed', 1, 2)
      const all = store.sweeps.summaries()
      expect(all.map((s) => [s.id, s.name, s.done, s.bestValue, s.counts])).toEqual([
        [a, 'a', 0, null, {}],
        [b, 'b', 1, 2, { completed: 1 }],
      ])
      expect(store.sweeps.summary(a)).toEqual(all[0])
      expect(store.sweeps.summary(b + 1)).toBeUndefined()
    })
  })

  it('lets only one of two processes claim a sweep they both saw interrupted', () => {
    const id = store.sweeps.insert(newSweep())
    store.sweeps.setStatus(id, 'interrupted', { error: 'engine stopped' })
    const seen = store.sweeps.get(id)!
    expect(store.sweeps.claim(id, seen, 101, 5_000)).toBe(true)
    expect(store.sweeps.claim(id, seen, 202, 5_001)).toBe(false)
    expect(store.sweeps.get(id)).toMatchObject({ status: 'running', enginePid: 101, heartbeatAt: 5_000, error: null })
  })
})

describe('sweeps.waiting', () => {
  it('is set and cleared by the engine, and any status change or claim clears it', () => {
    const id = store.sweeps.insert(newSweep())
    expect(store.sweeps.summary(id)?.waiting).toBeNull()
    store.sweeps.setWaiting(id, 'paused: 1 GB free')
    expect(store.sweeps.summary(id)?.waiting).toBe('paused: 1 GB free')
    store.sweeps.setStatus(id, 'interrupted')
    expect(store.sweeps.summary(id)?.waiting).toBeNull()
    store.sweeps.setWaiting(id, 'paused: 1 GB free')
    expect(store.sweeps.claim(id, store.sweeps.get(id)!, 4242)).toBe(true)
    expect(store.sweeps.summary(id)?.waiting).toBeNull()
  })

  it('summarises the durations of trials that ran to an end, and when the running ones started', () => {
    const id = store.sweeps.insert(newSweep({ workers: 3 }))
    for (const [i, ms] of [1_000, 3_000].entries()) {
      const t = store.trials.insert({ sweepId: id, index: i, attempt: 1, params: {}, seed: 1, createdAt: 0 })
      store.trials.markRunning(t, { workerId: 1, startedAt: 10 })
      store.trials.finish(t, { status: 'completed', endedAt: 20, durationMs: ms })
    }
    const cut = store.trials.insert({ sweepId: id, index: 2, attempt: 1, params: {}, seed: 1, createdAt: 0 })
    store.trials.markRunning(cut, { workerId: 1, startedAt: 10 })
    store.trials.finish(cut, { status: 'cancelled', endedAt: 20, durationMs: 99_000 })
    const run = store.trials.insert({ sweepId: id, index: 3, attempt: 1, params: {}, seed: 1, createdAt: 0 })
    store.trials.markRunning(run, { workerId: 2, startedAt: 5_000 })
    const { timing } = store.sweeps.summary(id)!
    expect(timing).toEqual({ finished: 2, meanMs: 2_000, sdMs: expect.closeTo(Math.SQRT2 * 1_000, 6), runningSince: [5_000], concurrency: 3 })
    expect(store.sweeps.summaries().find((s) => s.id === id)?.timing).toEqual(timing)
  })
})
