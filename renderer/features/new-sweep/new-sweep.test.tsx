// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import type { ExampleSpec, SpecValidation } from '../../../shared/api/types.ts'
import { App } from '../../app.tsx'
import { createFakeTransport, type FakeTransport } from '../../testing/fake-transport.ts'
import { render, waitFor, type Rendered } from '../../testing/render.tsx'
import { blur, buttonByText, byLabel, click, editorText, editorView, editYaml, typeInto } from './dom-test-helpers.ts'
import { saveDraft, TEMPLATE_TEXT } from './spec-draft.ts'

const GRID: ExampleSpec = {
  name: 'quad-grid',
  title: 'Grid over a quadratic',
  fileName: '/opt/sweeplab/resources/examples/quad-grid.yaml',
  text: '# the example\nname: quad\nmethod: grid\nprogram: quadratic.py\nparameters:\n  x: {values: [1, 2, 3]}\n',
}

/** The engine's answer, faked: `method` must be grid or random, and the problem is located like the engine's. */
function fakeValidate({ text }: { text: string }): SpecValidation {
  const problems = text.split('\n').flatMap((line, i) => {
    const m = /^method: (.*)$/.exec(line)
    return m && m[1] !== 'grid' && m[1] !== 'random'
      ? [{ file: 'sweep.yaml', line: i + 1, column: 9, path: 'method', message: `expected one of grid, random, got "${m[1]}"` }]
      : []
  })
  return { ok: problems.length === 0, problems, total: problems.length > 0 ? null : text.includes('method: random') ? null : 3 }
}

function transportWith(over: Parameters<typeof createFakeTransport>[0] = {}): FakeTransport {
  return createFakeTransport({
    listSweeps: () => [],
    listExamples: () => [GRID],
    listDatasets: () => [],
    validateSpec: fakeValidate,
    createSweep: () => ({ sweepId: 42 }),
    ...over,
  })
}

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
let view: Rendered | undefined

async function open(hash: string, transport: FakeTransport): Promise<HTMLElement> {
  window.location.hash = hash
  view = await render(<App transport={transport} queryClient={quietClient()} />)
  return view.container
}

const validations = (t: FakeTransport) => t.calls.filter((c) => c.method === 'validateSpec').map((c) => c.args as { text: string; fileName?: string })

beforeEach(() => saveDraft(null))
afterEach(() => {
  view?.unmount()
  view = undefined
  window.location.hash = '#/'
})

describe('NewSweep', () => {
  it('starts from a runnable template that the engine checks', async () => {
    const t = transportWith()
    const c = await open('#/new', t)
    expect(editorText(c)).toBe(TEMPLATE_TEXT)
    await waitFor(() => expect(c.querySelector('.check-status')!.textContent).toBe('Valid: unbounded (runs until stopped)'))
    expect(validations(t).at(-1)).toEqual({ text: TEMPLATE_TEXT })
    expect(byLabel(c, 'Name').value).toBe('my-sweep')
  })

  it('rewrites the YAML when the form is edited, keeping comments', async () => {
    const c = await open('#/new', transportWith())
    await typeInto(byLabel(c, 'Name'), 'lr-search')
    expect(editorText(c)).toContain('\nname: lr-search\n')
    expect(editorText(c)).toContain('# A new sweep.')
    await typeInto(byLabel(c, 'Values of embedding'), '16, 32, 64')
    expect(editorText(c)).toContain('  embedding: {values: [16, 32, 64]}\n')
    await typeInto(byLabel<HTMLSelectElement>(c, 'Method'), 'grid')
    expect(editorText(c)).toContain('\nmethod: grid\n')
  })

  it('updates the form when the YAML is edited', async () => {
    const c = await open('#/new', transportWith())
    await editYaml(c, 'name: my-sweep', 'name: from-yaml')
    expect(byLabel(c, 'Name').value).toBe('from-yaml')
    await editYaml(c, '  epochs: {value: 3}\n', '  epochs: {value: 3}\n  dropout: {values: [0.0, 0.2]}\n')
    expect(byLabel(c, 'Values of dropout').value).toBe('0.0, 0.2')
    await editYaml(c, 'run_cap: 8\n', 'run_cap: 8\nseed: 3\n')
    expect(c.querySelector('.yaml-only-keys')!.textContent).toBe('Edited in YAML only: seed')
  })

  it('keeps what was typed in a field the YAML refuses, with the reason, and leaves the YAML alone', async () => {
    const c = await open('#/new', transportWith())
    const runCap = byLabel(c, 'Run cap')
    await typeInto(runCap, '2.5')
    expect(runCap.value).toBe('2.5')
    expect(runCap.getAttribute('aria-invalid')).toBe('true')
    expect(c.textContent).toContain('a whole number, at least 1')
    expect(editorText(c)).toContain('run_cap: 8\n')
  })

  it('adds, renames and removes parameters', async () => {
    const c = await open('#/new', transportWith())
    await click(buttonByText(c, '+ Add parameter'))
    expect(editorText(c)).toContain('  param4: {values: [1, 2]}\n')
    const name = byLabel(c, 'Name of parameter param4')
    expect(document.activeElement).toBe(name)
    await typeInto(name, 'dropout')
    await blur(name)
    expect(editorText(c)).toContain('  dropout: {values: [1, 2]}\n')
    await click(byLabel(c, 'Remove dropout'))
    expect(editorText(c)).toBe(TEMPLATE_TEXT)
  })

  it('lists the engine’s problems with their lines, marks them in the editor and jumps to them', async () => {
    const t = transportWith()
    const c = await open('#/new', t)
    await editYaml(c, 'method: random', 'method: bayse')
    await waitFor(() => expect(c.querySelectorAll('[data-testid="spec-problem"]')).toHaveLength(1))
    const item = c.querySelector('[data-testid="spec-problem"]')!
    expect(item.textContent).toBe('line 4:9methodexpected one of grid, random, got "bayse"')
    expect(c.querySelector('.check-status')!.textContent).toBe('1 problem')
    expect(buttonByText(c, 'Start sweep').disabled).toBe(true)
    expect(buttonByText(c, 'Create without starting').disabled).toBe(true)
    await waitFor(() => expect(c.querySelector('.cm-lintRange-error')?.textContent).toBe('bayse'))
    // The method select says the file holds a value it does not list, and shows the engine's message under it.
    expect(byLabel<HTMLSelectElement>(c, 'Method').value).toBe('bayse')
    expect(c.querySelector('.spec-form')!.textContent).toContain('expected one of grid, random, got "bayse"')

    await click(item.querySelector('button')!)
    const v = editorView(c)
    const head = v.state.selection.main.head
    expect(v.state.doc.lineAt(head).number).toBe(4)
    expect(head - v.state.doc.line(4).from).toBe(8)
  })

  it('says when the engine could not check the file, and does not offer to start', async () => {
    const c = await open('#/new', transportWith({ validateSpec: () => { throw new Error('engine unreachable') } }))
    await waitFor(() => expect(c.querySelector('.check-status')!.textContent).toBe('Could not check the file: engine unreachable'))
    expect(buttonByText(c, 'Start sweep').disabled).toBe(true)
    expect(c.querySelector('.new-sweep-buttons')!.textContent).toContain('The engine could not check the file')
  })

  it('checks once typing pauses, not on every keystroke', async () => {
    const t = transportWith()
    const c = await open('#/new', t)
    await waitFor(() => expect(validations(t)).toHaveLength(1))
    await editYaml(c, 'name: my-sweep', 'name: a')
    await editYaml(c, 'name: a', 'name: ab')
    await editYaml(c, 'name: ab', 'name: abc')
    await waitFor(() => expect(validations(t).at(-1)!.text).toContain('name: abc'))
    expect(validations(t)).toHaveLength(2)
  })

  it("says how many grid points the file's constraints skip", async () => {
    const t = transportWith({ validateSpec: () => ({ ok: true, problems: [], total: 12, grid: { combinations: 18, skipped: 6 } }) })
    const c = await open('#/new', t)
    await waitFor(() => expect(c.querySelector('.check-status')!.textContent).toBe('Valid: 12 trials (constraints skip 6 of 18 grid points)'))
  })

  it('starts the sweep and opens its page', async () => {
    const t = transportWith()
    const c = await open('#/new', t)
    await typeInto(byLabel(c, 'Run cap'), '')
    await typeInto(byLabel<HTMLSelectElement>(c, 'Method'), 'grid')
    await waitFor(() => expect(c.querySelector('.check-status')!.textContent).toBe('Valid: 3 trials'))
    await click(buttonByText(c, 'Start sweep'))
    await waitFor(() => expect(window.location.hash).toBe('#/sweeps/42'))
    const created = t.calls.find((x) => x.method === 'createSweep')!.args as { text: string; start: boolean }
    expect(created.start).toBe(true)
    expect(created.text).toContain('method: grid')
    expect(created.text).not.toContain('run_cap')
  })

  it('starts with Ctrl+Enter from the editor, without adding a line to it', async () => {
    const t = transportWith()
    const c = await open('#/new', t)
    await waitFor(() => expect(buttonByText(c, 'Start sweep').disabled).toBe(false))
    const content = c.querySelector<HTMLElement>('.cm-content')!
    await act(async () => void content.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true })))
    await waitFor(() => expect(window.location.hash).toBe('#/sweeps/42'))
    expect((t.calls.find((x) => x.method === 'createSweep')!.args as { text: string; start: boolean })).toEqual({ text: TEMPLATE_TEXT, start: true })
  })

  it('creates without starting, passing the example’s path for relative paths', async () => {
    const t = transportWith()
    const c = await open('#/new?example=quad-grid', t)
    await waitFor(() => expect(editorText(c)).toBe(GRID.text))
    expect(byLabel<HTMLSelectElement>(c, 'Example').value).toBe('quad-grid')
    expect(c.querySelector('.yaml-file-note')!.textContent).toContain('/opt/sweeplab/resources/examples')
    await waitFor(() => expect(buttonByText(c, 'Create without starting').disabled).toBe(false))
    await click(buttonByText(c, 'Create without starting'))
    await waitFor(() => expect(window.location.hash).toBe('#/sweeps/42'))
    expect(t.calls.find((x) => x.method === 'createSweep')!.args).toEqual({ text: GRID.text, fileName: GRID.fileName, start: false })
    expect(validations(t).at(-1)).toEqual({ text: GRID.text, fileName: GRID.fileName })
  })

  it('shows the engine’s refusal where the sweep was started, with its located problems', async () => {
    const t = transportWith()
    const answer = t.call.bind(t)
    t.call = async (req) => req.method !== 'createSweep' ? answer(req) : {
      id: req.id,
      ok: false,
      error: { code: 'spec/invalid', message: 'sweep.yaml: 1 problem', details: { problems: [{ file: 'sweep.yaml', line: 6, column: 10, path: 'dataset', message: 'no dataset named spam' }] } },
    }
    const c = await open('#/new', t)
    await waitFor(() => expect(buttonByText(c, 'Start sweep').disabled).toBe(false))
    await click(buttonByText(c, 'Start sweep'))
    await waitFor(() => expect(c.querySelector('.create-error')).not.toBeNull())
    const box = c.querySelector('.create-error')!
    expect(box.getAttribute('role')).toBe('alert')
    expect(box.textContent).toContain('The engine did not create the sweep: sweep.yaml: 1 problem')
    expect(box.querySelector('[data-testid="spec-problem"]')!.textContent).toBe('line 6:10datasetno dataset named spam')
    expect(window.location.hash).toBe('#/new')
    await click(box.querySelector('[data-testid="spec-problem"] button')!)
    const v = editorView(c)
    expect(v.state.doc.lineAt(v.state.selection.main.head).number).toBe(6)
  })

  it('picks an example from the list', async () => {
    const c = await open('#/new', transportWith())
    await waitFor(() => expect(byLabel<HTMLSelectElement>(c, 'Example').disabled).toBe(false))
    await typeInto(byLabel<HTMLSelectElement>(c, 'Example'), 'quad-grid')
    expect(editorText(c)).toBe(GRID.text)
    expect(window.location.hash).toBe('#/new?example=quad-grid')
    expect(byLabel(c, 'Program').value).toBe('quadratic.py')
  })

  it('says so when the example in the address does not exist', async () => {
    const c = await open('#/new?example=nope', transportWith())
    await waitFor(() => expect(c.querySelector('[role=alert]')?.textContent).toContain('There is no example named “nope”'))
  })

  it('opens a file from disk and refuses one that is not a sweep file', async () => {
    const c = await open('#/new', transportWith())
    const input = c.querySelector<HTMLInputElement>('input[type=file]')!
    expect(input.accept).toBe('.yaml,.yml,.json')
    const choose = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true })
      await click(buttonByText(c, 'Open file…'))
      await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })))
    }
    await choose(new File(['hello'], 'notes.txt', { type: 'text/plain' }))
    await waitFor(() => expect(c.querySelector('[role=alert]')?.textContent).toBe('notes.txt is not a sweep file: open a .yaml, .yml or .json file.'))
    expect(editorText(c)).toBe(TEMPLATE_TEXT)
    await choose(new File(['method: grid\ntrainer: noop\nparameters:\n  a: {value: 1}\n'], 'mine.yml'))
    await waitFor(() => expect(editorText(c)).toBe('method: grid\ntrainer: noop\nparameters:\n  a: {value: 1}\n'))
    expect(c.querySelector('.yaml-file-name')!.textContent).toBe('mine.yml')
  })

  it('replaces the form with a way to the error while the YAML does not parse', async () => {
    const c = await open('#/new', transportWith())
    await editYaml(c, 'embedding: {values: [32, 64]}', 'embedding: {values: [32, 64}')
    const box = c.querySelector('.form-unavailable')!
    expect(box.textContent).toContain('syntax error')
    await click(buttonByText(c, 'Go to line 11'))
    const v = editorView(c)
    expect(v.state.doc.lineAt(v.state.selection.main.head).number).toBe(11)
  })

  it('picks a dataset from the engine’s list and switches between a trainer and a program', async () => {
    const t = transportWith({
      listDatasets: () => [
        { name: 'spam', version: null, builtin: true, format: 'csv', rows: 5000, columns: ['text', 'label'], textColumn: 'text', labelColumn: 'label', bytes: 1, path: '/x', createdAt: null, description: null, license: null },
        { name: 'my-mails', version: 2, builtin: false, format: 'jsonl', rows: 90, columns: ['text', 'label'], textColumn: 'text', labelColumn: 'label', bytes: 1, path: '/y', createdAt: 1, description: null, license: null },
      ],
    })
    const c = await open('#/new', t)
    const dataset = byLabel<HTMLSelectElement>(c, 'Dataset')
    await waitFor(() => expect([...dataset.options].map((o) => o.textContent)).toEqual(['spam (built-in)', 'my-mails (v2)']))
    await typeInto(dataset, 'my-mails')
    expect(editorText(c)).toContain('\ndataset: my-mails\n')
    await click(c.querySelector<HTMLInputElement>('input[type=radio]:not(:checked)')!)
    expect(editorText(c)).not.toContain('trainer:')
    expect(editorText(c)).toContain('program: train.py\n')
    expect(c.querySelector('.spec-form')!.textContent).toContain('Only built-in trainers read dataset: your program does not get them')
    await typeInto(byLabel<HTMLTextAreaElement>(c, 'Command'), 'python3\n${program}\n${args}')
    expect(editorText(c)).toContain('command:\n  - python3\n  - ${program}\n  - ${args}\n')
  })

  it('keeps the draft when leaving the screen and coming back', async () => {
    const c = await open('#/new', transportWith())
    await typeInto(byLabel(c, 'Name'), 'kept')
    view!.unmount()
    const again = await open('#/new', transportWith())
    expect(editorText(again)).toContain('name: kept')
  })
})
