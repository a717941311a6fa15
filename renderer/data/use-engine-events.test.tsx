// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import { App } from '../app.tsx'
import { createFakeTransport, makeSweep, makeTrial } from '../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../testing/render.tsx'
import { applyEngineEvent } from './apply-engine-event.ts'
import { queryKeys } from './query-keys.ts'
import { createThrottledInvalidator } from './throttled-invalidator.ts'
import type { TrialSummary } from '../../shared/api/types.ts'

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  vi.useRealTimers()
})

describe('useEngineEvents (mounted by App)', () => {
  it('patches the sweep list from sweep-updated without refetching it', async () => {
    let rows = [makeSweep({ id: 1, name: 'a', status: 'running', done: 3 })]
    const transport = createFakeTransport({ listSweeps: () => rows })
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    view = await render(<App transport={transport} queryClient={qc} />)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.badge')?.textContent).toBe('running'))

    transport.emit({ type: 'sweep-updated', payload: { sweep: makeSweep({ id: 1, name: 'a', status: 'completed', done: 12 }) } })
    await waitFor(() => expect(c.querySelector('.badge')?.textContent).toBe('completed'))
    expect(c.textContent).toContain('12 / 12')
    expect(transport.calls.filter((x) => x.method === 'listSweeps')).toHaveLength(1)

    // An unknown sweep is shown at once and the list refetched (throttled) to settle its place.
    rows = [makeSweep({ id: 2, name: 'b' }), makeSweep({ id: 1, name: 'a', status: 'completed', done: 12 })]
    transport.emit({ type: 'sweep-updated', payload: { sweep: rows[0]! } })
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(2))
    await waitFor(() => expect(transport.calls.filter((x) => x.method === 'listSweeps')).toHaveLength(2))
  })
})

describe('applyEngineEvent', () => {
  it('patches the trials cache from trial-updated, appending unseen trials', () => {
    const qc = new QueryClient()
    const inv = { mark: vi.fn(), markWhere: vi.fn(), dispose: vi.fn() }
    qc.setQueryData<TrialSummary[]>(queryKeys.trials(1), [makeTrial({ id: 1, status: 'running' }), makeTrial({ id: 2 })])

    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 1, status: 'completed', bestValue: 0.1 }) } }, inv)
    expect(qc.getQueryData<TrialSummary[]>(queryKeys.trials(1))!.map((t) => [t.id, t.status])).toEqual([[1, 'completed'], [2, 'completed']])
    expect(inv.mark).not.toHaveBeenCalled()

    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 3, status: 'running' }) } }, inv)
    expect(qc.getQueryData<TrialSummary[]>(queryKeys.trials(1))!.map((t) => t.id)).toEqual([1, 2, 3])
    expect(inv.mark).toHaveBeenCalledWith(queryKeys.trials(1))
  })

  it("refetches a loaded sweep detail when a trial ends with a failure reason (its per-reason counts)", () => {
    const qc = new QueryClient()
    const inv = { mark: vi.fn(), markWhere: vi.fn(), dispose: vi.fn() }
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 1, status: 'failed', failureReason: 'oom', failureNote: 'out of memory: exit code 137' }) } }, inv)
    expect(inv.mark).not.toHaveBeenCalled()
    qc.setQueryData(queryKeys.sweep(1), { id: 1 })
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 2, status: 'completed' }) } }, inv)
    expect(inv.mark).not.toHaveBeenCalled()
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 1, status: 'failed', failureReason: 'oom', failureNote: 'out of memory: exit code 137' }) } }, inv)
    expect(inv.mark).toHaveBeenCalledWith(queryKeys.sweep(1))
  })

  it('leaves caches nobody loaded alone', () => {
    const qc = new QueryClient()
    const inv = { mark: vi.fn(), markWhere: vi.fn(), dispose: vi.fn() }
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ sweepId: 9 }) } }, inv)
    expect(qc.getQueryData(queryKeys.trials(9))).toBeUndefined()
  })

  it('marks the metric series that show a trial when it gets new points', () => {
    const qc = new QueryClient()
    const inv = { mark: vi.fn(), markWhere: vi.fn(), dispose: vi.fn() }
    applyEngineEvent(qc, { type: 'metric-points', payload: [{ sweepId: 1, trialId: 5, name: 'loss', steps: [1], values: [0.5] }] }, inv)
    const predicate = inv.markWhere.mock.calls[0]![1] as (k: readonly unknown[]) => boolean
    expect(predicate(queryKeys.metricSeries([4, 5], 'loss'))).toBe(true)
    expect(predicate(queryKeys.metricSeries([4], 'loss'))).toBe(false)
    expect(predicate(queryKeys.metricSeries([5], 'acc'))).toBe(false)
  })
})

describe('createThrottledInvalidator', () => {
  it('refetches at most once per interval, the first change at once', () => {
    vi.useFakeTimers()
    const qc = new QueryClient()
    const spy = vi.spyOn(qc, 'invalidateQueries').mockResolvedValue()
    const inv = createThrottledInvalidator(qc, 1000, () => Date.now())
    inv.mark(['listSweeps', {}])
    vi.advanceTimersByTime(0)
    expect(spy).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 20; i++) {
      inv.mark(['getTrials', { sweepId: i }])
      vi.advanceTimersByTime(40)
    }
    // 800 ms after the first flush: still batched.
    expect(spy).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(200)
    expect(spy).toHaveBeenCalledTimes(2)
    inv.dispose()
  })
})
