// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useEffect } from 'react'
import { QueryClient } from '@tanstack/react-query'
import type { SweepDetail, WorkspaceSize } from '../../../shared/api/types.ts'
import { App } from '../../app.tsx'
import type { PlotProps } from '../../plots/plot.tsx'
import { createFakeTransport, makeSweep } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'

vi.mock('../../plots/plot.tsx', () => ({
  Plot: (props: PlotProps) => {
    const { onLayout } = props
    useEffect(() => onLayout?.({ l: 0, t: 0, w: 600, h: 400 }), [onLayout])
    return <div data-plot={props.name}>{props.children}</div>
  },
}))

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
const SIZE: WorkspaceSize = { totalBytes: 3_456_000_000, databaseBytes: 56_000_000, trialBytes: 3_200_000_000, otherBytes: 200_000_000, sweeps: [{ sweepId: 1, bytes: 2_100_000_000 }, { sweepId: 2, bytes: 1_100_000_000 }], measuredAt: 0 }
const WAITING = 'paused: 800 MB free on /data/ws.files, needs 2.0 GB (disk.min_free); running trials go on and new ones start once space is freed'
// Ten trials left at a minute each, two at once: five minutes, exactly (no spread).
const timing = { finished: 4, meanMs: 60_000, sdMs: 0, runningSince: [], concurrency: 2 }

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  view = undefined
  window.location.hash = ''
})

describe('resources in the app', () => {
  it('the sweep list shows the workspace size, each running sweep\'s projected finish, and a low-disk hold', async () => {
    const transport = createFakeTransport({
      listSweeps: () => [
        makeSweep({ id: 2, name: 'held', status: 'running', total: 20, done: 5, waiting: WAITING, timing }),
        makeSweep({ id: 1, name: 'grid', status: 'running', total: 14, done: 4, timing }),
        makeSweep({ id: 3, name: 'open-ended', status: 'running', total: null, done: 9, timing }),
        makeSweep({ id: 4, name: 'done', status: 'completed', total: 4, done: 4, timing }),
      ],
      getWorkspaceSize: () => SIZE,
    })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.workspace-size')?.textContent).toBe('Workspace 3.5 GB'))
    expect(c.querySelector('.workspace-size')!.getAttribute('title')).toBe('Workspace on disk: 3.5 GB (database 56.0 MB, trial files 3.2 GB, datasets and cache 200 MB)')
    const rows = [...c.querySelectorAll('tbody tr')]
    const eta = (i: number) => rows[i]!.querySelector('.sweep-eta')
    expect(eta(0)!.textContent).toBe('paused: low disk')
    expect(eta(0)!.getAttribute('title')).toBe(WAITING)
    expect(eta(1)!.textContent).toBe('~5m (5m–5m) left')
    expect(eta(1)!.getAttribute('title')).toMatch(/^Around .+; 90% band from the spread of 4 finished trials, 2 at once$/)
    expect(eta(2)!.textContent).toBe('no end')
    expect(eta(3)).toBeNull()
  })

  it('the sweep detail shows the projected finish, the sweep\'s files and why it waits', async () => {
    window.location.hash = '#/sweeps/1'
    const sweep: SweepDetail = {
      ...makeSweep({ id: 1, name: 'grid', status: 'running', total: 14, done: 4, waiting: WAITING, timing: { ...timing, sdMs: 20_000 } }),
      description: null, specText: '', specFile: null, spec: { parameters: {} }, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
    }
    const transport = createFakeTransport({
      getSweep: () => sweep,
      getTrials: () => [],
      getMetricNames: () => [],
      getWorkspaceSize: () => SIZE,
    })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.sweep-facts')).not.toBeNull())
    await waitFor(() => expect(c.querySelector('.sweep-waiting')?.textContent).toBe(WAITING))
    const fact = (name: string) => [...c.querySelectorAll('.sweep-facts > div')].find((d) => d.querySelector('dt')?.textContent === name)?.querySelector('dd')
    await waitFor(() => expect(fact('Files')?.textContent).toBe('2.1 GB'))
    expect(fact('Finish')!.textContent).toBe('paused: low disk')
  })

  it('the sweep detail gives an ETA with its band while the sweep launches', async () => {
    window.location.hash = '#/sweeps/1'
    const sweep: SweepDetail = {
      ...makeSweep({ id: 1, name: 'grid', status: 'running', total: 14, done: 4, timing: { ...timing, sdMs: 20_000 } }),
      description: null, specText: '', specFile: null, spec: { parameters: {} }, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
    }
    const transport = createFakeTransport({ getSweep: () => sweep, getTrials: () => [], getMetricNames: () => [], getWorkspaceSize: () => SIZE })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    const finish = () => [...c.querySelectorAll('.sweep-facts > div')].find((d) => d.querySelector('dt')?.textContent === 'Finish')?.querySelector('dd')?.textContent
    await waitFor(() => expect(finish()).toMatch(/^~5m \(\dm( \d+s)?–\dm( \d+s)?\) left$/))
    expect(c.querySelector('.sweep-waiting')).toBeNull()
  })
})
