// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, useEffect } from 'react'
import { QueryClient } from '@tanstack/react-query'
import type { SweeplabApi } from '../../../shared/api/contract.ts'
import type { ImportanceResult, SweepDetail } from '../../../shared/api/types.ts'
import { App } from '../../app.tsx'
import { IMPORTANCE_REFRESH_MS } from '../../data/queries.ts'
import type { PlotProps } from '../../plots/plot.tsx'
import { createFakeTransport, makeSweep, makeTrial, type FakeTransport } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'

// Plotly does not draw in happy-dom: the stand-in reports a draw as the real wrapper does, so the
// panels that wait for the parallel coordinates (this one too) mount at once.
vi.mock('../../plots/plot.tsx', () => ({
  Plot: ({ onLayout }: PlotProps) => {
    useEffect(() => onLayout?.({ l: 0, t: 0, w: 600, h: 400 }), [onLayout])
    return <div />
  },
}))

let view: Rendered | undefined
beforeEach(() => {
  window.location.hash = '#/sweeps/7'
})
afterEach(() => {
  view?.unmount()
  view = undefined
  vi.useRealTimers()
})

const detail = (over: Partial<SweepDetail> = {}): SweepDetail => ({
  ...makeSweep({ id: 7, status: 'completed', done: 40 }), description: null, specText: '', specFile: null, spec: {}, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0, ...over,
})

/** The sweep screen for sweep 7 over a fake transport; returns the importance panel's section. */
async function mount(getImportance: SweeplabApi['getImportance'] extends (a: infer A) => Promise<infer R> ? (a: A) => R : never, sweep = detail()) {
  const transport = createFakeTransport({
    getSweep: () => sweep,
    getTrials: () => [makeTrial({ id: 1, sweepId: 7, params: { lr: 0.1 } })],
    getMetricNames: () => ['val_loss'],
    getMetricSeries: () => [],
    getImportance,
  })
  view = await render(<App transport={transport} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />)
  await waitFor(() => expect(view!.container.querySelector('section[aria-labelledby="sd-importance"]')).not.toBeNull())
  const section = view.container.querySelector<HTMLElement>('section[aria-labelledby="sd-importance"]')!
  return { transport, c: section }
}
const importanceCalls = (t: FakeTransport) => t.calls.filter((x) => x.method === 'getImportance')

const RANKED: ImportanceResult = {
  ok: true, metric: 'val_loss', goal: 'minimize', trials: 40, trees: 48, resamples: 30,
  params: [
    { name: 'lr', scale: 'log', importance: 0.7, low: 0.55, high: 0.82, rank: 1, rankProbability: 1, correlation: -0.64 },
    { name: 'optimizer', scale: 'categorical', importance: 0.2, low: 0.1, high: 0.31, rank: 2, rankProbability: 0.9, correlation: null },
    { name: 'dropout', scale: 'linear', importance: 0.1, low: 0.02, high: 0.18, rank: 3, rankProbability: 0.4, correlation: 0.12 },
  ],
}

const rowNames = (c: HTMLElement) => [...c.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-param'))

describe('ImportancePanel', () => {
  it('draws one row per parameter: a bar with its interval, the signed correlation and how often the rank held', async () => {
    const { transport, c } = await mount(() => RANKED)
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(3))
    expect(c.querySelector('h3')!.textContent).toBe('Parameter importance for val_loss')
    expect(importanceCalls(transport)).toEqual([{ method: 'getImportance', args: { sweepId: 7 } }])
    expect(rowNames(c)).toEqual(['lr', 'optimizer', 'dropout'])
    const lr = c.querySelector<HTMLElement>('tr[data-param="lr"]')!
    expect(lr.querySelector<HTMLElement>('.importance-fill')!.style.width).toBe('70.0%')
    const whisker = lr.querySelector<HTMLElement>('.importance-whisker')!
    expect([whisker.style.left, whisker.style.width]).toEqual(['55.0%', '27.0%'])
    expect(lr.querySelector('.importance-value')!.textContent).toBe('70% 55%–82%')
    expect(lr.querySelector('.importance-scale')!.textContent).toBe('log')
    // Negative r: a bar from the middle to the left, as wide as |r| of the half.
    const fill = lr.querySelector<HTMLElement>('.correlation-fill')!
    expect([fill.dataset.sign, fill.style.right, fill.style.width]).toEqual(['negative', '50%', '32.0%'])
    expect(lr.querySelector('[data-sign="negative"].importance-value')!.textContent).toBe('-0.64')
    const opt = c.querySelector('tr[data-param="optimizer"]')!
    expect(opt.querySelector('.correlation-fill')).toBeNull()
    expect(opt.querySelector('td:nth-of-type(2) span')!.getAttribute('title')).toBe('categorical: no linear correlation')
    const dropout = c.querySelector('tr[data-param="dropout"]')!
    expect(dropout.querySelector('.importance-held')!.className).toContain('importance-uncertain')
    expect(dropout.querySelector('.importance-held')!.textContent).toBe('40%')
    expect(c.querySelector('.panel-note')!.textContent).toContain('90% interval over 30 bootstrap resamples')
  })

  it('sorts by correlation strength or by name from the column buttons, and says which sort is on', async () => {
    const { c } = await mount(() => RANKED)
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(3))
    const button = (text: string) => [...c.querySelectorAll<HTMLButtonElement>('thead button')].find((b) => b.textContent!.startsWith(text))!
    await act(async () => button('Correlation').click())
    expect(rowNames(c)).toEqual(['lr', 'dropout', 'optimizer'])
    expect(button('Correlation').closest('th')!.getAttribute('aria-sort')).toBe('descending')
    expect(button('Importance').closest('th')!.hasAttribute('aria-sort')).toBe(false)
    await act(async () => button('Parameter').click())
    expect(rowNames(c)).toEqual(['dropout', 'lr', 'optimizer'])
    expect(button('Parameter').closest('th')!.getAttribute('aria-sort')).toBe('ascending')
  })

  it('says how many more finished trials it needs, with progress towards the minimum', async () => {
    const { c } = await mount(
      () => ({ ok: false, reason: 'too-few-trials', metric: 'val_loss', have: 4, minimum: 12, needed: 8, message: 'unused here' }),
      detail({ status: 'running', done: 4 }),
    )
    await waitFor(() => expect(c.querySelector('[data-testid="importance-needed"]')).not.toBeNull())
    const box = c.querySelector('[data-testid="importance-needed"]')!
    expect(box.querySelector('strong')!.textContent).toBe('8 more finished trials needed')
    expect(box.querySelector('[role=progressbar]')!.getAttribute('aria-valuenow')).toBe('4')
    expect(box.querySelector('.progress-label')!.textContent).toBe('4 / 12')
    expect(box.textContent).toContain('appears here by itself as trials finish')
  })

  it('tells a finished sweep short of trials to run again with more, and an interrupted one to resume', async () => {
    const few = () => ({ ok: false as const, reason: 'too-few-trials' as const, metric: 'val_loss', have: 6, minimum: 10, needed: 4, message: '' })
    const { c } = await mount(few, detail({ status: 'completed', done: 6 }))
    await waitFor(() => expect(c.querySelector('[data-testid="importance-needed"]')!.textContent).toContain('Run the sweep again with a larger run_cap'))
    view!.unmount()
    const again = await mount(few, detail({ status: 'interrupted', done: 6 }))
    await waitFor(() => expect(again.c.querySelector('[data-testid="importance-needed"]')!.textContent).toContain('Resume the sweep to finish more trials.'))
  })

  it('explains when there is nothing to rank, and shows errors with a retry', async () => {
    let fail = true
    const { c } = await mount(() => {
      if (fail) throw new Error('engine busy')
      return { ok: false, reason: 'no-metric', metric: null, have: 0, minimum: 0, needed: 0, message: 'the sweep has no metric' }
    })
    await waitFor(() => expect(c.querySelector('[role=alert]')!.textContent).toContain('Could not compute parameter importance: engine busy'))
    fail = false
    await act(async () => c.querySelector<HTMLButtonElement>('[role=alert] button')!.click())
    await waitFor(() => expect(c.querySelector('[data-testid="importance-unavailable"]')!.textContent).toBe('The sweep has no metric.'))
  })

  it('fetches again when trials finish, at most once per refresh interval, the last change included', async () => {
    const running = detail({ status: 'running', done: 40 })
    const { transport } = await mount(() => RANKED, running)
    const fetches = () => importanceCalls(transport).length
    await waitFor(() => expect(fetches()).toBe(1))
    // From here the clock only moves when the test says; the interval started when the panel mounted, just before.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const finish = (done: number) => act(async () => transport.emit({ type: 'sweep-updated', payload: { sweep: makeSweep({ ...running, done }) } }))
    const advance = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)))
    await finish(41)
    await advance(1000)
    await finish(42)
    await advance(IMPORTANCE_REFRESH_MS / 2 - 1000)
    expect(fetches()).toBe(1)
    await advance(IMPORTANCE_REFRESH_MS / 2)
    expect(fetches()).toBe(2)
    // Right after a fetch: the next change waits out the interval, then is fetched.
    await finish(43)
    await advance(IMPORTANCE_REFRESH_MS / 2)
    expect(fetches()).toBe(2)
    await advance(IMPORTANCE_REFRESH_MS / 2)
    expect(fetches()).toBe(3)
    // Nothing finished since: no more fetches.
    await advance(3 * IMPORTANCE_REFRESH_MS)
    expect(fetches()).toBe(3)
  })
})
