// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import type { SweepDetail } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { mountWithApi } from '../export/mount-with-api.tsx'
import { SweepHeader } from '../sweep-detail/sweep-header.tsx'
import { click, typeInto } from '../new-sweep/dom-test-helpers.ts'
import { createFakeTransport, makeSweep, makeTrial, type FakeTransport } from '../../testing/fake-transport.ts'
import { waitFor, type Rendered } from '../../testing/render.tsx'
import { RerunTrialForm } from './rerun-trial-form.tsx'
import { VersionsPanel } from './versions-panel.tsx'
import { readKey, writeKey } from './spec-keys.ts'

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  view = undefined
})

const SPEC = '# tuned by hand\nmethod: grid\nprogram: train.py\nrun_cap: 20\nparameters:\n  x: {values: [1, 2]}\n'
const sweep = (over: Partial<SweepDetail> = {}): SweepDetail => ({
  ...makeSweep({ id: 3, name: 'quad', status: 'running', bestTrialId: 2 }),
  description: null, specText: SPEC, specFile: '/w/sweep.yaml', spec: {}, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0, ...over,
})

/** A dry run that reports run_cap changes the way the engine does, and refuses a method change. */
function fakeUpdate(args: { sweepId: number; text?: string; dryRun?: boolean }) {
  const text = args.text ?? SPEC
  if (!text.includes('method: grid')) throw new SweeplabError('sweep/edit-refused', 'method: cannot change from grid to random')
  const cap = /run_cap: (\d+)/.exec(text)?.[1]
  const changes = cap && cap !== '20' ? [`run_cap: 20 → ${cap}`] : []
  return { version: 2, dryRun: args.dryRun === true, total: Number(cap ?? 2), remaining: Number(cap ?? 2) - 1, changes, text, requestedFrom: null }
}

async function mount(ui: React.ReactNode, over: Parameters<typeof createFakeTransport>[0] = {}): Promise<{ c: HTMLElement; t: FakeTransport }> {
  const t = createFakeTransport({ updateSweep: fakeUpdate, ...over })
  view = await mountWithApi(ui, t)
  return { c: view.container, t }
}

const button = (root: ParentNode, text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text)
const calls = (t: FakeTransport, method: string) => t.calls.filter((x) => x.method === method).map((x) => x.args)

describe('steering a sweep from the app', () => {
  it('edits run_cap in the dialog: the field rewrites the YAML, the engine checks it live, Save stores the version', async () => {
    const { c, t } = await mount(<SweepHeader sweep={sweep()} />)
    await click(button(c, 'Edit sweep…')!)
    const dialog = c.querySelector('dialog')!
    expect(dialog.open).toBe(true)
    const runCap = dialog.querySelector<HTMLInputElement>('input[name=run_cap]')!
    expect(runCap.value).toBe('20')
    await waitFor(() => expect(dialog.querySelector('.edit-sweep-preview')!.textContent).toBe('No changes yet.'))
    expect(button(dialog, 'Save version 2')!.disabled).toBe(true)

    await typeInto(runCap, '40')
    await waitFor(() => expect(dialog.querySelector('.edit-sweep-preview')!.textContent).toBe('39 trials left to sample of 40 in allrun_cap: 20 → 40'))
    const dry = calls(t, 'updateSweep').at(-1) as { text: string; dryRun: boolean }
    expect(dry.dryRun).toBe(true)
    // Comments and the other keys survive the field edit.
    expect(dry.text).toBe(SPEC.replace('run_cap: 20', 'run_cap: 40'))

    await typeInto(dialog.querySelector<HTMLInputElement>('.edit-sweep-note input')!, 'more trials')
    await click(button(dialog, 'Save version 2')!)
    await waitFor(() => expect(c.querySelector('dialog')).toBeNull())
    expect(calls(t, 'updateSweep').at(-1)).toEqual({ sweepId: 3, text: SPEC.replace('run_cap: 20', 'run_cap: 40'), note: 'more trials' })
    expect(c.querySelector('[role=status]')!.textContent).toBe('Saved config version 2; new trials sample from it.')
  })

  it('shows why an edit is refused and keeps Save off', async () => {
    const { c } = await mount(<SweepHeader sweep={sweep({ specText: 'method: random\nprogram: train.py\n' })} />)
    await click(button(c, 'Edit sweep…')!)
    const dialog = c.querySelector('dialog')!
    await waitFor(() => expect(dialog.querySelector('.edit-sweep-preview [role=alert]')!.textContent).toBe('method: cannot change from grid to random'))
    expect(button(dialog, 'Save version 2')!.disabled).toBe(true)
    await click(button(dialog, 'Cancel')!)
    expect(c.querySelector('dialog')).toBeNull()
  })

  it('pauses a running sweep, and offers Resume for a paused one', async () => {
    const { c, t } = await mount(<SweepHeader sweep={sweep()} />, { pauseSweep: () => ({ status: 'paused', requestedFrom: 99 }), getSweep: () => sweep({ status: 'paused' }) })
    await click(button(c, 'Pause')!)
    await waitFor(() => expect(c.textContent).toContain('Asked process 99, which runs this sweep, to pause it.'))
    expect(calls(t, 'pauseSweep')).toEqual([{ sweepId: 3 }])
    view!.unmount()
    const paused = await mount(<SweepHeader sweep={sweep({ status: 'paused' })} />, { resumeSweep: () => ({ requeued: 0, requestedFrom: null }) })
    expect([...paused.c.querySelectorAll('.sweep-title-row button')].map((b) => b.textContent)).toEqual(['Stop sweep', 'Resume sweep'])
    await click(button(paused.c, 'Resume sweep')!)
    expect(calls(paused.t, 'resumeSweep')).toEqual([{ sweepId: 3 }])
  })

  it('reruns the best k configs with n seeds', async () => {
    const { c, t } = await mount(<SweepHeader sweep={sweep({ status: 'completed' })} />, { rerunBest: ({ top, seeds }) => ({ trialIds: Array.from({ length: top * seeds }, (_, i) => 40 + i), state: 'running', requestedFrom: null }) })
    await typeInto(c.querySelector<HTMLInputElement>('input[aria-label="Best configs"]')!, '2')
    await typeInto(c.querySelector<HTMLInputElement>('input[aria-label="Seeds each"]')!, '4')
    await click(button(c, 'Rerun')!)
    await waitFor(() => expect(c.querySelector('.rerun-best-form [role=status]')!.textContent).toBe('8 reruns queued; running now.'))
    expect(calls(t, 'rerunBest')).toEqual([{ sweepId: 3, top: 2, seeds: 4 }])
  })

  it('reruns a trial with an edited param read as YAML, and links the new trial', async () => {
    const trial = makeTrial({ id: 5, sweepId: 3, params: { lr: 0.1, model: { act: 'relu' } }, seed: 7 })
    const { c, t } = await mount(<RerunTrialForm trial={trial} />, { rerunTrial: () => ({ trialIds: [12], state: 'requested', requestedFrom: 4242 }) })
    expect([...c.querySelectorAll('label > span')].map((s) => s.textContent)).toEqual(['lr', 'model.act', 'seed'])
    await typeInto(c.querySelector<HTMLInputElement>('input[name=lr]')!, '0.5')
    expect(c.textContent).toContain('Changed: lr.')
    await click(button(c, 'Rerun')!)
    await waitFor(() => expect(c.querySelector('[role=status]')!.textContent).toBe('1 rerun queued; process 4242 runs this sweep and starts them. trial 12'))
    expect(calls(t, 'rerunTrial')).toEqual([{ trialId: 5, params: { lr: 0.5 } }])
    expect(c.querySelector('[role=status] a')!.getAttribute('href')).toBe('#/trials/12')
  })

  it('lists the config versions with their trials and shows one as YAML', async () => {
    const versions = [
      { version: 1, createdAt: Date.now() - 60_000, note: null, specText: SPEC, trials: 4, current: false },
      { version: 2, createdAt: Date.now(), note: 'wider', specText: `${SPEC}# v2\n`, trials: 1, current: true },
    ]
    const { c } = await mount(<VersionsPanel sweep={sweep({ configVersion: 2 })} />, { getSweepVersions: () => versions })
    await waitFor(() => expect(c.querySelectorAll('tbody tr')).toHaveLength(2))
    expect([...c.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent).filter((_, i) => i !== 1))).toEqual([
      ['v1', '4', 'the sweep file'], ['v2 (current)', '1', 'wider'],
    ])
    await click(c.querySelectorAll<HTMLButtonElement>('tbody button')[1]!)
    expect(c.querySelector('pre')!.textContent).toBe(`${SPEC}# v2\n`)
  })
})

describe('dialog fields over the YAML', () => {
  it('reads and writes top-level keys, keeping comments; an empty field removes the key', () => {
    expect(readKey(SPEC, 'run_cap')).toBe('20')
    expect(readKey(SPEC, 'workers')).toBe('')
    expect(writeKey(SPEC, 'max_duration', '2h')).toBe(`${SPEC}max_duration: 2h\n`)
    expect(writeKey(SPEC, 'run_cap', '')).toBe(SPEC.replace('run_cap: 20\n', ''))
    expect(writeKey('method: [', 'run_cap', '3')).toBe('method: [')
  })
})
