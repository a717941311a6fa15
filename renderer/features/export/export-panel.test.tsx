// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act } from 'react'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { createFakeTransport, makeSweep, makeTrial } from '../../testing/fake-transport.ts'
import { waitFor, type Rendered } from '../../testing/render.tsx'
import { ExportPanel } from './export-panel.tsx'
import { mountWithApi } from './mount-with-api.tsx'

const sweep: SweepDetail = { ...makeSweep({ id: 1, name: 'spam-grid', bestTrialId: 2 }), description: null, specText: '', specFile: null, spec: {}, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0 }
const trials = [makeTrial({ id: 2, index: 1 }), makeTrial({ id: 3, index: 2 }), makeTrial({ id: 5, index: 4 })]

function handlers(over: Partial<Parameters<typeof createFakeTransport>[0]> = {}) {
  return createFakeTransport({
    getSweep: () => sweep,
    getTrials: () => trials,
    exportBest: ({ format, trialId }) => ({ content: `config of ${trialId ?? 'best'} as ${format}\n`, trialId: trialId ?? 2 }),
    exportTrials: ({ format, trialIds }) => ({ content: `trials ${trialIds?.join('+') ?? 'all'} as ${format}\r\n` }),
    ...over,
  })
}

const output = (c: HTMLElement) => c.querySelector('[data-testid="export-output"]')?.textContent
const button = (c: HTMLElement, name: string) => [...c.querySelectorAll('button')].find((b) => b.textContent === name)!
async function choose(select: HTMLSelectElement, value: string) {
  await act(async () => {
    select.value = value
    select.dispatchEvent(new Event('change', { bubbles: true }))
  })
}
async function click(el: HTMLElement) {
  await act(async () => el.click())
}

let view: Rendered | undefined
let writeText: ReturnType<typeof vi.fn>
beforeEach(() => {
  writeText = vi.fn(async () => {})
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})
afterEach(() => {
  view?.unmount()
  vi.restoreAllMocks()
})

describe('ExportPanel', () => {
  it('asks the engine for the chosen format and shows exactly its text', async () => {
    const transport = handlers()
    view = await mountWithApi(<ExportPanel sweepId={1} />, transport)
    const c = view.container
    await waitFor(() => expect(output(c)).toBe('config of best as yaml\n'))

    await choose(c.querySelector<HTMLSelectElement>('select[aria-label="Export format"]')!, 'args')
    await waitFor(() => expect(output(c)).toBe('config of best as args\n'))
    expect(transport.calls.filter((x) => x.method === 'exportBest').map((x) => x.args)).toEqual([
      { sweepId: 1, format: 'yaml' },
      { sweepId: 1, format: 'args' },
    ])
    expect(c.textContent).toContain('sweeplab export 1 --best --format args')
  })

  it('exports one of the selected trials\' config when picked', async () => {
    const transport = handlers()
    view = await mountWithApi(<ExportPanel sweepId={1} selectedTrialIds={[3, 5]} />, transport)
    const c = view.container
    await waitFor(() => expect(output(c)).toBe('config of best as yaml\n'))
    const picker = c.querySelector<HTMLSelectElement>('select[aria-label="Trial to export"]')!
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Best trial', 'Trial #2 (id 3)', 'Trial #4 (id 5)'])
    await choose(picker, '5')
    await waitFor(() => expect(output(c)).toBe('config of 5 as yaml\n'))
    expect(transport.calls.at(-1)).toEqual({ method: 'exportBest', args: { sweepId: 1, format: 'yaml', trialId: 5 } })
  })

  it('exports the selected trials with their ids, or all of them', async () => {
    const transport = handlers()
    view = await mountWithApi(<ExportPanel sweepId={1} selectedTrialIds={[3, 5]} />, transport)
    const c = view.container
    await click(c.querySelector<HTMLInputElement>('input[type=radio][value=trials]')!)
    await waitFor(() => expect(output(c)).toBe('trials 3+5 as csv\r\n'))
    expect(c.textContent).toContain('2 selected')

    await choose(c.querySelector<HTMLSelectElement>('select[aria-label="Export format"]')!, 'json')
    await waitFor(() => expect(output(c)).toBe('trials 3+5 as json\r\n'))
    const all = [...c.querySelectorAll<HTMLInputElement>('[aria-label="Which trials"] input')][1]!
    await click(all)
    await waitFor(() => expect(output(c)).toBe('trials all as json\r\n'))
    expect(transport.calls.filter((x) => x.method === 'exportTrials').map((x) => x.args)).toEqual([
      { sweepId: 1, format: 'csv', trialIds: [3, 5] },
      { sweepId: 1, format: 'json', trialIds: [3, 5] },
      { sweepId: 1, format: 'json' },
    ])
  })

  it('exports the sweep file for W&B: the refusal lists the keys, "Leave out" writes the file without them', async () => {
    const transport = handlers({
      exportWandb: ({ dropUnsupported }) => {
        if (!dropUnsupported) throw new SweeplabError('export/unsupported', 'W&B cannot hold this key of sweep 1:\n  derived (line 9): derived values')
        return { content: '# W&B sweep file\nmethod: grid\n', dropped: ['derived (line 9): derived values'], omitted: ['workers'] }
      },
    })
    view = await mountWithApi(<ExportPanel sweepId={1} />, transport)
    const c = view.container
    await click(c.querySelector<HTMLInputElement>('input[type=radio][value=wandb]')!)
    await waitFor(() => expect(c.querySelector('.export-error')?.textContent).toContain('derived (line 9): derived values'))
    await click(c.querySelector<HTMLInputElement>('input[type=checkbox]')!)
    await waitFor(() => expect(output(c)).toBe('# W&B sweep file\nmethod: grid\n'))
    expect(c.querySelector('[data-testid="wandb-dropped"]')?.textContent).toContain('derived (line 9): derived values')
    expect(c.textContent).toContain('sweeplab export 1 --format wandb --drop-unsupported')
    expect(c.textContent).toContain("Sweeplab's own run settings: workers")
    expect(transport.calls.filter((x) => x.method === 'exportWandb').map((x) => x.args)).toEqual([
      { sweepId: 1, dropUnsupported: false },
      { sweepId: 1, dropUnsupported: true },
    ])
  })

  it('copies exactly the exported text and says so', async () => {
    const content = '# Best config of sweep "spam-grid" (id 1)\nlr: 0.1\nmsg: "it\'s"\n'
    view = await mountWithApi(<ExportPanel sweepId={1} />, handlers({ exportBest: () => ({ content, trialId: 2 }) }))
    const c = view.container
    await waitFor(() => expect(output(c)).toBe(content))
    await click(button(c, 'Copy'))
    await waitFor(() => expect(c.querySelector('.copy-confirm')?.textContent).toBe('Copied'))
    expect(writeText).toHaveBeenCalledWith(content)
  })

  it('falls back to a text selection copy when the clipboard API refuses, and reports a total failure', async () => {
    writeText.mockRejectedValue(new Error('Write permission denied.'))
    const exec = vi.fn(() => true)
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true })
    view = await mountWithApi(<ExportPanel sweepId={1} />, handlers())
    const c = view.container
    await waitFor(() => expect(output(c)).toBeTruthy())
    await click(button(c, 'Copy'))
    await waitFor(() => expect(c.querySelector('.copy-confirm')?.textContent).toBe('Copied'))
    expect(exec).toHaveBeenCalledWith('copy')

    exec.mockReturnValue(false)
    await click(button(c, 'Copy'))
    await waitFor(() => expect(c.querySelector('[role=alert]')?.textContent).toMatch(/Copy failed: .*Write permission denied/))
  })

  it('saves the text as a file named after the sweep', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob)
      return 'blob:export'
    })
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })
    view = await mountWithApi(<ExportPanel sweepId={1} />, handlers())
    const c = view.container
    await waitFor(() => expect(output(c)).toBe('config of best as yaml\n'))
    await click(button(c, 'Save…'))
    expect(clicked.map((a) => a.download)).toEqual(['spam-grid-best.yaml'])
    expect(await blobs[0]!.text()).toBe('config of best as yaml\n')
  })

  it('reads the best config again when the sweep\'s best trial changes', async () => {
    let best = 2
    const transport = handlers({ exportBest: ({ format }) => ({ content: `config of ${best} as ${format}\n`, trialId: best }) })
    view = await mountWithApi(<ExportPanel sweepId={1} />, transport)
    const c = view.container
    await waitFor(() => expect(output(c)).toBe('config of 2 as yaml\n'))
    best = 5
    await act(async () => transport.emit({ type: 'sweep-updated', payload: { sweep: makeSweep({ id: 1, name: 'spam-grid', bestTrialId: 5, bestValue: 0.1 }) } }))
    await waitFor(() => expect(output(c)).toBe('config of 5 as yaml\n'))
    expect(transport.calls.filter((x) => x.method === 'exportBest')).toHaveLength(2)
  })

  it('shows the engine\'s error inside the panel', async () => {
    const transport = handlers({ exportBest: () => { throw new Error('sweep 1 has no completed trial with a value for val_loss yet') } })
    view = await mountWithApi(<ExportPanel sweepId={1} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.export-panel [role=alert]')?.textContent).toContain('no completed trial with a value for val_loss yet'))
    expect(output(c)).toBeUndefined()
  })
})
