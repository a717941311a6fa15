// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { act, useState } from 'react'
import { createFakeTransport } from '../../testing/fake-transport.ts'
import { waitFor, type Rendered } from '../../testing/render.tsx'
import { mountWithApi } from '../export/mount-with-api.tsx'
import { readWarmStartRefs, setWarmStartRefs } from './warm-start-edit.ts'
import { WarmStartPicker } from './warm-start-picker.tsx'

const SPEC = `# tuned by hand
method: bayes
metric: {name: loss, goal: minimize}
bayes: {startup_trials: 5}
parameters:
  x: {min: 0.0, max: 1.0}
`

describe('bayes.warm_start edits', () => {
  it('writes the ids as a flow list beside the other bayes options, and removes the key when emptied', () => {
    const added = setWarmStartRefs(SPEC, [3, 7])
    expect(added.ok && added.text).toContain('bayes: {startup_trials: 5, warm_start: {sweeps: [3, 7]}}')
    expect(added.ok && added.text.startsWith('# tuned by hand\n')).toBe(true)
    expect(readWarmStartRefs(added.ok ? added.text : '')).toEqual([3, 7])
    const removed = setWarmStartRefs(added.ok ? added.text : '', [])
    expect(removed.ok && readWarmStartRefs(removed.text)).toEqual([])
    expect(removed.ok && removed.text).toContain('bayes: {startup_trials: 5}')
    const bare = setWarmStartRefs('method: bayes\nparameters: {}\n', [2])
    expect(bare.ok && readWarmStartRefs(bare.text)).toEqual([2])
    const gone = setWarmStartRefs(bare.ok ? bare.text : '', [])
    expect(gone.ok && gone.text).toBe('method: bayes\nparameters: {}\n')
    expect(setWarmStartRefs('method: [', [1]).ok).toBe(false)
  })
})

let view: Rendered | undefined
afterEach(() => view?.unmount())

function Harness({ initial }: { initial: string }) {
  const [text, setText] = useState(initial)
  return (
    <>
      <WarmStartPicker text={text} fileName="s.yaml" onText={setText} />
      <pre data-testid="yaml">{text}</pre>
    </>
  )
}

describe('WarmStartPicker', () => {
  it('lists the compatible sweeps and writes the ticked one into the YAML', async () => {
    const transport = createFakeTransport({
      getWarmStartCandidates: () => ({
        unavailable: null,
        candidates: [
          { sweepId: 4, name: 'explore', status: 'completed', metricName: 'loss', metricGoal: 'minimize', compatible: true, reason: null, used: 12, dropped: 3 },
          { sweepId: 2, name: 'acc-sweep', status: 'completed', metricName: 'acc', metricGoal: 'maximize', compatible: false, reason: 'optimizes acc (maximize), not loss (minimize)', used: 0, dropped: 0 },
        ],
      }),
    })
    view = await mountWithApi(<Harness initial={SPEC} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.warm-start-picker li')).toHaveLength(1))
    expect(c.querySelector('.warm-start-picker li')!.textContent).toBe(' 4 explore 12 trials fit, 3 left out')
    await act(async () => c.querySelector<HTMLInputElement>('.warm-start-picker input')!.click())
    expect(readWarmStartRefs(c.querySelector('[data-testid=yaml]')!.textContent!)).toEqual([4])
    expect(c.querySelector<HTMLInputElement>('.warm-start-picker input')!.checked).toBe(true)
  })

  it('stays hidden when the spec cannot be warm-started (not bayes)', async () => {
    const transport = createFakeTransport({ getWarmStartCandidates: () => ({ unavailable: 'warm start needs method: bayes (this sweep is method: grid)', candidates: [] }) })
    view = await mountWithApi(<Harness initial="method: grid" />, transport)
    await waitFor(() => expect(transport.calls.some((x) => x.method === 'getWarmStartCandidates')).toBe(true))
    expect(view.container.querySelector('.warm-start-picker')).toBeNull()
  })
})
