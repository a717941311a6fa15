import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../electron/engine/engine.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'
import { createChromiumHost, DEFAULT_CHROMIUM, type ChromiumHost } from '../../electron/engine/workers/browser/chromium-host.ts'
import { browserWorkerCount } from '../../electron/cli/engine-session.ts'
import { createWorkspace, type Workspace } from './helpers.ts'

/**
 * The browser GPU worker end to end: real engine, real worker processes, and a headless Chromium
 * whose page trains with TF.js. No GPU here, so WebGL and WebGPU run on SwiftShader (slow): the
 * workloads are iris-sized.
 */
const CHROMIUM = process.env.SWEEPLAB_CHROMIUM ?? DEFAULT_CHROMIUM
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`browser-worker.test.ts: skipped, ${CHROMIUM} is missing (CI installs the chromium package; SWEEPLAB_CHROMIUM names another binary)`)

async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const sweepText = (lines: string[]) => ({ text: ['method: grid', 'trainer: tabular', 'dataset: iris', 'seed: 7', 'metric: {name: val_accuracy, goal: maximize}', ...lines].join('\n') })
/** Endless enough to still be training when the test acts on it (iris is ~100 training rows). */
const LONG = ['parameters:', '  backend: {value: webgl}', '  epochs: {value: 5000}', '  batch_size: {value: 8}', '  hidden: {value: [8]}']

describe.skipIf(!hasChromium)('browser GPU worker (headless Chromium, WebGL on SwiftShader)', () => {
  let host: ChromiumHost
  let ws: Workspace
  let engine: Engine

  beforeAll(async () => {
    host = await createChromiumHost()
  }, 120_000)
  afterAll(async () => {
    await host?.close()
  })
  const open = () => {
    ws = createWorkspace()
    engine = createEngine({ dbPath: ws.dbPath, maxWorkers: 2, browserHost: host, browserWorkers: 1, shutdownGraceMs: 2_000 })
    return engine
  }
  afterEach(async () => {
    await engine?.shutdown({ graceMs: 1_000 })
    await ws?.cleanup()
  })

  it('trains a webgl-pinned iris grid in the page: metrics stored, renderer on the record, loss falls, tensors flat', async () => {
    open()
    const { sweepId } = await engine.createSweep(sweepText([
      'save: last',
      'parameters:', '  backend: {value: webgl}', '  learning_rate: {values: [0.01, 0.03]}', '  epochs: {value: 6}', '  batch_size: {value: 16}', '  hidden: {value: [16]}',
    ]))
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed'])
    for (const t of trials) {
      expect(t.backend).toBe('webgl')
      expect(t.backendNote).toMatch(/^pinned: webgl \(ANGLE .*SwiftShader/)
      const [loss] = await engine.getMetricSeries({ trialIds: [t.id], metric: 'loss' })
      expect(loss!.values.length).toBeGreaterThan(6)
      expect(loss!.values.at(-1)!).toBeLessThan(loss!.values[0]!)
      expect(t.finalValue).toBeGreaterThan(0.5)
      const logs = (await engine.getLogs({ trialId: t.id })).map((l) => l.line)
      expect(logs.some((l) => /^dataset iris \(tabular-classification\)/.test(l))).toBe(true)
      const tensors = logs.find((l) => l.startsWith('live tensors in the page after each epoch: '))
      const counts = tensors!.split(': ')[1]!.split(', ').map(Number)
      expect(counts).toHaveLength(6)
      expect(new Set(counts).size).toBe(1)
      const artifacts = await engine.getArtifacts({ trialId: t.id })
      expect(artifacts.map((a) => [a.kind, a.name])).toEqual(expect.arrayContaining([['confusion-matrix', 'confusion_matrix.json'], ['weights', 'model']]))
    }
    // One slot counts as one GPU: with two CPU slots free, the trials still ran one after the other, in the same page.
    const [a, b] = [...trials].sort((x, y) => x.startedAt! - y.startedAt!)
    expect(b!.startedAt!).toBeGreaterThanOrEqual(a!.endedAt!)
    expect(host.pages.size).toBe(1)
  }, 180_000)

  it('gives a GPU trial with no CUDA GPU to the page, which says why it did not pick WebGPU or WebGL', async () => {
    open()
    const { sweepId } = await engine.createSweep(sweepText(['resources: {gpu: 1}', 'parameters:', '  epochs: {value: 3}', '  hidden: {value: [8]}']))
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const [t] = await engine.getTrials({ sweepId })
    // On SwiftShader both GPU backends are software; auto takes wasm in the page and says so.
    expect(t!.backend).toBe('wasm')
    // (A Chromium without WebGPU says that instead of naming a fallback adapter.)
    expect(t!.backendNote).toMatch(/^wasm in the page .*not used: webgpu: (adapter .* is a fallback \(SwiftShader\), no real GPU|no WebGPU adapter.*|navigator\.gpu is missing.*); webgl: renderer .*SwiftShader.* is software, no real GPU/)
  }, 120_000)

  it('trains a text classifier in the page on data the worker process tokenized, and stores its confusion matrix and weights', async () => {
    open()
    const { sweepId } = await engine.createSweep({
      text: [
        'method: grid', 'trainer: text-classifier', 'seed: 5', 'save: last', 'resources: {gpu: 1}',
        'dataset: {name: spam, tokenizer: {type: word, vocab_size: 2000}}',
        'metric: {name: val_accuracy, goal: maximize}',
        'parameters:', '  learning_rate: {value: 0.003}', '  epochs: {value: 2}',
      ].join('\n'),
    })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.backendNote).toMatch(/in the page/)
    expect(t!.finalValue).toBeGreaterThan(0.85)
    const artifacts = await engine.getArtifacts({ trialId: t!.id })
    expect(artifacts.map((a) => [a.kind, a.name])).toEqual(expect.arrayContaining([['confusion-matrix', 'confusion_matrix.json'], ['weights', 'model']]))
    const names = await engine.getMetricNames({ sweepId })
    expect(names).toEqual(expect.arrayContaining(['val_f1', 'test_accuracy']))
  }, 120_000)

  it('cancel stops a trial in the page between steps, and the page trains the next trial', async () => {
    open()
    const { sweepId } = await engine.createSweep(sweepText(LONG))
    const [t] = await until(async () => {
      const ts = await engine.getTrials({ sweepId })
      return ts[0] && (await engine.getMetricNames({ sweepId })).includes('loss') ? ts : null
    }, 90_000, 'the page to report its first points')
    await engine.cancelTrial({ trialId: t!.id })
    await engine.waitForSweep(sweepId)
    const after = await engine.getTrial({ trialId: t!.id })
    expect(after.status).toBe('cancelled')
    // Stopped by the page itself between steps: a worker the kill backstop had to end says so in `error`.
    expect(after.error).toBeNull()
    expect(after.backend).toBe('webgl')
    const again = await engine.createSweep(sweepText(['parameters:', '  backend: {value: webgl}', '  epochs: {value: 1}']))
    expect((await engine.waitForSweep(again.sweepId)).status).toBe('completed')
  }, 180_000)

  it('a timeout stops a trial in the page', async () => {
    open()
    const { sweepId } = await engine.createSweep(sweepText(['timeout: 4s', ...LONG]))
    await engine.waitForSweep(sweepId)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('timeout')
    expect(t!.error).toBe('stopped after exceeding its timeout')
  }, 120_000)

  it('a page that crashes fails its trial as crashed, and the slot trains the next trial on a new page', async () => {
    open()
    const { sweepId } = await engine.createSweep(sweepText(LONG))
    await until(async () => (await engine.getMetricNames({ sweepId })).includes('loss'), 90_000, 'the page to report its first points')
    const [page] = [...host.pages]
    await page!.crash()
    await engine.waitForSweep(sweepId)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('crashed')
    expect(t!.error).toMatch(/^the browser page training the trial crashed \(the renderer process died\)/)
    const again = await engine.createSweep(sweepText(['parameters:', '  backend: {value: webgl}', '  epochs: {value: 1}']))
    expect((await engine.waitForSweep(again.sweepId)).status).toBe('completed')
    expect([...host.pages]).not.toContain(page)
  }, 180_000)
})

describe('browser GPU worker backends without a browser GPU worker', () => {
  let ws: Workspace
  afterEach(async () => {
    await ws.cleanup()
  })

  it('fails a trial pinned to webgl with the reason and the flag that enables it', async () => {
    ws = createWorkspace()
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep(sweepText(['parameters:', '  backend: {value: webgl}', '  epochs: {value: 1}']))
    expect((await engine.waitForSweep(sweepId)).status).toBe('failed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.error).toMatch(/backend "webgl" was pinned but cannot load: webgl runs only in a browser GPU worker \(start the engine with browser GPU workers: `sweeplab --browser-gpu-workers 1 …`/)
  }, 60_000)
})

describe('sweeplab --browser-gpu-workers', () => {
  it('takes a page count from 1 to 16 and refuses anything else as bad usage', () => {
    expect(browserWorkerCount(undefined)).toBe(0)
    expect(browserWorkerCount('1')).toBe(1)
    expect(browserWorkerCount('16')).toBe(16)
    for (const bad of ['0', '17', '1.5', 'doctor', '']) {
      expect(() => browserWorkerCount(bad)).toThrow(expect.objectContaining({ code: 'usage', message: `--browser-gpu-workers takes a count from 1 to 16, got "${bad}"` }))
    }
  })
})
