// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { act } from 'react'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { makeTrial } from '../../testing/fake-transport.ts'
import { render, type Rendered } from '../../testing/render.tsx'
import type { SelectionAction } from './selection.ts'
import { TrialTable, type TrialTableProps } from './trial-table.tsx'

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  window.location.hash = ''
})

const trials: TrialSummary[] = [
  makeTrial({ id: 11, index: 0, status: 'completed', params: { lr: 0.1, opt: 'sgd' }, finalValue: 0.5, bestValue: 0.45, startedAt: 0, endedAt: 5000 }),
  makeTrial({ id: 12, index: 1, status: 'failed', params: { lr: 0.001, opt: 'adam' }, finalValue: 0.2, bestValue: 0.2, startedAt: 0, endedAt: 65_000, error: 'nan loss', failureReason: 'nonzero_exit', failureNote: 'exit code 1; last output: nan loss' }),
  makeTrial({ id: 13, index: 2, status: 'running', params: { lr: 0.01 }, finalValue: null, bestValue: null, startedAt: 0, endedAt: null }),
]

// The virtualizer re-measures after a re-render (on a timer): let that settle inside act too.
const settle = () => new Promise<void>((r) => setTimeout(r, 0))

async function mount(over: Partial<TrialTableProps> = {}) {
  const dispatch = vi.fn<(a: SelectionAction) => void>()
  const onHover = vi.fn<(id: number | null) => void>()
  const props: TrialTableProps = { trials, params: ['lr', 'opt'], metricName: 'val_loss', selected: [], hovered: null, dispatch, onHover, reveal: null, ...over }
  view = await render(<TrialTable {...props} />)
  await act(settle)
  return { dispatch, onHover, c: view.container }
}

const rowIds = (c: HTMLElement) => [...c.querySelectorAll('tbody tr[data-trial-id]')].map((r) => Number(r.getAttribute('data-trial-id')))
const click = (el: Element) => act(async () => {
  (el as HTMLElement).click()
  await settle()
})
const key = (el: Element, k: string) => act(async () => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }))
  await settle()
})

describe('TrialTable', () => {
  it('is a labelled table with a row per trial, formatted cells and a dash for missing values', async () => {
    const { c } = await mount()
    expect(c.querySelector('table')!.getAttribute('aria-label')).toBe('Trials')
    expect(rowIds(c)).toEqual([11, 12, 13])
    const cells = [...c.querySelectorAll('tr[data-trial-id="12"] td')].map((td) => td.textContent)
    expect(cells).toEqual(['', '#1', 'failed', 'non-zero exit', '0.001', 'adam', '0.2', '0.2', '1 m 05 s'])
    expect(c.querySelector('tr[data-trial-id="13"] td:nth-child(6)')!.textContent).toBe('—')
    expect(c.querySelector('tr[data-trial-id="12"] .badge')!.getAttribute('title')).toBe('nan loss')
  })

  it('shows a pruned trial apart, with the step where early termination stopped it', async () => {
    const pruned = makeTrial({ id: 14, index: 3, status: 'pruned', prunedAtStep: 120, params: { lr: 0.3 }, finalValue: 0.9, bestValue: 0.8, startedAt: 0, endedAt: 1000 })
    const { c } = await mount({ trials: [...trials, pruned] })
    const cell = c.querySelector('tr[data-trial-id="14"] td[data-status="pruned"]')!
    expect(cell.textContent).toBe('pruned at step 120')
    expect(cell.querySelector('.badge')!.getAttribute('title')).toBe('stopped early by early termination at step 120')
  })

  it('says why each trial failed in the Reason column, with the explanation as its tooltip, and sorts by it', async () => {
    const oom = makeTrial({ id: 15, index: 4, status: 'failed', params: { lr: 0.5 }, failureReason: 'oom', failureNote: 'out of memory: PyTorch: CUDA out of memory', startedAt: 0, endedAt: 1 })
    const nan = makeTrial({ id: 16, index: 5, status: 'diverged', params: { lr: 0.9 }, failureReason: 'nan_metric', failureNote: 'non-finite metric loss=NaN at step 3', startedAt: 0, endedAt: 1 })
    const { c } = await mount({ trials: [...trials, oom, nan] })
    const reason = (id: number) => c.querySelector(`tr[data-trial-id="${id}"] td[data-reason]`)
    expect(reason(15)!.textContent).toBe('out of memory')
    expect(reason(15)!.getAttribute('title')).toBe('out of memory: PyTorch: CUDA out of memory')
    expect(reason(16)!.textContent).toBe('NaN/inf metric')
    expect(reason(16)!.getAttribute('data-reason')).toBe('nan_metric')
    expect(reason(11)).toBeNull()
    expect(c.querySelector('tr[data-trial-id="11"] td:nth-child(4)')!.textContent).toBe('—')
    const th = [...c.querySelectorAll('thead th')].find((h) => h.textContent!.startsWith('Reason'))!
    await click(th.querySelector('button')!)
    // FAILURE_REASONS order (nan_metric, oom, nonzero_exit, …), trials without a reason last.
    expect(rowIds(c)).toEqual([16, 15, 12, 11, 13])
  })

  it('sorts by any column, toggling direction, with missing values last and aria-sort set', async () => {
    const { c } = await mount()
    const th = (label: string) => [...c.querySelectorAll('thead th')].find((h) => h.textContent!.startsWith(label))!
    await click(th('val_loss').querySelector('button')!)
    expect(rowIds(c)).toEqual([12, 11, 13])
    expect(th('val_loss').getAttribute('aria-sort')).toBe('ascending')
    await click(th('val_loss').querySelector('button')!)
    expect(rowIds(c)).toEqual([11, 12, 13])
    expect(th('val_loss').getAttribute('aria-sort')).toBe('descending')
    await click(th('lr').querySelector('button')!)
    expect(rowIds(c)).toEqual([12, 13, 11])
    await click(th('opt').querySelector('button')!)
    expect(rowIds(c)).toEqual([12, 11, 13])
    await click(th('Status').querySelector('button')!)
    expect(rowIds(c)).toEqual([13, 11, 12])
  })

  it('selects with the row checkboxes and the header checkbox', async () => {
    const { c, dispatch } = await mount({ selected: [12] })
    expect(c.querySelector('tr[data-trial-id="12"]')!.getAttribute('aria-selected')).toBe('true')
    await click(c.querySelector('tr[data-trial-id="11"] input[type=checkbox]')!)
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'toggle-selected', trialId: 11 })
    await click(c.querySelector('thead input[type=checkbox]')!)
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'set-selected', trialIds: [12, 11, 13] })
    // Selecting the checkbox does not open the trial.
    expect(window.location.hash).toBe('')
  })

  it('opens the trial on a row click, and reports hover', async () => {
    const { c, onHover } = await mount()
    const row = c.querySelector('tr[data-trial-id="12"]')!
    await act(() => { row.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })) })
    expect(onHover).toHaveBeenLastCalledWith(12)
    await click(row.querySelector('td:nth-child(4)')!)
    expect(window.location.hash).toBe('#/trials/12')
  })

  it('moves between rows with the arrow keys, opens with Enter and selects with Space', async () => {
    const { c, dispatch } = await mount()
    const rows = () => [...c.querySelectorAll<HTMLElement>('tbody tr[data-trial-id]')]
    expect(rows().map((r) => r.tabIndex)).toEqual([0, -1, -1])
    await act(() => rows()[0]!.focus())
    await key(rows()[0]!, 'ArrowDown')
    expect(document.activeElement?.getAttribute('data-trial-id')).toBe('12')
    expect(rows().map((r) => r.tabIndex)).toEqual([-1, 0, -1])
    await key(rows()[1]!, 'End')
    expect(document.activeElement?.getAttribute('data-trial-id')).toBe('13')
    await key(rows()[2]!, ' ')
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'toggle-selected', trialId: 13 })
    await key(rows()[2]!, 'Enter')
    expect(window.location.hash).toBe('#/trials/13')
  })

  it('marks the hovered trial and renders only a window of rows for 10k trials', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeTrial({ id: i + 1, index: i, params: { lr: i }, finalValue: i }))
    const { c } = await mount({ trials: many, params: ['lr'], hovered: 2 })
    const rendered = rowIds(c)
    expect(rendered.length).toBeGreaterThan(10)
    expect(rendered.length).toBeLessThan(60)
    expect(c.querySelector('tr[data-trial-id="2"]')!.hasAttribute('data-hovered')).toBe(true)
    // Spacer rows stand in for the rest, so the scroll height is right.
    const spacer = c.querySelector<HTMLElement>('tbody tr[aria-hidden="true"]:last-child')!
    expect(parseFloat(spacer.style.height)).toBeGreaterThan(300_000)
  })
})
