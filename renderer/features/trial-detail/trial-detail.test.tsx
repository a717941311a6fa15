// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { act } from 'react'
import type { Artifact, LogLine, MetricSeries, SweepDetail } from '../../../shared/api/types.ts'
import { createFakeTransport, makeSweep, makeTrial, type FakeTransport } from '../../testing/fake-transport.ts'
import { waitFor, type Rendered } from '../../testing/render.tsx'
import { mountWithApi } from '../export/mount-with-api.tsx'
import { TrialDetail } from './trial-detail.tsx'

// Plotly does not draw in happy-dom; the stand-in records what each plot was given.
vi.mock('../../plots/plot.tsx', () => ({
  Plot: ({ data }: { data: Array<{ y?: unknown[] }> }) => <div className="plot-stub" data-traces={data.length} data-points={data[0]?.y?.length ?? 0} />,
}))

const sweep: SweepDetail = {
  ...makeSweep({ id: 1, name: 'spam-grid', metricName: 'val_loss', bestTrialId: 7, bestValue: 0.21 }),
  description: null, specText: '', specFile: null, spec: {}, seed: 1, workers: 2, failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
}
const trial = makeTrial({
  id: 7, sweepId: 1, index: 3, status: 'running', params: { lr: 0.01, optimizer: { name: 'adam', beta1: 0.9 }, layers: [64, 32] },
  finalValue: 0.25, bestValue: 0.21, startedAt: Date.now() - 65_000, endedAt: null, exitCode: null, backend: 'wasm',
  backendNote: 'tfjs-node not installed; wasm is the fastest available',
})
const series = (name: string, values: number[]): MetricSeries => ({
  trialId: 7, name, steps: values.map((_, i) => i + 1), values, wallTimes: values.map((_, i) => 1000 * i), totalPoints: values.length,
})
const line = (seq: number, text: string, stream: LogLine['stream'] = 'stdout'): LogLine => ({ trialId: 7, seq, stream, time: 1_700_000_000_000 + seq, line: text })
const artifacts: Artifact[] = [
  { id: 11, trialId: 7, kind: 'confusion-matrix', name: 'confusion_matrix.json', path: '/ws/trials/7/confusion_matrix.json', size: 80, createdAt: 1, deletedAt: null },
  { id: 12, trialId: 7, kind: 'weights', name: 'model', path: '/ws/trials/7/model', size: 123_456, createdAt: 1, deletedAt: null },
  { id: 13, trialId: 7, kind: 'file', name: 'notes.txt', path: '/ws/trials/7/notes.txt', size: 2_000_000, createdAt: 1, deletedAt: null },
]

function transportFor(over: Partial<Parameters<typeof createFakeTransport>[0]> = {}): FakeTransport {
  return createFakeTransport({
    getTrial: () => trial,
    getSweep: () => sweep,
    getTrials: () => [makeTrial({ id: 6, index: 2 }), trial, makeTrial({ id: 9, index: 4 })],
    getMetricNames: () => ['accuracy', 'loss', 'test_accuracy', 'val_loss'],
    getMetricSeries: ({ metric }) => (metric === 'accuracy' ? [] : [series(metric, metric === 'loss' ? [1, 0.5, 0.3] : metric === 'test_accuracy' ? [0.97] : [0.9, 0.4])]),
    getLogs: () => [line(0, 'epoch 1 loss=0.9'), line(1, 'epoch 2 loss=0.5'), line(2, 'warning: slow', 'stderr'), line(3, 'epoch 3 Loss=0.3')],
    getArtifacts: () => artifacts,
    readArtifact: ({ artifactId }) => {
      if (artifactId === 11) return { artifactId, content: JSON.stringify({ split: 'val', labels: ['ham', 'spam'], matrix: [[8, 2], [1, 4]] }), truncated: false, size: 80 }
      return { artifactId, content: 'first part of the notes', truncated: true, size: 2_000_000 }
    },
    getEnvironment: () => ({ version: '0.1.0', node: '24', platform: 'linux', dbPath: '/home/me/sweeps.db', cpuCores: 2, gpus: [], gpuDetection: 'none', backends: [] }),
    exportBest: ({ format, trialId }) => ({ content: `lr: 0.01 (${format}, trial ${trialId})\n`, trialId: trialId ?? 7 }),
    cancelTrial: () => ({ cancelled: true, requestedFrom: null }),
    ...over,
  })
}

async function typeInto(input: HTMLInputElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}
async function press(el: HTMLElement, key: string, shiftKey = false) {
  await act(async () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }))
  })
}
const count = (c: HTMLElement) => c.querySelector('.log-count')?.textContent

// happy-dom does no layout: give the log's scroll box the size CSS gives it, so the virtual list renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
const clientWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get(this: HTMLElement) { return this.classList.contains('log-scroll') ? 360 : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get(this: HTMLElement) { return this.classList.contains('log-scroll') ? 800 : 0 } })
})
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight)
  if (clientWidth) Object.defineProperty(HTMLElement.prototype, 'clientWidth', clientWidth)
})

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  window.location.hash = ''
})

describe('TrialDetail', () => {
  it('shows the header, the params flattened, backend and why, and links to the neighbours', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.params-table tbody tr')).toHaveLength(4))
    const rows = [...c.querySelectorAll('.params-table tbody tr')].map((r) => [...r.children].map((x) => x.textContent))
    expect(rows).toEqual([['lr', '0.01'], ['optimizer.name', 'adam'], ['optimizer.beta1', '0.9'], ['layers', '[64,32]']])
    expect(c.querySelector('h2')!.textContent).toBe('Trial #3')
    expect(c.querySelector('.trial-title .badge')!.textContent).toBe('running')
    await waitFor(() => expect(c.querySelector('.breadcrumb')!.textContent).toContain('spam-grid'))
    expect(c.querySelector('.trial-facts')!.textContent).toContain('0.25 (best 0.21)')
    expect(c.querySelector('.trial-facts')!.textContent).toContain('wasm')
    expect(c.querySelector('.backend-note')!.textContent).toContain('tfjs-node not installed')
    await waitFor(() => expect(c.querySelector('a[rel=prev]')?.getAttribute('href')).toBe('#/trials/6'))
    expect(c.querySelector('a[rel=next]')!.getAttribute('href')).toBe('#/trials/9')
    expect([...c.querySelectorAll('button')].some((b) => b.textContent === 'Cancel trial')).toBe(true)
  })

  it('says which repeat of which config a trial of a sweep with repeats is', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor({ getTrial: () => ({ ...trial, configIndex: 1, repeat: 2 }) }))
    await waitFor(() => expect(view!.container.querySelector('[data-testid="trial-repeat"]')?.textContent).toBe('3 of config 1'))
    view.unmount()
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    await waitFor(() => expect(view!.container.querySelector('h2')?.textContent).toBe('Trial #3'))
    expect(view.container.querySelector('[data-testid="trial-repeat"]')).toBeNull()
  })

  it('shows the Slurm job id, state and node of a trial that ran on a cluster', async () => {
    const onSlurm = { ...sweep, spec: { executor: { type: 'slurm', partition: 'gpu' } } }
    const transport = transportFor({
      getSweep: () => onSlurm,
      getSlurmJob: ({ trialId }) => ({ jobId: `812_${trialId}`, state: 'RUNNING', reason: null, node: 'gpu07', submittedAt: 1, updatedAt: 2 }),
    })
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.slurm-job dd')?.textContent).toBe('812_7 · RUNNING on gpu07'))
    expect(c.querySelector('.trial-facts')!.textContent).toContain('ExecutorSlurm (partition gpu)')
    expect(transport.calls.filter((x) => x.method === 'getSlurmJob')[0]!.args).toEqual({ trialId: 7 })
  })

  it('asks nothing of Slurm for a local trial', async () => {
    const transport = transportFor()
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.trial-facts')!.textContent).toContain('Executorlocal workers'))
    expect(c.querySelector('.slurm-job')).toBeNull()
    expect(transport.calls.some((x) => x.method === 'getSlurmJob')).toBe(false)
  })

  it('draws one curve per metric the trial reported, lists one-off values, and skips the others', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('[data-plot="trial-curve"]')).toHaveLength(2))
    const cards = [...c.querySelectorAll<HTMLElement>('[data-plot="trial-curve"]')]
    // The sweep metric leads; "accuracy" has no points for this trial.
    expect(cards.map((x) => x.dataset.metric)).toEqual(['val_loss', 'loss'])
    expect(cards.map((x) => x.querySelector<HTMLElement>('.plot-stub')!.dataset.points)).toEqual(['2', '3'])
    // A final score is a value, not a line.
    expect([...c.querySelectorAll('.single-values tbody tr')].map((r) => [...r.children].map((x) => x.textContent))).toEqual([['test_accuracy', '0.97', '1']])

    await act(async () => c.querySelector<HTMLInputElement>('.curve-controls input[type=checkbox]')!.click())
    expect(c.querySelectorAll('[data-plot="trial-curve"]')).toHaveLength(2)
  })

  it('counts search matches in the log and steps through them with Enter and Shift+Enter', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.log-line')).toHaveLength(4))
    const search = c.querySelector<HTMLInputElement>('input[aria-label="Search logs"]')!
    await typeInto(search, 'loss')
    expect(count(c)).toBe('1 of 3')
    expect([...c.querySelectorAll('mark.log-match')].map((m) => m.textContent)).toEqual(['loss', 'loss', 'Loss'])
    await press(search, 'Enter')
    expect(count(c)).toBe('2 of 3')
    expect(c.querySelector('mark.current')!.closest('.log-line')!.textContent).toContain('epoch 2')
    await press(search, 'Enter', true)
    await press(search, 'Enter', true)
    expect(count(c)).toBe('3 of 3')

    // Hiding stdout leaves no match; the stream counts stay.
    await act(async () => c.querySelector<HTMLInputElement>('.log-streams label[data-stream=stdout] input')!.click())
    expect(count(c)).toBe('No matches')
    expect(c.querySelectorAll('.log-line')).toHaveLength(1)
    expect(c.querySelector('.log-streams label[data-stream=stdout]')!.textContent).toContain('3')
  })

  it('appends live log-lines events to the open log', async () => {
    const transport = transportFor()
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.log-line')).toHaveLength(4))
    await typeInto(c.querySelector<HTMLInputElement>('input[aria-label="Search logs"]')!, 'loss')
    expect(count(c)).toBe('1 of 3')

    await act(async () => transport.emit({
      type: 'log-lines',
      payload: [{ ...line(-1, 'epoch 4 loss=0.2'), seq: -1 }, { trialId: 99, seq: -1, stream: 'stdout', time: 1, line: 'another trial loss' }],
    }))
    await waitFor(() => expect(c.querySelectorAll('.log-line')).toHaveLength(5))
    expect(c.querySelectorAll('.log-line')[4]!.textContent).toContain('epoch 4 loss=0.2')
    expect(count(c)).toBe('1 of 4')
    expect(transport.calls.filter((x) => x.method === 'getLogs')).toHaveLength(1)
  })

  it('renders the confusion matrix with per-class precision, recall and F1', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    const c = view.container
    await waitFor(() => expect(c.querySelector('.confusion-matrix')).not.toBeNull())
    const cells = [...c.querySelectorAll('.confusion-matrix tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
    expect(cells).toEqual([['8', '2'], ['1', '4']])
    const perClass = [...c.querySelectorAll('.class-metrics tbody tr')].map((r) => [...r.children].map((x) => x.textContent))
    expect(perClass).toEqual([
      ['ham', '0.889', '0.800', '0.842', '10'],
      ['spam', '0.667', '0.800', '0.727', '5'],
    ])
    expect(c.querySelector('.confusion-caption')!.textContent).toContain('accuracy 80.0%')
  })

  it('lists artifacts with the weights export command, and shows a text file on demand with a truncation notice', async () => {
    const transport = transportFor()
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.artifact-table tbody tr')).toHaveLength(3))
    await waitFor(() => expect(c.querySelector('.command-box code')!.textContent).toBe(
      "npx sweeplab export 1 --weights --trial 7 -o ./spam-grid-trial-3-model --db /home/me/sweeps.db",
    ))
    expect(transport.calls.some((x) => x.method === 'readArtifact' && (x.args as { artifactId: number }).artifactId === 13)).toBe(false)
    await act(async () => c.querySelector<HTMLButtonElement>('button[aria-label="View notes.txt"]')!.click())
    await waitFor(() => expect(c.querySelector('.artifact-text')?.textContent).toBe('first part of the notes'))
    expect(c.querySelector('.artifact-note')!.textContent).toContain('of 2.0 MB')
  })

  it('marks weights that the sweep\'s keep: deleted, without a path to copy or an export command', async () => {
    const deleted: Artifact[] = [
      { id: 12, trialId: 7, kind: 'weights', name: 'model', path: '/ws/trials/7/model', size: 123_456, createdAt: 1, deletedAt: 1_700_000_000_000 },
      { id: 13, trialId: 7, kind: 'file', name: 'notes.txt', path: '/ws/trials/7/notes.txt', size: 20, createdAt: 1, deletedAt: null },
    ]
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor({ getArtifacts: () => deleted }))
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.artifact-table tbody tr')).toHaveLength(2))
    const [model, notes] = [...c.querySelectorAll('.artifact-table tbody tr')]
    expect(model!.className).toBe('artifact-deleted')
    expect(model!.querySelector('.artifact-path')!.textContent).toBe("deleted by the sweep's keep: (not among the best checkpoints); the trial's metrics are kept")
    expect(model!.querySelector('button[aria-label="Copy the path of model"]')).toBeNull()
    expect(notes!.querySelector('button[aria-label="Copy the path of notes.txt"]')).not.toBeNull()
    expect(c.querySelector('.command-box')).toBeNull()
  })

  it('exports this trial\'s config, not the best one', async () => {
    const transport = transportFor()
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('[data-testid="export-output"]')?.textContent).toBe('lr: 0.01 (yaml, trial 7)\n'))
    expect(transport.calls.find((x) => x.method === 'exportBest')!.args).toEqual({ sweepId: 1, format: 'yaml', trialId: 7 })
  })

  it('cancels a running trial from its header', async () => {
    const transport = transportFor()
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.trial-title button')?.textContent).toBe('Cancel trial'))
    await act(async () => c.querySelector<HTMLButtonElement>('.trial-title button')!.click())
    await waitFor(() => expect(transport.calls.some((x) => x.method === 'cancelTrial')).toBe(true))
    expect(transport.calls.find((x) => x.method === 'cancelTrial')!.args).toEqual({ trialId: 7 })
  })

  it('shows why a failed trial failed, how it exited, and no Cancel', async () => {
    const failed = {
      ...trial, status: 'failed' as const, endedAt: trial.startedAt! + 5000, exitCode: 1, error: 'Traceback (most recent call last):\nValueError: lr must be positive',
      failureReason: 'nonzero_exit' as const, failureNote: 'exit code 1; last output: ValueError: lr must be positive',
    }
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor({ getTrial: () => failed }))
    const c = view.container
    await waitFor(() => expect(c.querySelector('.trial-error')).not.toBeNull())
    expect(c.querySelector('.trial-error')!.getAttribute('role')).toBe('alert')
    expect(c.querySelector('.trial-error')!.textContent).toContain('Trial failed: Traceback')
    expect(c.querySelector('.trial-facts')!.textContent).toContain('code 1')
    expect(c.querySelector('.trial-facts')!.textContent).toContain('5 s')
    expect(c.querySelector('.trial-failure dd')!.textContent).toBe('non-zero exit — exit code 1; last output: ValueError: lr must be positive')
    expect(c.querySelector('.trial-failure dd')!.getAttribute('data-reason')).toBe('nonzero_exit')
    expect([...c.querySelectorAll('button')].some((b) => b.textContent === 'Cancel trial')).toBe(false)
  })

  it('shows language-model samples with their prompts', async () => {
    const samples: Artifact = { id: 14, trialId: 7, kind: 'samples', name: 'samples.json', path: '/ws/trials/7/samples.json', size: 120, createdAt: 1, deletedAt: null }
    const transport = transportFor({
      getArtifacts: () => [samples],
      readArtifact: ({ artifactId }) => ({ artifactId, content: JSON.stringify({ temperature: 0.8, top_k: 40, samples: [{ prompt: 'Call me', text: ' Ishmael.' }] }), truncated: false, size: 120 }),
    })
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.sample')).not.toBeNull())
    expect(c.querySelector('.sample-prompt')!.textContent).toBe('Call me')
    expect(c.querySelector('.sample-text')!.textContent).toBe(' Ishmael.')
    expect(c.querySelector('.samples-caption')!.textContent).toBe('Sampled with temperature 0.8, top-k 40')
  })

  it('steps to the previous and next trial with [ and ]', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    await waitFor(() => expect(view!.container.querySelector('a[rel=next]')).not.toBeNull())
    await press(document.body, ']')
    expect(window.location.hash).toBe('#/trials/9')
    await press(document.body, '[')
    expect(window.location.hash).toBe('#/trials/6')
    // Typing in the log search must not navigate.
    window.location.hash = ''
    await press(view.container.querySelector<HTMLInputElement>('input[aria-label="Search logs"]')!, ']')
    expect(window.location.hash).toBe('')
  })

  it('stops following the end of a running log when the user scrolls up', async () => {
    view = await mountWithApi(<TrialDetail trialId={7} />, transportFor())
    const c = view.container
    await waitFor(() => expect(c.querySelector('.log-follow input')).not.toBeNull())
    const follow = c.querySelector<HTMLInputElement>('.log-follow input')!
    expect(follow.checked).toBe(true)
    await act(async () => c.querySelector('.log-scroll')!.dispatchEvent(new WheelEvent('wheel', { deltaY: -120, bubbles: true })))
    expect(follow.checked).toBe(false)
  })

  it('says so when the trial does not exist', async () => {
    const transport = transportFor({ getTrial: () => { throw new Error('no trial with id 7') } })
    view = await mountWithApi(<TrialDetail trialId={7} />, transport)
    await waitFor(() => expect(view!.container.querySelector('[role=alert]')?.textContent).toContain('no trial with id 7'))
  })
})
