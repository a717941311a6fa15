// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import type { SweepDetail } from '../../../shared/api/types.ts'
import type { DatasetInfo } from '../../../shared/dataset-spec.ts'
import type { RetrainComparison, SweepProvenance } from '../../../shared/sweep-provenance.ts'
import { createFakeTransport, makeSweep } from '../../testing/fake-transport.ts'
import { waitFor, type Rendered } from '../../testing/render.tsx'
import { mountWithApi } from '../export/mount-with-api.tsx'
import { ReportExport } from '../export/report-export.tsx'
import { RetrainComparisonPanel } from './retrain-comparison.tsx'
import { RetrainButton } from './retrain-dialog.tsx'
import { retrainBlocker } from './retrain-eligibility.ts'

const detail = (over: Partial<SweepDetail> = {}): SweepDetail => ({
  ...makeSweep({ id: 4, status: 'completed' }),
  description: null, specText: '', specFile: null, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
  spec: { method: 'grid', trainer: 'tabular', dataset: 'points@1', parameters: {} },
  ...over,
})

const info = (name: string, version: number, rows: number): DatasetInfo => ({
  name, version, builtin: false, format: 'csv', rows, columns: ['a', 'label'], textColumn: null, labelColumn: 'label', bytes: 100, path: `/ws/${name}-v${version}.csv`,
  createdAt: 1, description: null, license: null,
})

const provenance = (over: Partial<SweepProvenance> = {}): SweepProvenance => ({
  sweepId: 4, dataset: { kind: 'registered', name: 'points', version: 1, contentHash: 'ab' }, parentSweepId: null, retrain: null,
  environment: { sweeplabVersion: '0.1.0', node: '24', os: 'linux', capturedAt: 1, git: null }, ...over,
})

const buttonNamed = (c: HTMLElement, name: string) => [...c.querySelectorAll('button')].find((b) => b.textContent === name)!

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  view = undefined
  window.location.hash = ''
})

describe('retrain on new data', () => {
  it('is offered only for trainer sweeps with a dataset, a metric and a finished trial', () => {
    expect(retrainBlocker(detail())).toBeNull()
    expect(retrainBlocker(detail({ spec: { command: ['python'], parameters: {} } }))).toMatch(/command sweep reads its own data/)
    expect(retrainBlocker(detail({ spec: { trainer: 'noop', parameters: {} } }))).toMatch(/no dataset/)
    expect(retrainBlocker(detail({ metricName: null }))).toMatch(/no metric/)
    expect(retrainBlocker(detail({ bestTrialId: null }))).toMatch(/No trial has finished/)
  })

  it('picks a newer version of the sweep\'s dataset by default, starts the retrain and opens it', async () => {
    const transport = createFakeTransport({
      listDatasets: () => [info('other', 1, 10), info('points', 2, 90), info('points', 1, 60)],
      getSweepProvenance: () => provenance(),
      retrainSweep: () => ({ sweepId: 9 }),
    })
    view = await mountWithApi(<RetrainButton sweep={detail()} />, transport)
    const c = view.container
    await act(async () => buttonNamed(c, 'Retrain on new data…').click())
    await waitFor(() => expect(c.querySelector('.retrain-form select')).not.toBeNull())
    await waitFor(() => expect(c.querySelector<HTMLSelectElement>('.retrain-form select')!.options[1]?.textContent).toMatch(/this sweep’s/))
    const select = c.querySelector<HTMLSelectElement>('.retrain-form select')!
    expect([...select.options].map((o) => o.value)).toEqual(['points@2', 'points@1', 'other@1'])
    expect(select.value).toBe('points@2')
    const seeds = c.querySelectorAll<HTMLInputElement>('.retrain-form input')[1]!
    await act(async () => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
      set.call(seeds, '2')
      seeds.dispatchEvent(new Event('input', { bubbles: true }))
    })
    expect(c.querySelector('.retrain-actions code')!.textContent).toMatch(/retrain 4 --dataset points@2 --top 3 --seeds 2$/)
    await act(async () => buttonNamed(c, 'Start retrain').click())
    await waitFor(() => expect(window.location.hash).toBe('#/sweeps/9'))
    expect(transport.calls.find((x) => x.method === 'retrainSweep')!.args).toEqual({ sweepId: 4, dataset: 'points@2', top: 3, seeds: 2 })
  })

  it('shows the engine\'s refusal in the form', async () => {
    const transport = createFakeTransport({
      listDatasets: () => [info('points', 1, 60)],
      getSweepProvenance: () => provenance(),
      retrainSweep: () => { throw new Error('sweep 4 has no completed trial with a value for val_loss yet') },
    })
    view = await mountWithApi(<RetrainButton sweep={detail()} />, transport)
    const c = view.container
    await act(async () => buttonNamed(c, 'Retrain on new data…').click())
    await waitFor(() => expect(c.querySelector('.retrain-form select')).not.toBeNull())
    await act(async () => buttonNamed(c, 'Start retrain').click())
    await waitFor(() => expect(c.querySelector('.retrain-form [role=alert]')?.textContent).toMatch(/no completed trial/))
  })

  it('a retrain sweep shows old vs new per config', async () => {
    const comparison: RetrainComparison = {
      sweepId: 4, parentSweepId: 2, parentExists: true, parentName: 'points-sweep', oldDataset: 'points@1', newDataset: 'points@2', metric: { name: 'val_loss', goal: 'minimize' },
      rows: [
        { rank: 1, parentTrialId: 5, params: { lr: 0.1, opt: { name: 'adam' } }, oldValue: 0.2, newValues: [0.1, 0.15], newTrialIds: [11, 12], newMean: 0.125, newStd: 0.0354, delta: -0.075, improved: true },
        { rank: 2, parentTrialId: 6, params: { lr: 0.3, opt: { name: 'sgd' } }, oldValue: 0.3, newValues: [null], newTrialIds: [13], newMean: null, newStd: null, delta: null, improved: null },
      ],
    }
    const transport = createFakeTransport({
      getSweepProvenance: () => provenance({ parentSweepId: 2, retrain: { parentSweepId: 2, parentName: 'points-sweep', oldDataset: 'points@1', newDataset: 'points@2', top: 2, seeds: 2, metric: { name: 'val_loss', goal: 'minimize' }, configs: [] } }),
      getRetrainComparison: () => comparison,
    })
    view = await mountWithApi(<RetrainComparisonPanel sweep={detail()} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.retrain-table tbody tr')).toHaveLength(2))
    const rows = [...c.querySelectorAll('.retrain-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    expect(rows).toEqual([
      ['1', 'lr=0.1 opt.name=adam', '0.2', '0.125 ± 0.0354', '2/2', '-0.075 better'],
      ['2', 'lr=0.3 opt.name=sgd', '0.3', '–', '0/1', '–'],
    ])
    expect(c.querySelector('.retrain-comparison a')!.getAttribute('href')).toBe('#/sweeps/2')
  })

  it('renders nothing for a sweep that is not a retrain', async () => {
    const transport = createFakeTransport({ getSweepProvenance: () => provenance() })
    view = await mountWithApi(<RetrainComparisonPanel sweep={detail()} />, transport)
    await waitFor(() => expect(transport.calls.some((x) => x.method === 'getSweepProvenance')).toBe(true))
    expect(view.container.querySelector('.retrain-comparison')).toBeNull()
    expect(transport.calls.some((x) => x.method === 'getRetrainComparison')).toBe(false)
  })
})

describe('the report in the Export panel', () => {
  it('builds the report on request in the chosen format and offers it for saving', async () => {
    const transport = createFakeTransport({
      getSweepReport: ({ format }) => ({ content: format === 'md' ? '# Sweep report: points\n' : '<!doctype html><h1>Sweep report</h1>', fileName: `sweep-4-points-report.${format}` }),
    })
    view = await mountWithApi(<ReportExport sweepId={4} />, transport)
    const c = view.container
    // Nothing is built until asked (useCliCommand reads the environment for the command's name).
    expect(transport.calls.filter((x) => x.method === 'getSweepReport')).toEqual([])
    const select = c.querySelector<HTMLSelectElement>('select[aria-label="Report format"]')!
    await act(async () => {
      select.value = 'md'
      select.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await act(async () => buttonNamed(c, 'Build report').click())
    await waitFor(() => expect(c.querySelector('[data-testid=export-output]')?.textContent).toBe('# Sweep report: points\n'))
    expect(transport.calls.filter((x) => x.method === 'getSweepReport').map((x) => x.args)).toEqual([{ sweepId: 4, format: 'md' }])
    expect(c.querySelector('.export-meta')!.textContent).toMatch(/^sweep-4-points-report\.md · /)
    expect(c.textContent).toContain('report 4 --format md --out sweep-4-points-report.md')
  })
})
