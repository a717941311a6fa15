// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, useEffect } from 'react'
import { QueryClient } from '@tanstack/react-query'
import type { ParcoordsData } from 'plotly.js'
import type { MetricSeries, SweepDetail, TrialSummary } from '../../../shared/api/types.ts'
import { App } from '../../app.tsx'
import type { PlotProps } from '../../plots/plot.tsx'
import { createFakeTransport, makeSweep, makeTrial, type FakeTransport } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'

// Plotly does not draw in happy-dom: the stand-in keeps the props each plot got, by name, and
// reports a draw as the real wrapper does (the other plots wait for the parcoords' first one).
const plots = vi.hoisted(() => new Map<string, PlotProps>())
vi.mock('../../plots/plot.tsx', () => ({
  Plot: (props: PlotProps) => {
    plots.set(props.name ?? '?', props)
    const { onLayout } = props
    useEffect(() => onLayout?.({ l: 0, t: 0, w: 600, h: 400 }), [onLayout])
    return <div data-plot={props.name}>{props.children}</div>
  },
}))
const exported = vi.hoisted(() => ({ props: null as null | { sweepId: number; selectedTrialIds?: readonly number[] } }))
vi.mock('../export/export-panel.tsx', () => ({
  ExportPanel: (props: { sweepId: number; selectedTrialIds?: readonly number[] }) => {
    exported.props = props
    return <div data-testid="export-panel" />
  },
}))

const spec = {
  parameters: {
    lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 },
    opt: { distribution: 'categorical', values: ['adam', 'sgd'] },
    width: { distribution: 'categorical', values: [16, 32, 64] },
  },
}
const sweep: SweepDetail = {
  ...makeSweep({ id: 1, name: 'quad', status: 'running', metricName: 'val_loss', metricGoal: 'minimize', bestTrialId: 12, bestValue: 0.1, total: 8, done: 5 }),
  description: null, specText: '', specFile: null, spec, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
}
const baseTrials: TrialSummary[] = [
  makeTrial({ id: 11, index: 0, params: { lr: 1e-4, opt: 'adam', width: 16 }, finalValue: 0.9 }),
  makeTrial({ id: 12, index: 1, params: { lr: 1e-3, opt: 'sgd', width: 32 }, finalValue: 0.1 }),
  makeTrial({ id: 13, index: 2, params: { lr: 1e-2, opt: 'adam', width: 64 }, finalValue: 0.4 }),
  makeTrial({ id: 14, index: 3, status: 'failed', params: { lr: 3e-2, opt: 'sgd', width: 16 }, finalValue: 0.7, error: 'nan loss' }),
  makeTrial({ id: 15, index: 4, params: { lr: 5e-4, opt: 'sgd', width: 64 }, finalValue: 0.3 }),
  makeTrial({ id: 16, index: 5, status: 'running', params: { lr: 2e-3, opt: 'adam', width: 32 }, finalValue: null, bestValue: null, endedAt: null }),
]
const seriesOf = (trialId: number): MetricSeries => ({ trialId, name: 'val_loss', steps: [1, 2, 3], values: [1, 0.5, 0.3], wallTimes: [0, 1000, 2000], totalPoints: 3 })

let view: Rendered | undefined
let transport: FakeTransport
beforeEach(() => {
  plots.clear()
  exported.props = null
  window.location.hash = '#/sweeps/1'
})
afterEach(() => {
  view?.unmount()
  view = undefined
  window.location.hash = ''
})

async function mount(over: Partial<Parameters<typeof createFakeTransport>[0]> = {}, trials = baseTrials) {
  transport = createFakeTransport({
    getSweep: () => sweep,
    getTrials: () => trials,
    getMetricNames: () => ['loss', 'val_loss'],
    getMetricSeries: ({ trialIds }) => trialIds.map(seriesOf),
    ...over,
  })
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  view = await render(<App transport={transport} queryClient={client} />)
  return view.container
}

const count = (c: HTMLElement) => c.querySelector('[data-testid="trial-count"]')?.textContent
const rowIds = (c: HTMLElement) => [...c.querySelectorAll('table[aria-label="Trials"] tbody tr[data-trial-id]')].map((r) => Number(r.getAttribute('data-trial-id')))
const parcoords = () => plots.get('parcoords')!.data[0] as Partial<ParcoordsData>
const dimIndex = (label: string) => parcoords().dimensions!.findIndex((d) => d.label === label)
const lastSeriesCall = () => [...transport.calls].reverse().find((x) => x.method === 'getMetricSeries')?.args as { trialIds: number[]; metric: string } | undefined
const customdata = (name: string, trace: number) => (plots.get(name)!.data[trace] as { customdata?: unknown }).customdata
const focusIds = (name: string) => customdata(name, 1) as number[]

describe('SweepDetail', () => {
  it('shows the header, every linked view and the trial count', async () => {
    const c = await mount()
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    expect(c.querySelector('h2')!.textContent).toBe('quad')
    expect(c.querySelector('.sweep-facts a')!.getAttribute('href')).toBe('#/trials/12')
    expect(c.querySelector('[role=progressbar]')!.getAttribute('aria-valuenow')).toBe('5')
    await waitFor(() => expect([...plots.keys()].sort()).toEqual(['contour', 'curves', 'history', 'parcoords', 'scatter', 'slices']))
    // The distribution puts lr on a log axis; values lists stay categorical or by span.
    expect(parcoords().dimensions!.map((d) => d.label)).toEqual(['lr (log)', 'opt', 'width', 'val_loss'])
    expect(rowIds(c)).toEqual([11, 12, 13, 14, 15, 16])
    // With nothing selected the curves are the best trials of the filtered set, best first.
    await waitFor(() => expect(lastSeriesCall()).toEqual({ trialIds: [11, 12, 13, 14, 15, 16], metric: 'val_loss', maxPoints: 500 }))
    // Legend in rank order (lowest val_loss first), the running trial without a value last.
    await waitFor(() => expect(plots.get('curves')!.data.map((d) => (d as { name?: string }).name)).toEqual(['#1', '#4', '#2', '#3', '#0', '#5']))
  })

  it("shows what the sweep's constraints skipped, and a conditional parameter as an empty cell", async () => {
    const trials = [
      makeTrial({ id: 11, index: 0, params: { lr: 1e-4, opt: 'adam' }, finalValue: 0.9 }),
      makeTrial({ id: 12, index: 1, params: { lr: 1e-3, opt: 'sgd', momentum: 0.9 }, finalValue: 0.1 }),
      makeTrial({ id: 13, index: 2, params: { lr: 1e-2, opt: 'sgd', momentum: 0.8 }, finalValue: 0.2 }),
    ]
    const c = await mount({ getSweep: () => ({ ...sweep, method: 'grid', skipped: { count: 6, exact: true, combinations: 18 } }) }, trials)
    await waitFor(() => expect(c.querySelector('[data-testid="constraint-skips"]')?.textContent).toBe('constraints skipped 6 of 18 grid points'))
    await waitFor(() => expect(rowIds(c)).toEqual([11, 12, 13]))
    // The column exists although only the sgd trial has the parameter.
    expect(c.querySelector('table[aria-label="Trials"]')?.textContent).toContain('momentum')
  })

  it('says nothing about constraints for a sweep without them', async () => {
    const c = await mount()
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    expect(c.querySelector('[data-testid="constraint-skips"]')).toBeNull()
  })

  it('draws a contour over two chosen parameters and a slice per parameter, the best trial starred in both', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('contour')).toBe(true))
    const contour = () => plots.get('contour')!
    expect(contour().layout!.xaxis).toMatchObject({ title: { text: 'lr (log)' } })
    expect(contour().layout!.yaxis).toMatchObject({ title: { text: 'opt' }, ticktext: ['adam', 'sgd'] })
    expect((contour().data[0] as { type: string }).type).toBe('contour')
    // Five trials have val_loss; the running one has none.
    expect(customdata('contour', 1)).toEqual([11, 12, 13, 14, 15])
    expect(customdata('contour', 2)).toEqual([12])
    const y = c.querySelector<HTMLSelectElement>('select[aria-label="Contour y parameter"]')!
    expect([...y.options].map((o) => o.value)).toEqual(['opt', 'width'])
    await act(async () => {
      y.value = 'width'
      y.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(contour().layout!.yaxis).toMatchObject({ title: { text: 'width' } })
    // A click on a point selects its trial, as in the other plots.
    await act(() => contour().onClick!({ points: [{ customdata: 13 }] } as never))
    expect(c.querySelector('tr[data-trial-id="13"]')!.getAttribute('aria-selected')).toBe('true')
    const slices = plots.get('slices')!
    expect(slices.data.map((d) => (d as { name?: string }).name)).toEqual(['lr', 'best trial', 'opt', 'best trial', 'width', 'best trial'])
    expect((slices.data[1] as { customdata: number[] }).customdata).toEqual([12])
  })

  it('filters the table, the scatter, the history and the curves when a parcoords axis is brushed', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('parcoords')).toBe(true))
    // Brush opt = sgd (category 1 of adam, sgd).
    await act(() => plots.get('parcoords')!.onRestyle!([{ [`dimensions[${dimIndex('opt')}].constraintrange`]: [[0.75, 1.25]] }, [0]]))
    await waitFor(() => expect(count(c)).toBe('3 of 6 trials'))
    expect(rowIds(c)).toEqual([12, 14, 15])
    expect(focusIds('scatter')).toEqual([12, 14, 15])
    expect(focusIds('history')).toEqual([12, 15, 14].sort((a, b) => a - b))
    await waitFor(() => expect(lastSeriesCall()!.trialIds).toEqual([12, 14, 15]))
    expect(c.querySelector('.active-filters')!.textContent).toContain('opt: sgd')
    // The brush is state now: the figure draws it back as the axis's constraint.
    expect(parcoords().dimensions![dimIndex('opt')]!.constraintrange).toEqual([0.75, 1.25])
  })

  it('maps a log-axis brush back to real units', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('parcoords')).toBe(true))
    // log10 units: about 4e-4 .. 6e-3 once snapped to the axis ticks.
    await act(() => plots.get('parcoords')!.onRestyle!([{ [`dimensions[${dimIndex('lr (log)')}].constraintrange`]: [[-3.4, -2.2]] }, [0]]))
    await waitFor(() => expect(count(c)).toBe('3 of 6 trials'))
    expect(rowIds(c)).toEqual([12, 15, 16])
    // The table's range editor shows the brushed bounds, rounded, and what the snapped axis keeps.
    const lr = [...c.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')!.textContent === 'lr (log)')!
    expect([...lr.querySelectorAll('input')].map((i) => i.value)).toEqual(['0.0003981', '0.00631'])
    expect(lr.querySelector('.range-effective')!.textContent).toBe('keeps 3.722e-4 – 0.006236')
  })

  it('shows a range typed in the table filter as the constraint range on its parcoords axis', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('parcoords')).toBe(true))
    const min = c.querySelector<HTMLInputElement>('input[placeholder="min"]')!
    const max = [...c.querySelectorAll<HTMLInputElement>('input[placeholder="max"]')].at(-1)!
    // The last range editor is the metric's.
    expect(max.closest('fieldset')!.querySelector('legend')!.textContent).toBe('val_loss')
    await act(() => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
      setValue.call(max, '0.45')
      max.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await act(() => { max.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })) })
    await waitFor(() => expect(count(c)).toBe('3 of 6 trials'))
    expect(rowIds(c)).toEqual([12, 13, 15])
    expect(parcoords().dimensions![dimIndex('val_loss')]!.constraintrange).toEqual([0.1, 0.45])
    expect(min.value).toBe('')
    // Removing the filter's chip clears it everywhere.
    await act(() => { c.querySelector<HTMLButtonElement>('.active-filters button')!.click() })
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    expect(parcoords().dimensions![dimIndex('val_loss')]!.constraintrange).toBeUndefined()
  })

  it('rejects a bound that is not a number, where it was typed', async () => {
    const c = await mount()
    await waitFor(() => expect(c.querySelector('input[placeholder="min"]')).not.toBeNull())
    const min = c.querySelector<HTMLInputElement>('input[placeholder="min"]')!
    await act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(min, '1e-')
      min.dispatchEvent(new Event('input', { bubbles: true }))
    })
    expect(min.getAttribute('aria-invalid')).toBe('true')
    expect(min.closest('fieldset')!.querySelector('[role=alert]')!.textContent).toContain('Type a number')
  })

  it('filters by status and by the top-k control, respecting the goal', async () => {
    const c = await mount()
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    const top = c.querySelector<HTMLSelectElement>('select[aria-label="Top trials"]')!
    await act(() => {
      top.value = '0.5'
      top.dispatchEvent(new Event('change', { bubbles: true }))
    })
    // Five trials have a value: the best half, rounded up, is three (lowest val_loss).
    await waitFor(() => expect(count(c)).toBe('3 of 6 trials'))
    expect(rowIds(c)).toEqual([12, 13, 15])
    await act(() => { c.querySelector<HTMLButtonElement>('.panel-title-row button:last-child')!.click() })
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    const failed = [...c.querySelectorAll<HTMLButtonElement>('.status-chips button')].find((b) => b.textContent!.startsWith('failed'))!
    expect(failed.textContent).toBe('failed 1')
    await act(() => { failed.click() })
    await waitFor(() => expect(count(c)).toBe('1 of 6 trials'))
    expect(failed.getAttribute('aria-pressed')).toBe('true')
    expect(rowIds(c)).toEqual([14])
  })

  it('filters by failure reason with chips that count each reason', async () => {
    const trials = [
      ...baseTrials.slice(0, 3),
      makeTrial({ id: 14, index: 3, status: 'failed', params: { lr: 3e-2, opt: 'sgd', width: 16 }, finalValue: 0.7, failureReason: 'oom', failureNote: 'out of memory: exit code 137' }),
      makeTrial({ id: 15, index: 4, status: 'diverged', params: { lr: 5e-4, opt: 'sgd', width: 64 }, finalValue: null, failureReason: 'nan_metric', failureNote: 'non-finite metric val_loss=NaN at step 2' }),
      makeTrial({ id: 17, index: 6, status: 'failed', params: { lr: 2e-2, opt: 'adam', width: 32 }, finalValue: null, failureReason: 'oom', failureNote: 'out of memory: PyTorch' }),
    ]
    const c = await mount({}, trials)
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    const group = c.querySelector('[aria-label="Filter by failure reason"]')!
    const chips = [...group.querySelectorAll<HTMLButtonElement>('button')]
    expect(chips.map((b) => b.textContent)).toEqual(['NaN/inf metric 1', 'out of memory 2'])
    await act(() => { chips[1]!.click() })
    await waitFor(() => expect(count(c)).toBe('2 of 6 trials'))
    expect(rowIds(c)).toEqual([14, 17])
    expect(chips[1]!.getAttribute('aria-pressed')).toBe('true')
  })

  it('shows no reason chips when every trial completed or runs', async () => {
    const c = await mount({}, baseTrials.filter((t) => t.status !== 'failed'))
    await waitFor(() => expect(count(c)).toBe('5 of 5 trials'))
    expect(c.querySelector('[aria-label="Filter by failure reason"]')).toBeNull()
  })

  it('says when the filters match nothing, and clears them', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('parcoords')).toBe(true))
    await act(() => plots.get('parcoords')!.onRestyle!([{ [`dimensions[${dimIndex('opt')}].constraintrange`]: [[-0.25, 0.25]] }, [0]]))
    const failed = () => [...c.querySelectorAll<HTMLButtonElement>('.status-chips button')].find((b) => b.textContent!.startsWith('failed'))!
    await act(() => { failed().click() })
    await waitFor(() => expect(c.textContent).toContain('No trial matches the filters.'))
    expect(c.querySelector('table[aria-label="Trials"]')).toBeNull()
    await act(() => { c.querySelector<HTMLButtonElement>('.panel-empty button')!.click() })
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    expect(parcoords().dimensions![dimIndex('opt')]!.constraintrange).toBeUndefined()
  })

  it('links hover across views: a scatter point highlights its table row and its parcoords line', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('scatter')).toBe(true))
    await act(() => plots.get('parcoords')!.onLayout!({ l: 72, t: 64, w: 600, h: 348 }))
    await act(() => plots.get('scatter')!.onHover!({ points: [{ customdata: 13 }] } as never))
    await waitFor(() => expect(c.querySelector('tr[data-trial-id="13"]')!.hasAttribute('data-hovered')).toBe(true))
    const line = c.querySelector('[data-plot="parcoords"] polyline.parcoords-hovered')!
    expect(line.getAttribute('points')!.split(' ')).toHaveLength(4)
    // The history rings the same trial over the plot, through its axes, with the same figure (no Plotly work).
    const history = plots.get('history')!
    await act(() => history.onLayout!({ l: 40, t: 20, w: 500, h: 280, x: (v) => 40 + v * 100, y: (v) => 300 - v * 200 }))
    const ring = c.querySelector('[data-plot="history"] circle')!
    expect([ring.getAttribute('cx'), ring.getAttribute('cy')]).toEqual(['240', '220'])
    expect(plots.get('history')!.data).toBe(history.data)
    expect(plots.get('history')!.layout).toBe(history.layout)
    // Parcoords names the hovered line by its index.
    const lineIndex = 0
    await act(() => plots.get('parcoords')!.onHover!({ curveNumber: lineIndex } as never))
    await waitFor(() => expect(c.querySelector('tr[data-trial-id="11"]')!.hasAttribute('data-hovered')).toBe(true))
    await act(() => plots.get('parcoords')!.onUnhover!())
    await waitFor(() => expect(c.querySelector('tr[data-hovered]')).toBeNull())
  })

  it('selects a trial clicked in a plot: ringed in the plots, ticked in the table, its curve fetched, offered for export', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('history')).toBe(true))
    await act(() => plots.get('history')!.onClick!({ points: [{ customdata: 14 }] } as never))
    await waitFor(() => expect(c.querySelector('tr[data-trial-id="14"]')!.getAttribute('aria-selected')).toBe('true'))
    await waitFor(() => expect(lastSeriesCall()!.trialIds).toEqual([14]))
    expect(customdata('scatter', 2)).toEqual([14])
    expect(exported.props).toEqual({ sweepId: 1, selectedTrialIds: [14] })
    // The overlay follows the plot's geometry: a new layout moves the ring with it.
    await act(() => plots.get('parcoords')!.onLayout!({ l: 72, t: 64, w: 600, h: 348 }))
    expect(c.querySelector('[data-plot="parcoords"] polyline.parcoords-selected')!.getAttribute('points')).toMatch(/^72\.0,/)
    expect(c.querySelectorAll('[data-plot="parcoords"] polyline.parcoords-selected')).toHaveLength(1)
    await act(() => { [...c.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.startsWith('Clear selection'))!.click() })
    await waitFor(() => expect(exported.props!.selectedTrialIds).toBeUndefined())
  })

  it('picks the curve metric and the scatter parameter', async () => {
    const c = await mount()
    await waitFor(() => expect(plots.has('curves')).toBe(true))
    const metric = c.querySelector<HTMLSelectElement>('select[aria-label="Curve metric"]')!
    expect(metric.value).toBe('val_loss')
    await act(() => {
      metric.value = 'loss'
      metric.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await waitFor(() => expect(lastSeriesCall()!.metric).toBe('loss'))
    const param = c.querySelector<HTMLSelectElement>('select[aria-label="Scatter parameter"]')!
    expect([...param.options].map((o) => o.value)).toEqual(['lr', 'opt', 'width'])
    await act(() => {
      param.value = 'opt'
      param.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await waitFor(() => expect(plots.get('scatter')!.layout!.xaxis).toMatchObject({ ticktext: ['adam', 'sgd'] }))
  })

  it('updates live from trial events, at most about once a second', async () => {
    const c = await mount()
    await waitFor(() => expect(count(c)).toBe('6 of 6 trials'))
    const added = makeTrial({ id: 17, index: 6, params: { lr: 1e-3, opt: 'adam', width: 16 }, finalValue: 0.05 })
    await act(() => transport.emit({ type: 'trial-updated', payload: { trial: added } }))
    await waitFor(() => expect(count(c)).toBe('7 of 7 trials'), 3000)
    expect(parcoords().dimensions![dimIndex('val_loss')]!.values).toHaveLength(6)
  })

  it('shows the error of Stop where it happened', async () => {
    const c = await mount({ cancelSweep: () => { throw new Error('sweep 1 is run by process 42; stop it there') } })
    await waitFor(() => expect(c.querySelector('.sweep-title-row button')).not.toBeNull())
    await act(() => { c.querySelector<HTMLButtonElement>('.sweep-title-row button')!.click() })
    await waitFor(() => expect(c.querySelector('.sweep-header [role=alert]')!.textContent).toBe('Could not stop the sweep: sweep 1 is run by process 42; stop it there'))
  })

  it('resumes an interrupted sweep and says how many trials were re-queued', async () => {
    const c = await mount({ getSweep: () => ({ ...sweep, status: 'interrupted' }), resumeSweep: () => ({ requeued: 3, requestedFrom: null }) })
    const button = () => [...c.querySelectorAll<HTMLButtonElement>('.sweep-title-row button')].find((b) => b.textContent === 'Resume sweep')
    await waitFor(() => expect(button()).toBeDefined())
    expect([...c.querySelectorAll('.sweep-title-row button')].map((b) => b.textContent)).toEqual(['Resume sweep'])
    await act(() => { button()!.click() })
    await waitFor(() => expect(c.querySelector('.sweep-header [role=status]')!.textContent).toBe('Resumed: 3 unfinished trials re-queued.'))
    expect(transport.calls.filter((x) => x.method === 'resumeSweep')).toEqual([{ method: 'resumeSweep', args: { sweepId: 1 } }])
  })

  it('says what to do when there are no trials, or no metric values yet', async () => {
    let c = await mount({}, [])
    await waitFor(() => expect(c.textContent).toContain('No trials yet'))
    expect(plots.size).toBe(0)
    view!.unmount()
    view = undefined
    c = await mount({}, [makeTrial({ id: 1, status: 'running', params: { lr: 1e-3 }, finalValue: null, bestValue: null })])
    await waitFor(() => expect(count(c)).toBe('1 of 1 trials'))
    expect(c.textContent).toContain('No trial has reported val_loss yet. Lines appear here as trials report it.')
    expect(plots.has('parcoords')).toBe(false)
  })
})
