import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openStore } from './open-store.ts'
import type { LogRow, MetricPointRow, Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'
import { createWriteBatcher } from './write-batcher.ts'

const dir = useTempDir()
let store: Store
let trials: number[]
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  const sweepId = store.sweeps.insert(newSweep())
  trials = [0, 1, 2].map((i) => store.trials.insert(newTrial(sweepId, i)))
})
afterEach(() => {
  vi.useRealTimers()
  store.close()
})

const count = (table: 'metrics' | 'logs'): number => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
const pt = (trialId: number, step: number, value: number | null = step, name = 'loss'): MetricPointRow => [trialId, name, step, value, 1_000 + step]
const log = (trialId: number, line: string): LogRow => [trialId, 'stdout', 1, line]

describe('write batcher', () => {
  it('flushes as soon as maxRows rows are queued, logs included', () => {
    const b = createWriteBatcher(store, { maxRows: 10, flushIntervalMs: 60_000 })
    b.addMetrics([pt(trials[0]!, 0), pt(trials[0]!, 1)])
    b.addLogs(Array.from({ length: 7 }, (_, i) => log(trials[1]!, `l${i}`)))
    expect([count('metrics'), count('logs'), b.pending]).toEqual([0, 0, 9])
    b.addMetrics([pt(trials[0]!, 2)])
    expect([count('metrics'), count('logs'), b.pending]).toEqual([3, 7, 0])
    b.close()
  })

  it('flushes on its timer', () => {
    vi.useFakeTimers()
    const b = createWriteBatcher(store, { flushIntervalMs: 100 })
    b.addMetrics([pt(trials[0]!, 0)])
    vi.advanceTimersByTime(99)
    expect(count('metrics')).toBe(0)
    vi.advanceTimersByTime(1)
    expect(count('metrics')).toBe(1)
    b.close()
  })

  it('flushes on close and refuses rows after it', () => {
    const b = createWriteBatcher(store)
    b.addLogs([log(trials[0]!, 'bye')])
    b.close()
    expect(count('logs')).toBe(1)
    expect(() => b.addMetrics([pt(trials[0]!, 0)])).toThrow(/closed/)
  })

  it('loses nothing from interleaved workers: every row is stored once', () => {
    const flushed: number[] = []
    const b = createWriteBatcher(store, { maxRows: 97, onFlush: (i) => flushed.push(i.metrics.length + i.logs.length) })
    for (let step = 0; step < 500; step++) {
      for (const t of trials) {
        b.addMetrics([pt(t, step), pt(t, step, step, 'acc')])
        if (step % 5 === 0) b.addLogs([log(t, `step ${step}`)])
      }
    }
    b.close()
    expect(count('metrics')).toBe(500 * 3 * 2)
    expect(count('logs')).toBe(100 * 3)
    expect(flushed.reduce((a, n) => a + n, 0)).toBe(3_000 + 300)
  })

  it('calls onFlush after the commit, with the rows it made durable', () => {
    const reader = new Database(store.path, { readonly: true })
    const seen: Array<{ inTransaction: boolean; visible: unknown; metrics: number; logs: number }> = []
    const b = createWriteBatcher(store, {
      onFlush: (info) => seen.push({
        inTransaction: store.db.inTransaction,
        visible: reader.prepare('SELECT COUNT(*) AS n FROM metrics').get(),
        metrics: info.metrics.length,
        logs: info.logs.length,
      }),
    })
    b.addMetrics([pt(trials[0]!, 0), pt(trials[1]!, 0)])
    b.addLogs([log(trials[0]!, 'x')])
    b.flush()
    b.flush() // nothing queued: no call
    expect(seen).toEqual([{ inTransaction: false, visible: { n: 2 }, metrics: 2, logs: 1 }])
    reader.close()
    b.close()
  })

  it('keeps final and best values current, the same as a full recompute', () => {
    const [a, c] = [trials[0]!, trials[1]!]
    const b = createWriteBatcher(store, {
      maxRows: 4,
      metricOf: (id) => (id === a ? { name: 'loss', goal: 'minimize' } : id === c ? { name: 'acc', goal: 'maximize' } : undefined),
    })
    const values = [3, 2, NaN, 0.5, 0.9, Infinity, 1.5, 0.7, NaN, 0.8]
    values.forEach((v, step) => b.addMetrics([pt(a, step, v), pt(c, step, v, 'acc'), pt(trials[2]!, step, v)]))
    b.addMetrics([pt(a, 3, 99)]) // a re-sent step: ignored, so this flush recomputes from the table
    b.close()
    expect(store.trials.get(a)).toMatchObject({ finalValue: 0.8, bestValue: 0.5 })
    expect(store.trials.get(c)).toMatchObject({ finalValue: 0.8, bestValue: 3 }) // +Infinity never ranks
    expect(store.trials.get(trials[2]!)).toMatchObject({ finalValue: null, bestValue: null })
    const merged = store.db.prepare('SELECT id, final_value, best_value, last_step FROM trials ORDER BY id').all()
    store.trials.refreshMetricSummary(a, 'loss', 'minimize')
    store.trials.refreshMetricSummary(c, 'acc', 'maximize')
    expect(store.db.prepare('SELECT id, final_value, best_value, last_step FROM trials ORDER BY id').all()).toEqual(merged)
  })

  it('keeps the rows queued when a flush fails, and drops only rows of deleted trials', () => {
    const b = createWriteBatcher(store, { flushIntervalMs: 60_000 })
    b.addMetrics([pt(trials[0]!, 0), pt(123_456, 0)])
    b.addLogs([log(123_456, 'orphan'), log(trials[0]!, 'kept')])
    b.flush()
    expect([count('metrics'), count('logs'), b.pending]).toEqual([1, 1, 0])
    store.db.exec('CREATE TRIGGER no_more BEFORE INSERT ON metrics BEGIN SELECT RAISE(ABORT, \'disk says no\'); END')
    b.addMetrics([pt(trials[0]!, 1)])
    expect(() => b.flush()).toThrow(/disk says no/)
    expect(b.pending).toBe(1)
    store.db.exec('DROP TRIGGER no_more')
    b.close()
    expect([count('metrics'), b.pending]).toEqual([2, 0])
  })

  it('drops malformed rows that SQLite refuses, reports them, and stores the rest', () => {
    const errors: unknown[] = []
    const b = createWriteBatcher(store, { onError: (e) => errors.push(e) })
    b.addMetrics([pt(trials[0]!, 0), pt(trials[0]!, 1.5), [trials[0]!, 'loss', 2, 0, NaN]])
    b.addLogs([log(trials[0]!, 'fine'), [trials[0]!, 'stdout', 12.7, 'fractional time is rounded']])
    b.flush()
    expect([count('metrics'), count('logs'), b.pending]).toEqual([1, 2, 0])
    expect(String(errors[0])).toContain('dropped 2 malformed')
    b.close()
  })

  it('hands a failed timer flush to onError', () => {
    vi.useFakeTimers()
    const errors: unknown[] = []
    const b = createWriteBatcher(store, { onError: (e) => errors.push(e) })
    store.db.exec('CREATE TRIGGER no_more BEFORE INSERT ON logs BEGIN SELECT RAISE(ABORT, \'disk says no\'); END')
    b.addLogs([log(trials[0]!, 'x')])
    vi.advanceTimersByTime(100)
    expect(String(errors[0])).toContain('disk says no')
    expect(b.pending).toBe(1)
    store.db.exec('DROP TRIGGER no_more')
    b.close()
    expect(count('logs')).toBe(1)
  })

  it('keeps the rows of a flush refused for lack of space, exposes the failure, and writes them once space is back', () => {
    const b = createWriteBatcher(store, { flushIntervalMs: 60_000 })
    const pages = store.db.pragma('page_count', { simple: true }) as number
    // SQLite answers SQLITE_FULL once the file may not grow: the same code a full disk gives.
    store.db.pragma(`max_page_count = ${pages}`)
    b.addMetrics(Array.from({ length: 2_000 }, (_, i) => pt(trials[0]!, i)))
    expect(() => b.flush()).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }))
    expect([count('metrics'), b.pending, (b.failure as { code?: string }).code]).toEqual([0, 2_000, 'SQLITE_FULL'])
    store.db.pragma(`max_page_count = ${pages + 10_000}`)
    b.flush()
    expect([count('metrics'), b.pending, b.failure]).toEqual([2_000, 0, null])
    b.close()
  })

  it('on a full disk at close, reports the rows it cannot save instead of throwing, so the store can close', () => {
    const errors: unknown[] = []
    const b = createWriteBatcher(store, { flushIntervalMs: 60_000, onError: (e) => errors.push(e) })
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`)
    b.addMetrics(Array.from({ length: 2_000 }, (_, i) => pt(trials[0]!, i)))
    b.addLogs([log(trials[0]!, 'last words')])
    expect(() => b.close()).not.toThrow()
    expect(String(errors[0])).toMatch(/^SweeplabError: 2001 metric points and log lines could not be saved at shutdown: database or disk is full/)
    expect([b.pending, count('metrics'), store.checkIntegrity()]).toEqual([0, 0, []])
  })

  it('still throws at close for errors other than a full disk', () => {
    const b = createWriteBatcher(store, { onError: () => {} })
    store.db.exec('CREATE TRIGGER no_more BEFORE INSERT ON logs BEGIN SELECT RAISE(ABORT, \'disk says no\'); END')
    b.addLogs([log(trials[0]!, 'x')])
    expect(() => b.close()).toThrow('disk says no')
    store.db.exec('DROP TRIGGER no_more')
  })
})
