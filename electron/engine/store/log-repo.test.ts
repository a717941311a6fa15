import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogRepo, LOG_HEAD_LINES, LOG_MAX_LINE_CHARS, LOG_NOTE_SEQ, LOG_TAIL_LINES } from './log-repo.ts'
import { openStore } from './open-store.ts'
import type { LogRow, Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
let t1: number
let t2: number
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  const sweepId = store.sweeps.insert(newSweep())
  t1 = store.trials.insert(newTrial(sweepId, 0))
  t2 = store.trials.insert(newTrial(sweepId, 1))
})
afterEach(() => store.close())

const lines = (trialId: number, from: number, n: number): LogRow[] =>
  Array.from({ length: n }, (_, i) => [trialId, 'stdout', 10_000 + from + i, `line ${from + i}`] as const)

describe('log repo', () => {
  it('numbers lines per trial and continues from the stored maximum after a restart', () => {
    store.logs.insertMany([...lines(t1, 0, 3), [t2, 'stderr', 5, 'oops'], ...lines(t1, 3, 2)])
    expect(store.logs.tail(t1, 10).map((l) => [l.seq, l.line])).toEqual([[1, 'line 0'], [2, 'line 1'], [3, 'line 2'], [4, 'line 3'], [5, 'line 4']])
    expect(store.logs.tail(t2, 10)).toEqual([{ trialId: t2, seq: 1, stream: 'stderr', time: 5, line: 'oops' }])
    const fresh = createLogRepo(store.db) // an engine restart: empty seq cache
    fresh.insertMany([[t1, 'system', 9, 'resumed']])
    expect(fresh.tail(t1, 2).map((l) => [l.seq, l.line])).toEqual([[5, 'line 4'], [6, 'resumed']])
  })

  it('keeps the first and last lines of a 50k-line flood and one note saying how many were dropped', () => {
    for (let from = 0; from < 50_000; from += 1_000) store.logs.insertMany(lines(t1, from, 1_000))
    const rows = store.db.prepare('SELECT seq, stream, line FROM logs WHERE trial_id = ? ORDER BY seq').all(t1) as { seq: number; stream: string; line: string }[]
    expect(rows).toHaveLength(LOG_HEAD_LINES + 1 + LOG_TAIL_LINES)
    expect(rows[0]?.line).toBe('line 0')
    expect(rows[LOG_HEAD_LINES - 1]?.line).toBe('line 1999')
    expect(rows[LOG_HEAD_LINES]).toEqual({ seq: LOG_NOTE_SEQ, stream: 'system', line: expect.stringContaining('40,000 log lines dropped') })
    expect(rows[LOG_HEAD_LINES + 1]?.line).toBe('line 42000')
    expect(rows.at(-1)).toEqual({ seq: 50_000, stream: 'stdout', line: 'line 49999' })
    expect(store.logs.tail(t1, 3).map((l) => l.line)).toEqual(['line 49997', 'line 49998', 'line 49999'])
  })

  it('applies the same cap to a flood that arrives in one batch', () => {
    store.logs.insertMany(lines(t1, 0, 50_000))
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM logs WHERE trial_id = ?').get(t1)).toEqual({ n: 10_001 })
    store.logs.insertMany(lines(t1, 50_000, 10))
    expect(store.logs.tail(t1, 1)[0]).toMatchObject({ seq: 50_010, line: 'line 50009' })
    expect(store.db.prepare('SELECT line FROM logs WHERE trial_id = ? AND seq = ?').get(t1, LOG_NOTE_SEQ)).toEqual({ line: expect.stringContaining('40,010 log lines dropped') })
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM logs WHERE trial_id = ?').get(t1)).toEqual({ n: 10_001 })
  })

  it('truncates an overlong line and says how long it was', () => {
    store.logs.insertMany([[t1, 'stdout', 1, 'x'.repeat(100_000)]])
    const line = store.logs.tail(t1, 1)[0]?.line ?? ''
    expect(line.startsWith('x'.repeat(LOG_MAX_LINE_CHARS))).toBe(true)
    expect(line).toContain('truncated: 100,000 characters')
    expect(line.length).toBeLessThan(LOG_MAX_LINE_CHARS + 60)
  })

  it('does not skip seqs after a rolled-back batch', () => {
    store.logs.insertMany(lines(t1, 0, 2))
    expect(() => store.logs.insertMany([...lines(t1, 2, 2), [999_999, 'stdout', 1, 'no such trial']])).toThrow(/FOREIGN KEY/)
    store.logs.insertMany(lines(t1, 2, 1))
    expect(store.logs.tail(t1, 5).map((l) => l.seq)).toEqual([1, 2, 3])
  })
})
