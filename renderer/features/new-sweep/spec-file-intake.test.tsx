// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import type { Transport } from '../../../shared/api/contract.ts'
import { App } from '../../app.tsx'
import { createFakeTransport, type FakeTransport } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'
import { editorText } from './dom-test-helpers.ts'
import { peekSpecFile } from './pending-spec-file.ts'
import { saveDraft } from './spec-draft.ts'

const SPEC = 'name: dropped\nmethod: grid\ntrainer: noop\nparameters:\n  a: {values: [1, 2]}\n'

function transport(): FakeTransport {
  return createFakeTransport({
    listSweeps: () => [],
    listExamples: () => [],
    listDatasets: () => [],
    validateSpec: () => ({ ok: true, problems: [], total: 2 }),
  })
}

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
let view: Rendered | undefined

async function openApp(t: FakeTransport): Promise<HTMLElement> {
  view = await render(<App transport={t} queryClient={quietClient()} />)
  return view.container
}

/** A drag event as Chromium sends it for files from the desktop (happy-dom has no DragEvent). */
async function drag(type: 'dragenter' | 'dragover' | 'dragleave' | 'drop', files: File[], target: EventTarget = document.body): Promise<Event> {
  const ev = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(ev, 'dataTransfer', { value: { types: ['Files'], files, dropEffect: 'none' } })
  await act(async () => void target.dispatchEvent(ev))
  return ev
}

beforeEach(() => {
  saveDraft(null)
  window.location.hash = '#/'
})
afterEach(() => {
  view?.unmount()
  view = undefined
  delete window.sweeplab
})

describe('SpecFileIntake', () => {
  it('opens a file the desktop shell sends (menu, dialog) in the new-sweep screen', async () => {
    const t = transport()
    const c = await openApp(t)
    await act(async () => t.emit({ type: 'open-sweep-file', payload: { text: SPEC, fileName: '/home/me/sweeps/dropped.yaml' } }))
    await waitFor(() => expect(window.location.hash).toBe('#/new'))
    await waitFor(() => expect(editorText(c)).toBe(SPEC))
    expect(c.querySelector('.yaml-file-name')!.textContent).toBe('dropped.yaml')
    expect(c.querySelector('.yaml-file-note')!.textContent).toContain('/home/me/sweeps')
    expect(peekSpecFile()).toBeNull()
    await waitFor(() => expect(t.calls.some((x) => x.method === 'validateSpec' && (x.args as { fileName?: string }).fileName === '/home/me/sweeps/dropped.yaml')).toBe(true))
  })

  it('replaces what the new-sweep screen shows when a file arrives while it is open', async () => {
    window.location.hash = '#/new'
    const t = transport()
    const c = await openApp(t)
    expect(editorText(c)).toContain('name: my-sweep')
    await act(async () => t.emit({ type: 'open-sweep-file', payload: { text: SPEC, fileName: '/tmp/b.yaml' } }))
    await waitFor(() => expect(editorText(c)).toBe(SPEC))
  })

  it('shows an overlay while files are dragged over the window, and hides it when they leave', async () => {
    const c = await openApp(transport())
    const file = new File([SPEC], 'a.yaml')
    await drag('dragenter', [file])
    expect(c.querySelector('[data-testid="drop-overlay"]')).not.toBeNull()
    const over = await drag('dragover', [file])
    expect(over.defaultPrevented).toBe(true)
    await drag('dragleave', [file])
    expect(c.querySelector('[data-testid="drop-overlay"]')).toBeNull()
  })

  it('opens a dropped sweep file in the browser', async () => {
    const c = await openApp(transport())
    await drag('dragenter', [new File([SPEC], 'dropped.yaml')])
    const drop = await drag('drop', [new File([SPEC], 'dropped.yaml')])
    expect(drop.defaultPrevented).toBe(true)
    expect(c.querySelector('[data-testid="drop-overlay"]')).toBeNull()
    await waitFor(() => expect(window.location.hash).toBe('#/new'))
    await waitFor(() => expect(editorText(c)).toBe(SPEC))
  })

  it('says why a dropped file that is not a sweep file is refused', async () => {
    const c = await openApp(transport())
    const drop = await drag('drop', [new File(['hello'], 'notes.txt')])
    expect(drop.defaultPrevented).toBe(true)
    expect(c.querySelector('[role=alert]')!.textContent).toContain('notes.txt is not a sweep file: drop a .yaml, .yml or .json file.')
    expect(window.location.hash).toBe('#/')
    await drag('drop', [new File(['a'], 'a.yaml'), new File(['b'], 'b.yaml')])
    expect(c.querySelector('[role=alert]')!.textContent).toContain('Drop one sweep file at a time (2 were dropped).')
  })

  it('in the desktop app leaves a sweep-file drop to the shell, which reads it with its full path', async () => {
    window.sweeplab = { call: async () => ({ id: 0, ok: true, result: null }), subscribe: () => () => {} } satisfies Transport
    const c = await openApp(transport())
    await drag('dragenter', [new File([SPEC], 'a.yaml')])
    expect(c.querySelector('[data-testid="drop-overlay"]')).not.toBeNull()
    const drop = await drag('drop', [new File([SPEC], 'a.yaml')])
    expect(drop.defaultPrevented).toBe(false)
    expect(peekSpecFile()).toBeNull()
    expect(window.location.hash).toBe('#/')
    // A wrong type is still refused here, with a message, instead of leaving the page.
    const wrong = await drag('drop', [new File(['x'], 'model.bin')])
    expect(wrong.defaultPrevented).toBe(true)
    expect(c.querySelector('[role=alert]')!.textContent).toContain('model.bin is not a sweep file')
  })

  it('keeps a dropped file away from the editor, which would paste its text', async () => {
    window.location.hash = '#/new'
    const c = await openApp(transport())
    const editor = c.querySelector('.cm-content')!
    let reached = false
    editor.addEventListener('drop', () => { reached = true })
    await drag('drop', [new File([SPEC], 'x.yaml')], editor)
    expect(reached).toBe(false)
    await waitFor(() => expect(editorText(c)).toBe(SPEC))
  })
})
