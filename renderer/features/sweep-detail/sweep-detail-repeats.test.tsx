// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useEffect } from 'react'
import { QueryClient } from '@tanstack/react-query'
import type { ParcoordsData } from 'plotly.js'
import type { MetricSeries, SweepDetail, TrialSummary } from '../../../shared/api/types.ts'
import { App } from '../../app.tsx'
import type { PlotProps } from '../../plots/plot.tsx'
import { createFakeTransport, makeSweep, makeTrial, type FakeTransport } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'

// As in sweep-detail.test.tsx: the Plotly stand-in keeps each plot's props by name.
const plots = vi.hoisted(() => new Map<string, PlotProps>())
vi.mock('../../plots/plot.tsx', () => ({
  Plot: (props: PlotProps) => {
    plots.set(props.name ?? '?', props)
    const { onLayout } = props
    useEffect(() => onLayout?.({ l: 0, t: 0, w: 600, h: 400 }), [onLayout])
    return <div data-plot={props.name}>{props.children}</div>
  },
}))
vi.mock('../export/export-panel.tsx', () => ({ ExportPanel: () => <div data-testid="export-panel" /> }))

const spec = { repeats: 2, parameters: { lr: { distribution: 'categorical', values: [0.1, 0.2, 0.3] } } }
const sweep: SweepDetail = {
  ...makeSweep({ id: 1, name: 'noisy', status: 'running', metricName: 'loss', metricGoal: 'minimize', total: 6, done: 5 }),
  description: null, specText: '', specFile: null, spec, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
}
const rep = (id: number, index: number, lr: number, finalValue: number | null, over: Partial<TrialSummary> = {}) =>
  makeTrial({ id, index, params: { lr }, finalValue, bestValue: finalValue, seed: 100 + id, configIndex: Math.floor(index / 2), repeat: index % 2, ...over })
const trials: TrialSummary[] = [
  rep(11, 0, 0.1, 1), rep(12, 1, 0.1, 3), // mean 2, std √2
  rep(13, 2, 0.2, 0.5), rep(14, 3, 0.2, 0.5), // mean 0.5, std 0
  rep(15, 4, 0.3, 0.9), rep(16, 5, 0.3, null, { status: 'running', endedAt: null }), // running, mean so far 0.9
]
const seriesOf = (trialId: number): MetricSeries => ({ trialId, name: 'loss', steps: [0, 1], values: [trialId, trialId - 10], wallTimes: [0, 1000], totalPoints: 2 })

let view: Rendered | undefined
let transport: FakeTransport
beforeEach(() => {
  plots.clear()
  window.location.hash = '#/sweeps/1'
})
afterEach(() => {
  view?.unmount()
  view = undefined
  window.location.hash = ''
})

async function mount(over: Partial<Parameters<typeof createFakeTransport>[0]> = {}) {
  transport = createFakeTransport({
    getSweep: () => sweep,
    getTrials: () => trials,
    getMetricNames: () => ['loss'],
    getMetricSeries: ({ trialIds }) => trialIds.map(seriesOf),
    ...over,
  })
  view = await render(<App transport={transport} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />)
  return view.container
}

const trace = (name: string, i: number) => plots.get(name)!.data[i] as Record<string, unknown>

describe('SweepDetail of a sweep with repeats', () => {
  it('draws one scatter point per config at its mean with ±1 std error bars', async () => {
    await mount()
    await waitFor(() => expect(plots.has('scatter')).toBe(true))
    const focus = trace('scatter', 1)
    expect(focus.customdata).toEqual([11, 13, 15])
    expect(focus.y).toEqual([2, 0.5, 0.9])
    expect(focus.error_y).toMatchObject({ type: 'data', visible: true })
    const bars = (focus.error_y as { array: number[] }).array
    expect(bars[0]).toBeCloseTo(Math.SQRT2, 12)
    expect(bars.slice(1)).toEqual([0, 0])
    expect((focus.text as string[])[0]).toMatch(/mean of 2\/2 repeats ± 1\.414/)
    expect((focus.text as string[])[2]).toMatch(/mean of 1\/2 repeats$/)
  })

  it('draws one parallel-coordinates line per config, at its mean so far', async () => {
    await mount()
    await waitFor(() => expect(plots.has('parcoords')).toBe(true))
    const dims = (plots.get('parcoords')!.data[0] as Partial<ParcoordsData>).dimensions!
    const metric = dims.find((d) => d.label === 'loss')!
    expect([...(metric.values as number[])].sort()).toEqual([0.5, 0.9, 2])
  })

  it('fetches every repeat of the curve configs and draws each as a band under its mean', async () => {
    await mount()
    await waitFor(() => expect(plots.has('curves')).toBe(true))
    await waitFor(() => expect(plots.get('curves')!.data.some((d) => (d as { fill?: string }).fill === 'toself')).toBe(true))
    const call = [...transport.calls].reverse().find((x) => x.method === 'getMetricSeries')!.args as { trialIds: number[] }
    expect(call.trialIds).toEqual([11, 12, 13, 14, 15, 16])
    const data = plots.get('curves')!.data as Array<Record<string, unknown>>
    const lines = data.filter((d) => d.fill === undefined)
    // Best config mean first: lr 0.2 (trials 13, 14), then 0.3 (15, 16), then 0.1 (11, 12).
    expect(lines.map((d) => d.customdata && (d.customdata as number[])[0])).toEqual([13, 15, 11])
    expect(lines[0]!.y).toEqual([13.5, 3.5])
    const band = data.find((d) => d.uid === '13-band')!
    // Repeats 13 and 14 report [13, 3] and [14, 4]: std √½ at both steps.
    const expected = [13.5 + Math.SQRT1_2, 3.5 + Math.SQRT1_2, 3.5 - Math.SQRT1_2, 13.5 - Math.SQRT1_2]
    ;(band.y as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12))
    expect(band.x).toEqual([0, 1, 1, 0])
  })

  it('shows each trial its config mean ± std and n in the table', async () => {
    const c = await mount()
    await waitFor(() => expect(c.querySelectorAll('td[data-config-mean]').length).toBe(6))
    const cells = [...c.querySelectorAll('td[data-config-mean]')].map((td) => td.textContent)
    expect(cells).toEqual(['2 ± 1.414 (2/2)', '2 ± 1.414 (2/2)', '0.5 ± 0 (2/2)', '0.5 ± 0 (2/2)', '0.9 (1/2)', '0.9 (1/2)'])
    expect([...c.querySelectorAll('th')].some((th) => th.textContent?.startsWith('config loss mean ± std (n)'))).toBe(true)
  })
})

describe('SweepDetail of a k-fold CV sweep', () => {
  it('gives each trial error bars of its spread over folds, read from <metric>_std', async () => {
    const cvSweep = { ...sweep, spec: { cv: { folds: 3 }, parameters: spec.parameters } }
    const plain = [makeTrial({ id: 1, index: 0, params: { lr: 0.1 }, finalValue: 0.4 }), makeTrial({ id: 2, index: 1, params: { lr: 0.2 }, finalValue: 0.6 })]
    await mount({
      getSweep: () => cvSweep,
      getTrials: () => plain,
      getMetricNames: () => ['loss', 'loss_std'],
      getMetricSeries: ({ trialIds, metric }) => trialIds.map((id) => ({ ...seriesOf(id), name: metric, steps: [9], values: metric === 'loss_std' ? [id / 100] : [0.5], wallTimes: [0], totalPoints: 1 })),
    })
    await waitFor(() => expect((trace('scatter', 1).error_y as { array?: number[] } | undefined)?.array).toEqual([0.01, 0.02]))
    expect(trace('scatter', 1).customdata).toEqual([1, 2])
    expect((trace('scatter', 1).text as string[])[1]).toMatch(/mean of 3\/3 folds ± 0\.02$/)
    const call = transport.calls.find((x) => x.method === 'getMetricSeries' && (x.args as { metric: string }).metric === 'loss_std')
    expect(call?.args).toEqual({ trialIds: [1, 2], metric: 'loss_std', maxPoints: 2 })
  })
})
