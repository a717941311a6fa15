import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from './open-store.ts'
import type { Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
let sweepId: number
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  sweepId = store.sweeps.insert(newSweep())
})
afterEach(() => store.close())

describe('trial repo', () => {
  it('round-trips a trial with its params as an object', () => {
    const id = store.trials.insert(newTrial(sweepId, 3, { attempt: 2, params: { lr: 1e-3, layers: [64, 32], opt: 'adam' } }))
    expect(store.trials.get(id)).toEqual({
      id, sweepId, index: 3, attempt: 2, status: 'queued', params: { lr: 1e-3, layers: [64, 32], opt: 'adam' }, seed: 7,
      failureReason: null, failureNote: null,
      finalValue: null, bestValue: null, startedAt: null, endedAt: null, exitCode: null, signal: null, backend: null, backendNote: null, error: null, workerId: null, prunedAtStep: null, configVersion: 1, rerunOf: null,
    })
    store.trials.markRunning(id, { workerId: 4, startedAt: 5_000 })
    store.trials.setPid(id, 999)
    store.trials.setBackend(id, 'cuda')
    expect(store.trials.get(id)).toMatchObject({ status: 'running', workerId: 4, startedAt: 5_000, backend: 'cuda' })
  })

  it('ends a trial only once, whoever races to it', () => {
    const id = store.trials.insert(newTrial(sweepId, 0))
    store.trials.markRunning(id, { workerId: 1, startedAt: 10 })
    expect(store.trials.finish(id, { status: 'completed', endedAt: 20, durationMs: 10, exitCode: 0 })).toBe(true)
    expect(store.trials.finish(id, { status: 'cancelled', endedAt: 30, durationMs: 20, error: 'late cancel' })).toBe(false)
    expect(store.trials.get(id)).toMatchObject({ status: 'completed', endedAt: 20, exitCode: 0, error: null })
    store.trials.markRunning(id, { workerId: 2, startedAt: 40 })
    expect(store.trials.get(id)).toMatchObject({ status: 'completed', workerId: 1 })
    expect(store.db.prepare('SELECT pid FROM trials WHERE id = ?').get(id)).toEqual({ pid: null })
  })

  it('stores a failure reason with every end: the one given, else classified from the row', () => {
    const given = store.trials.insert(newTrial(sweepId, 0))
    store.trials.finish(given, { status: 'failed', endedAt: 1, durationMs: 1, exitCode: null, error: 'could not start', failure: { reason: 'start_failed', note: 'could not start' } })
    const classified = store.trials.insert(newTrial(sweepId, 1))
    store.trials.finish(classified, { status: 'interrupted', endedAt: 1, durationMs: 1, error: 'the engine stopped while the trial ran' })
    const oom = store.trials.insert(newTrial(sweepId, 2))
    store.trials.finish(oom, { status: 'failed', endedAt: 1, durationMs: 1, exitCode: 137 })
    const done = store.trials.insert(newTrial(sweepId, 3))
    store.trials.finish(done, { status: 'completed', endedAt: 1, durationMs: 1, exitCode: 0 })
    expect([given, classified, oom, done].map((id) => store.trials.get(id)!.failureReason)).toEqual(['start_failed', 'interrupted', 'oom', null])
    expect(store.trials.get(classified)!.failureNote).toBe('the engine stopped while the trial ran')
    expect(store.trials.countFailureReasons(sweepId)).toEqual({ start_failed: 1, interrupted: 1, oom: 1 })
  })

  it('reads the last finite value of a metric per trial, skipping non-finite points', () => {
    const a = store.trials.insert(newTrial(sweepId, 0))
    const b = store.trials.insert(newTrial(sweepId, 1))
    const c = store.trials.insert(newTrial(sweepId, 2))
    store.metrics.insertMany([[a, 'loss', 0, 3, 1], [a, 'loss', 1, 2, 1], [a, 'loss', 2, null, 1], [b, 'loss', 0, Infinity, 1], [b, 'acc', 0, 1, 1]])
    const last = store.trials.lastFiniteValues([a, b, c], 'loss')
    expect([...last]).toEqual([[a, 2]])
    expect(store.trials.lastFiniteValues([], 'loss').size).toBe(0)
  })

  it('refuses a non-terminal status in finish', () => {
    const id = store.trials.insert(newTrial(sweepId, 0))
    expect(() => store.trials.finish(id, { status: 'running', endedAt: 1, durationMs: null })).toThrow(/terminal/)
  })

  it('lists a sweep by index and attempt, and by status in id order', () => {
    const b2 = store.trials.insert(newTrial(sweepId, 1, { attempt: 2 }))
    const a = store.trials.insert(newTrial(sweepId, 0))
    const b1 = store.trials.insert(newTrial(sweepId, 1))
    store.trials.finish(b1, { status: 'failed', endedAt: 1, durationMs: 1 })
    expect(store.trials.listBySweep(sweepId).map((t) => t.id)).toEqual([a, b1, b2])
    expect(store.trials.listByStatus(sweepId, ['queued']).map((t) => t.id)).toEqual([b2, a])
    expect(store.trials.listByStatus(sweepId, ['failed', 'queued']).map((t) => t.id)).toEqual([b2, a, b1])
    expect(store.trials.listByStatus(sweepId, [])).toEqual([])
  })

  it('recomputes final, best and last step of the sweep metric from stored points', () => {
    const id = store.trials.insert(newTrial(sweepId, 0))
    store.metrics.insertMany([
      [id, 'loss', 0, 2.0, 1], [id, 'loss', 2, 0.7, 3], [id, 'loss', 1, 0.5, 2], [id, 'loss', 3, NaN, 4], [id, 'acc', 9, 0.1, 4],
    ])
    store.trials.refreshMetricSummary(id, 'loss', 'minimize')
    expect(store.trials.get(id)).toMatchObject({ finalValue: null, bestValue: 0.5 })
    expect(store.db.prepare('SELECT last_step FROM trials WHERE id = ?').get(id)).toEqual({ last_step: 3 })
    store.trials.refreshMetricSummary(id, 'loss', 'maximize')
    expect(store.trials.get(id)?.bestValue).toBe(2.0)
  })

  it('folds a batch summary into the stored one', () => {
    const id = store.trials.insert(newTrial(sweepId, 0))
    store.trials.mergeMetricSummary(id, { lastStep: 5, lastValue: 0.4, best: 0.3 }, 'minimize')
    store.trials.mergeMetricSummary(id, { lastStep: 3, lastValue: 0.9, best: 0.35 }, 'minimize') // late, older steps
    expect(store.trials.get(id)).toMatchObject({ finalValue: 0.4, bestValue: 0.3 })
    store.trials.mergeMetricSummary(id, { lastStep: 6, lastValue: 0.2, best: 0.2 }, 'minimize')
    store.trials.mergeMetricSummary(id, { lastStep: 7, lastValue: null, best: null }, 'minimize')
    expect(store.trials.get(id)).toMatchObject({ finalValue: null, bestValue: 0.2 })
  })
})
