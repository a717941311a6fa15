import { describe, expect, it, vi } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import type { LogLine } from '../../../shared/api/types.ts'
import { applyEngineEvent } from '../../data/apply-engine-event.ts'
import { queryKeys } from '../../data/query-keys.ts'
import type { ThrottledInvalidator } from '../../data/throttled-invalidator.ts'

const line = (trialId: number, text: string): LogLine => ({ trialId, seq: -1, stream: 'stdout', time: 1, line: text })
function invalidatorSpy() {
  return { mark: vi.fn<ThrottledInvalidator['mark']>(), markWhere: vi.fn<ThrottledInvalidator['markWhere']>(), dispose: vi.fn() } satisfies ThrottledInvalidator
}

describe('log-lines events', () => {
  it('append to the cached log of each trial they belong to', () => {
    const qc = new QueryClient()
    qc.setQueryData(queryKeys.logs(1), [{ ...line(1, 'old'), seq: 0 }])
    qc.setQueryData(queryKeys.logs(2), [])
    applyEngineEvent(qc, { type: 'log-lines', payload: [line(1, 'a'), line(2, 'b'), line(1, 'c')] }, invalidatorSpy())
    expect(qc.getQueryData<LogLine[]>(queryKeys.logs(1))!.map((l) => l.line)).toEqual(['old', 'a', 'c'])
    expect(qc.getQueryData<LogLine[]>(queryKeys.logs(2))!.map((l) => l.line)).toEqual(['b'])
  })

  it('create no cache for a log nobody shows, and refetch one that is still loading', () => {
    const qc = new QueryClient()
    const inv = invalidatorSpy()
    // A query that exists but has no data yet: its answer may miss these lines.
    qc.getQueryCache().build(qc, { queryKey: queryKeys.logs(3) })
    applyEngineEvent(qc, { type: 'log-lines', payload: [line(3, 'x'), line(4, 'y')] }, inv)
    expect(qc.getQueryData(queryKeys.logs(4))).toBeUndefined()
    expect(qc.getQueryState(queryKeys.logs(4))).toBeUndefined()
    expect(inv.mark).toHaveBeenCalledWith(queryKeys.logs(3))
    expect(inv.mark).toHaveBeenCalledTimes(1)
  })

  it('skip lines the stored tail already holds (a getLogs answer that raced its own event)', () => {
    const qc = new QueryClient()
    const stored = (seq: number, time: number, text: string): LogLine => ({ trialId: 1, seq, stream: 'stdout', time, line: text })
    qc.setQueryData(queryKeys.logs(1), [stored(0, 100, 'a'), stored(1, 200, 'b'), stored(2, 200, 'c')])
    applyEngineEvent(qc, {
      type: 'log-lines',
      payload: [{ ...line(1, 'b'), time: 200 }, { ...line(1, 'c'), time: 200 }, { ...line(1, 'd'), time: 300 }],
    }, invalidatorSpy())
    expect(qc.getQueryData<LogLine[]>(queryKeys.logs(1))!.map((l) => l.line)).toEqual(['a', 'b', 'c', 'd'])
    // Lines that only look alike but arrived live (seq -1) are real repeats and stay.
    applyEngineEvent(qc, { type: 'log-lines', payload: [{ ...line(1, 'd'), time: 300 }] }, invalidatorSpy())
    expect(qc.getQueryData<LogLine[]>(queryKeys.logs(1))!.map((l) => l.line)).toEqual(['a', 'b', 'c', 'd', 'd'])
  })

  it('keep only the newest 20,000 lines of a chatty trial', () => {
    const qc = new QueryClient()
    qc.setQueryData(queryKeys.logs(1), Array.from({ length: 19_999 }, (_, i) => line(1, `l${i}`)))
    applyEngineEvent(qc, { type: 'log-lines', payload: [line(1, 'new1'), line(1, 'new2')] }, invalidatorSpy())
    const lines = qc.getQueryData<LogLine[]>(queryKeys.logs(1))!
    expect(lines).toHaveLength(20_000)
    expect(lines[0]!.line).toBe('l1')
    expect(lines.at(-1)!.line).toBe('new2')
  })
})
