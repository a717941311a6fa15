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
    expect(transport.calls.map((x) => x.method)).toEqual(['listSweeps'])
  })

  it('shows how to start a sweep when there is none', async () => {
    view = await render(<App transport={createFakeTransport({ listSweeps: () => [] })} queryClient={quietClient()} />)
    await waitFor(() => expect(view!.container.textContent).toContain('No sweeps yet'))
    expect(view.container.querySelector('code')!.textContent).toBe(START_COMMAND)
  })

  it('shows the error where the list would be, with a retry', async () => {
    const transport = createFakeTransport({ listSweeps: () => { throw new Error('database is locked') } })
    view = await render(<App transport={transport} queryClient={quietClient()} />)
    await waitFor(() => expect(view!.container.querySelector('[role=alert]')).not.toBeNull())
    expect(view.container.textContent).toContain('database is locked')
    expect(view.container.querySelector('[role=alert] button')!.textContent).toBe('Retry')
  })
})
