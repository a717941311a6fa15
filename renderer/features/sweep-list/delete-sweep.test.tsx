// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import type { SweepSummary } from '../../../shared/api/types.ts'
import { App } from '../../app.tsx'
import { createFakeTransport, makeSweep, type FakeTransport } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
let view: Rendered | undefined
afterEach(() => view?.unmount())

const DONE = makeSweep({ id: 7, name: 'iris-cv', status: 'completed', counts: { completed: 10, failed: 2 } })
const RUNNING = makeSweep({ id: 8, name: 'moby-lm', status: 'running' })

async function list(over: Partial<Parameters<typeof createFakeTransport>[0]> = {}, sweeps: SweepSummary[] = [DONE, RUNNING]): Promise<{ c: HTMLElement; t: FakeTransport }> {
  let rows = sweeps
  const t = createFakeTransport({
    listSweeps: () => rows,
    deleteSweep: ({ sweepId }) => {
      rows = rows.filter((s) => s.id !== sweepId)
      return { deleted: true }
    },
    ...over,
  })
  view = await render(<App transport={t} queryClient={quietClient()} />)
  await waitFor(() => expect(view!.container.querySelectorAll('tbody tr')).toHaveLength(sweeps.length))
  return { c: view.container, t }
}

const deleteButton = (c: HTMLElement, name: string) => c.querySelector<HTMLButtonElement>(`[aria-label="Delete sweep ${name}"]`)!
const dialog = (c: HTMLElement) => c.querySelector<HTMLDialogElement>('dialog')
const dialogButton = (c: HTMLElement, text: string) => [...dialog(c)!.querySelectorAll('button')].find((b) => b.textContent === text)!
const click = (el: HTMLElement) => act(async () => el.click())
const deletes = (t: FakeTransport) => t.calls.filter((x) => x.method === 'deleteSweep').map((x) => x.args)

describe('deleting a sweep', () => {
  it('asks first, saying what goes with the sweep, with focus on Cancel', async () => {
    const { c } = await list()
    await click(deleteButton(c, 'iris-cv'))
    const d = dialog(c)!
    expect(d.open).toBe(true)
    expect(d.querySelector('h2')!.textContent).toBe('Delete sweep “iris-cv”?')
    expect(d.textContent).toContain('This removes its 12 trials, with their metrics, logs and files (saved weights and other outputs). It cannot be undone.')
    expect(document.activeElement).toBe(dialogButton(c, 'Cancel'))
  })

  it('deletes on confirm and drops the row', async () => {
    const { c, t } = await list()
    await click(deleteButton(c, 'iris-cv'))
    await click(dialogButton(c, 'Delete'))
    await waitFor(() => expect(dialog(c)).toBeNull())
    expect(deletes(t)).toEqual([{ sweepId: 7 }])
    expect([...c.querySelectorAll('tbody tr a')].map((a) => a.textContent)).toEqual(['moby-lm'])
  })

  it('does nothing on Cancel or Esc', async () => {
    const { c, t } = await list()
    await click(deleteButton(c, 'iris-cv'))
    await click(dialogButton(c, 'Cancel'))
    expect(dialog(c)).toBeNull()
    await click(deleteButton(c, 'iris-cv'))
    await act(async () => void dialog(c)!.dispatchEvent(new Event('cancel', { cancelable: true })))
    expect(dialog(c)).toBeNull()
    expect(deletes(t)).toEqual([])
    expect(c.querySelectorAll('tbody tr')).toHaveLength(2)
  })

  it('is not offered for a running sweep, and says to stop it first', async () => {
    const { c } = await list()
    const button = deleteButton(c, 'moby-lm')
    expect(button.disabled).toBe(true)
    expect(button.parentElement!.getAttribute('title')).toBe('Stop the sweep before deleting it')
    expect(c.querySelector(`#${button.getAttribute('aria-describedby')}`)!.textContent).toBe('Stop the sweep before deleting it')
    expect(deleteButton(c, 'iris-cv').disabled).toBe(false)
  })

  it('shows the engine’s refusal in the dialog and keeps the sweep', async () => {
    const { c } = await list({ deleteSweep: () => { throw new Error('sweep 7 is running in another process (pid 4242)') } })
    await click(deleteButton(c, 'iris-cv'))
    await click(dialogButton(c, 'Delete'))
    await waitFor(() => expect(dialog(c)!.querySelector('[role=alert]')).not.toBeNull())
    expect(dialog(c)!.querySelector('[role=alert]')!.textContent).toBe('Could not delete the sweep: sweep 7 is running in another process (pid 4242)')
    expect(c.querySelectorAll('tbody tr')).toHaveLength(2)
    await click(dialogButton(c, 'Cancel'))
    await click(deleteButton(c, 'iris-cv'))
    expect(dialog(c)!.querySelector('[role=alert]')).toBeNull()
  })

  it('says when a sweep has no trials yet', async () => {
    const { c } = await list({}, [makeSweep({ id: 3, name: 'fresh', status: 'interrupted', counts: {} })])
    await click(deleteButton(c, 'fresh'))
    expect(dialog(c)!.textContent).toContain('This removes its settings (it has no trials yet).')
  })
})
