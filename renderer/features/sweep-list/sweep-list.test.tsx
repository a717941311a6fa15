// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import { App } from '../../app.tsx'
import { createFakeTransport, makeSweep } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'
import { START_COMMAND } from './sweep-list.tsx'

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
let view: Rendered | undefined
afterEach(() => view?.unmount())

describe('SweepList', () => {
  it('renders one row per sweep from the API', async () => {
    const now = Date.now()
    const transport = createFakeTransport({
      listSweeps: () => [
        makeSweep({ id: 2, name: 'iris-cv', status: 'completed', done: 12, total: 12, bestValue: 0.9667, metricName: 'accuracy', metricGoal: 'maximize', startedAt: now - 65_000, endedAt: now }),
        makeSweep({ id: 1, name: 'quad', status: 'failed', total: null, done: 4, bestValue: null, error: 'worker 3 crashed' }),
      ],
    })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(2))

    const [first, second] = [...c.querySelectorAll('tbody tr')]
    expect(first!.querySelector('a')!.getAttribute('href')).toBe('#/sweeps/2')
    expect(first!.textContent).toContain('iris-cv')
    expect(first!.querySelector('.badge')!.textContent).toBe('completed')
    expect(first!.querySelector('.badge')!.getAttribute('data-tone')).toBe('success')
    expect(first!.textContent).toContain('12 / 12')
    expect(first!.textContent).toContain('0.9667 accuracy ↑')
    expect(first!.textContent).toContain('1 m 05 s')
    expect(second!.querySelector('.badge')!.getAttribute('data-tone')).toBe('danger')
    expect(second!.textContent).toContain('4 / ∞')
    expect(second!.textContent).toContain('worker 3 crashed')
    expect(transport.calls.map((x) => x.method).filter((m) => m !== 'getWorkspaceSize' && m !== 'getWorkspace')).toEqual(['listSweeps'])
  })

  it('shows how to start a sweep when there is none: the new-sweep screen, an example, or the CLI', async () => {
    const transport = createFakeTransport({
      listSweeps: () => [],
      listExamples: () => [
        { name: 'spam-classifier-grid', title: 'spam-classifier', fileName: '/x/spam-classifier-grid.yaml', text: '' },
        { name: 'quadratic-node', title: 'Grid search of quadratic.mjs', fileName: '/x/quadratic-node.yaml', text: '' },
      ],
    })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.no-sweeps-examples a')).toHaveLength(2))
    expect(c.querySelector('.empty-state h2')!.textContent).toBe('No sweeps yet')
    const newSweep = [...c.querySelectorAll<HTMLAnchorElement>('.empty-state a')].find((a) => a.textContent === 'New sweep')!
    expect(newSweep.getAttribute('href')).toBe('#/new')
    const examples = [...c.querySelectorAll<HTMLAnchorElement>('.no-sweeps-examples a')]
    expect(examples.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['spam-classifier-grid', '#/new?example=spam-classifier-grid'],
      ['quadratic-node', '#/new?example=quadratic-node'],
    ])
    expect(c.querySelector('.no-sweeps-examples')!.textContent).toContain('Grid search of quadratic.mjs')
    expect(c.querySelector('.empty-state code')!.textContent).toBe(START_COMMAND)
  })

  it('still offers a new sweep and the CLI when the examples cannot be listed', async () => {
    const transport = createFakeTransport({ listSweeps: () => [], listExamples: () => { throw new Error('resources missing') } })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    await waitFor(() => expect(view!.container.textContent).toContain('resources missing'))
    expect(view.container.querySelector('.empty-state a')!.getAttribute('href')).toBe('#/new')
    expect(view.container.querySelector('.empty-state code')!.textContent).toBe(START_COMMAND)
  })

  it('links to the new-sweep screen above the list', async () => {
    view = await render(<App transport={createFakeTransport({ listSweeps: () => [makeSweep()] })} queryClient={quietClient()} />)
    await waitFor(() => expect(view!.container.querySelector('.sweep-list-head a')).not.toBeNull())
    const link = view.container.querySelector('.sweep-list-head a')!
    expect([link.textContent, link.getAttribute('href')]).toEqual(['New sweep', '#/new'])
  })

  it('shows the error where the list would be, with a retry', async () => {
    const transport = createFakeTransport({ listSweeps: () => { throw new Error('database is locked') } })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    await waitFor(() => expect(view!.container.querySelector('[role=alert]')).not.toBeNull())
    expect(view.container.textContent).toContain('database is locked')
    expect(view.container.querySelector('[role=alert] button')!.textContent).toBe('Retry')
  })
})
