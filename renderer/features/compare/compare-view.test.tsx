// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act } from 'react'
import { QueryClient } from '@tanstack/react-query'
import type { ParcoordsData } from 'plotly.js'
import type { CompareResult } from '../../../shared/api/compare-types.ts'
import { App } from '../../app.tsx'
import type { PlotProps } from '../../plots/plot.tsx'
import { createFakeTransport, makeSweep } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'

// Plotly does not draw in happy-dom: the stand-in keeps each plot's props by name.
const plots = vi.hoisted(() => new Map<string, PlotProps>())
vi.mock('../../plots/plot.tsx', () => ({
  Plot: (props: PlotProps) => {
    plots.set(props.name ?? '?', props)
    return <div data-plot={props.name} />
  },
}))

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
const sweepOf = (sweepId: number, name: string, o: Partial<CompareResult['sweeps'][number]> = {}): CompareResult['sweeps'][number] => ({
  sweepId, workspace: null, name, method: 'random', status: 'completed', metricName: 'loss', metricGoal: 'minimize',
  bestValue: 0.1, bestTrialId: sweepId * 10, bestParams: null, trialCount: 2, scored: 2, spec: {}, ...o,
})
const result: CompareResult = {
  sweeps: [sweepOf(1, 'grid-a'), sweepOf(2, 'bayes-b', { workspace: '/old/ws.db', bestValue: 0.05 })],
  params: [
    { name: 'lr', shared: true, sides: [{ best: 0.01, min: 0.001, max: 0.1, categories: null, distinct: 2 }, { best: 0.02, min: 0.02, max: 0.05, categories: null, distinct: 2 }] },
    { name: 'opt', shared: false, sides: [{ best: 'sgd', min: null, max: null, categories: ['adam', 'sgd'], distinct: 2 }, null] },
  ],
  metric: { name: 'loss', goal: 'minimize' },
  trials: [
    { sweep: 0, trialId: 1, index: 0, status: 'completed', params: { lr: 0.001, opt: 'adam' }, value: 0.5, endedAt: 1 },
    { sweep: 0, trialId: 2, index: 1, status: 'completed', params: { lr: 0.1, opt: 'sgd' }, value: 0.1, endedAt: 2 },
    { sweep: 1, trialId: 3, index: 0, status: 'completed', params: { lr: 0.02 }, value: 0.2, endedAt: 3 },
    { sweep: 1, trialId: 4, index: 1, status: 'completed', params: { lr: 0.05 }, value: 0.05, endedAt: 4 },
  ],
}

let view: Rendered | undefined
beforeEach(() => plots.clear())
afterEach(() => {
  view?.unmount()
  window.location.hash = ''
})

describe('compare view', () => {
  it('shows each sweep best, the overlaid plots and the parameters aligned with absent ones marked', async () => {
    window.location.hash = '#/compare?s=1&s=%2Fold%2Fws.db%3A2'
    const transport = createFakeTransport({ compareSweeps: () => result, getWorkspace: () => ({ dbPath: '/ws.db', readOnly: false }) })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.compare h2')?.textContent).toBe('Compare 2 sweeps'))
    expect(transport.calls.find((x) => x.method === 'compareSweeps')?.args).toEqual({ sweeps: [{ sweepId: 1 }, { sweepId: 2, workspace: '/old/ws.db' }] })
    expect([...c.querySelectorAll('.compare-legend li')].map((li) => li.textContent)).toEqual(['A: 1 grid-a', 'B: 2 bayes-b (other workspace)'])
    // The other workspace's sweep has no link: this app cannot open it.
    const rows = [...c.querySelectorAll('.compare-table:not(.compare-params) tbody tr')]
    expect(rows[0]!.querySelector('a')!.getAttribute('href')).toBe('#/sweeps/1')
    expect(rows[1]!.querySelector('a')).toBeNull()
    expect(rows[1]!.textContent).toContain('/old/ws.db')
    expect(rows[1]!.textContent).toContain('0.05 loss ↓')
    const params = [...c.querySelectorAll('.compare-params tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))
    expect(params).toEqual([
      ['lr', 'all', '0.01 (0.001 … 0.1)', '0.02 (0.02 … 0.05)'],
      ['opt', 'A', 'sgd (adam, sgd)', '(absent)'],
    ])
    await waitFor(() => expect(plots.has('compare-history')).toBe(true))
    const pc = plots.get('compare-parcoords')!.data[0] as Partial<ParcoordsData>
    expect(pc.dimensions!.map((d) => d.label)).toEqual(['lr (log)', 'opt (A only)', 'loss'])
    expect(pc.dimensions![1]!.ticktext).toEqual(['(absent)', 'adam', 'sgd'])
    const history = plots.get('compare-history')!
    expect(history.data).toHaveLength(4)
    await act(async () => {
      const select = c.querySelector<HTMLSelectElement>('#' + CSS.escape(c.querySelector('label[for]')!.getAttribute('for')!))!
      select.value = 'time'
      select.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(plots.get('compare-history')!.layout!.xaxis).toMatchObject({ title: { text: 'minutes since the sweep’s first trial ended' } })
  })

  it('says when the sweeps optimize different metrics', async () => {
    window.location.hash = '#/compare?s=1&s=2'
    const transport = createFakeTransport({ compareSweeps: () => ({ ...result, metric: null }) })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    await waitFor(() => expect(view!.container.querySelector('.compare-warning')?.textContent).toContain('different metrics'))
  })
})

describe('sweep list selection and the read-only banner', () => {
  it('links to the compare view once two sweeps are ticked', async () => {
    window.location.hash = '#/'
    const transport = createFakeTransport({
      listSweeps: () => [makeSweep({ id: 3, name: 'a', status: 'completed' }), makeSweep({ id: 5, name: 'b', status: 'completed' }), makeSweep({ id: 7, name: 'c', status: 'completed' })],
      getWorkspace: () => ({ dbPath: '/ws.db', readOnly: false }),
    })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(3))
    expect(c.querySelector('.sweep-compare-hint')!.textContent).toBe('Tick sweeps to compare them')
    const boxes = [...c.querySelectorAll<HTMLInputElement>('input[type=checkbox]')]
    await act(async () => boxes[2]!.click())
    expect(c.querySelector('.sweep-compare-hint')!.textContent).toBe('Tick another sweep to compare')
    await act(async () => boxes[0]!.click())
    const link = [...c.querySelectorAll<HTMLAnchorElement>('.sweep-list-head a')].find((a) => a.textContent!.startsWith('Compare'))!
    expect(link.textContent).toBe('Compare 2 sweeps')
    expect(link.getAttribute('href')).toBe('#/compare?s=7&s=3')
    expect(c.querySelector('[data-testid=read-only-banner]')).toBeNull()
  })

  it('shows the read-only banner and hides the actions that would write', async () => {
    window.location.hash = '#/'
    const transport = createFakeTransport({
      listSweeps: () => [makeSweep({ id: 3, name: 'a', status: 'running' })],
      getWorkspace: () => ({ dbPath: '/data/other.db', readOnly: true }),
    })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelector('[data-testid=read-only-banner]')?.textContent).toContain('/data/other.db'))
    expect(c.querySelector('[data-testid=read-only-banner]')!.textContent).toContain('Read-only workspace')
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(1))
    expect([...c.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Stop')
    expect([...c.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Delete')
    expect([...c.querySelectorAll('.sweep-list-head a')].map((a) => a.textContent)).not.toContain('New sweep')
    expect([...c.querySelectorAll('.app-nav a')].map((a) => a.textContent)).toEqual(['Sweeps', 'Datasets'])
  })
})
