import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { nodeTrainerPlatform } from '../node-platform.ts'
import type { BuiltinJob } from '../protocol.ts'
import type { TrainerContext } from '../trainers.ts'
import { bytesToBase64, unpackValue } from './pack.ts'
import { createPageLink, type PageLink } from './page-link.ts'
import type { FromPage, PageRunMessage, ToPage } from './page-protocol.ts'
import { createPageTrainer } from './page-trainer.ts'

/**
 * The worker process's side of a browser trial against a scripted page: what the page is sent,
 * and what happens to what it says back (records, logs, files, its end, its crash).
 */
const root = mkdtempSync(join(tmpdir(), 'sweeplab-page-trainer-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const resourcesDir = fileURLToPath(new URL('../../../../resources/datasets', import.meta.url))
const job: BuiltinJob = { dataset: 'iris', backend: 'auto', save: 'none', workspaceDir: join(root, 'ws'), resourcesDir, baseDir: root }
let n = 0

/** A page that answers each `run` with `script(run, reply)`. */
function scriptedPage(script: (run: PageRunMessage, reply: (m: FromPage) => void, link: { gone(why: string): void }) => void) {
  const sent: ToPage[] = []
  const link = createPageLink((msg) => {
    sent.push(msg)
    if (msg.type === 'run') queueMicrotask(() => script(msg, link.deliver, link))
  })
  return { link: link.link as PageLink, sent }
}

function context() {
  const dir = join(root, `trial-${++n}`)
  const records: Array<Record<string, unknown>> = []
  const logs: string[] = []
  const controller = new AbortController()
  const ctx: TrainerContext = {
    params: { epochs: 2, backend: 'webgl' },
    seed: 4,
    ...nodeTrainerPlatform(dir),
    // As the worker's own report does (builtin-trial.ts): a record the metric parser refuses throws.
    report: (r) => {
      if (typeof r.step === 'number' && r.step < 0) throw new Error('trainer reported a bad metric record: "step" must be a non-negative integer, got -1')
      records.push(r)
    },
    log: (_s, line) => void logs.push(line),
    signal: controller.signal,
  }
  return { ctx, dir, records, logs, controller }
}

const finished = (trialId: number, over: Partial<Extract<FromPage, { type: 'finished' }>> = {}): FromPage => ({
  type: 'finished', trialId, ok: true, backend: 'webgl', backendNote: 'pinned: webgl (ANGLE)', error: null, tensorsAfterEpoch: [9, 9], ...over,
})

describe('page trainer (the worker side of a browser trial)', () => {
  it('sends the prepared dataset and params, then records what the page reports and writes its files', async () => {
    const page = scriptedPage((run, reply) => {
      reply({ type: 'log', trialId: run.trialId, rows: [['stdout', 1, 'backend: pinned: webgl']] })
      reply({ type: 'report', trialId: run.trialId, records: [{ step: 1, loss: 1.2 }, { step: 2, loss: 0.8 }] })
      reply({ type: 'file', trialId: run.trialId, path: 'confusion_matrix.json', text: '{"matrix":[[1]]}' })
      reply({ type: 'file', trialId: run.trialId, path: 'model/weights.bin', base64: bytesToBase64(new Uint8Array([1, 2, 3])) })
      reply(finished(run.trialId))
    })
    const { ctx, dir, records, logs } = context()
    const result = await createPageTrainer('tabular', job, 11, page.link)(ctx)
    expect(result).toEqual({ backend: 'webgl', backendNote: 'pinned: webgl (ANGLE)' })
    const run = page.sent[0] as PageRunMessage
    expect(run).toMatchObject({ type: 'run', trialId: 11, trainer: 'tabular', params: { epochs: 2, backend: 'webgl' }, seed: 4, folds: false })
    const data = unpackValue(run.runs[0]) as { numFeatures: number; train: { n: number; x: Float32Array } }
    expect(data.numFeatures).toBe(4)
    expect(data.train.x).toBeInstanceOf(Float32Array)
    expect(data.train.x.length).toBe(data.train.n * 4)
    expect(records.map((r) => r.loss)).toEqual([1.2, 0.8])
    expect(logs).toEqual(expect.arrayContaining(['backend: pinned: webgl', 'live tensors in the page after each epoch: 9, 9']))
    expect(logs[0]).toMatch(/^dataset iris \(tabular-classification\)/)
    expect(readFileSync(join(dir, 'confusion_matrix.json'), 'utf8')).toBe('{"matrix":[[1]]}')
    expect([...readFileSync(join(dir, 'model', 'weights.bin'))]).toEqual([1, 2, 3])
  })

  it('asks the page to stop when the trial is cancelled', async () => {
    const { ctx, controller } = context()
    const page = scriptedPage((run, reply) => {
      controller.abort()
      setTimeout(() => reply(finished(run.trialId)), 10)
    })
    await createPageTrainer('tabular', job, 12, page.link)(ctx)
    expect(page.sent.map((m) => m.type)).toEqual(['run', 'cancel'])
  })

  it('fails with the page’s own error and stack when its trainer threw', async () => {
    const page = scriptedPage((run, reply) => reply(finished(run.trialId, { ok: false, backend: null, error: 'Error: backend "webgpu" was pinned but cannot load: no WebGPU adapter\n    at page.js:1:2' })))
    const err = await createPageTrainer('tabular', job, 13, page.link)(context().ctx).catch((e: Error) => e)
    expect((err as Error).message).toBe('Error: backend "webgpu" was pinned but cannot load: no WebGPU adapter')
    expect((err as Error).stack).toContain('at page.js:1:2')
  })

  it('ends with a PageGoneError naming how the page died', async () => {
    const page = scriptedPage((_run, _reply, link) => link.gone('crashed (the renderer process died)'))
    const err = await createPageTrainer('tabular', job, 14, page.link)(context().ctx).catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'PageGoneError', message: 'the browser page training the trial crashed (the renderer process died)' })
  })

  it('refuses a file path from the page that leaves the trial folder, and stops the page', async () => {
    const page = scriptedPage((run, reply) => {
      reply({ type: 'file', trialId: run.trialId, path: '../escape.txt', text: 'x' })
      setTimeout(() => reply(finished(run.trialId)), 20)
    })
    const { ctx, dir } = context()
    await expect(createPageTrainer('tabular', job, 15, page.link)(ctx)).rejects.toThrow(/could not write \.\.\/escape\.txt from the page: output path "\.\.\/escape\.txt" must be a relative path inside the trial folder/)
    expect(existsSync(join(dir, '..', 'escape.txt'))).toBe(false)
    expect(page.sent.map((m) => m.type)).toEqual(['run', 'cancel'])
  })

  it('fails the trial when the page reports a record the metric parser refuses', async () => {
    const page = scriptedPage((run, reply) => {
      reply({ type: 'report', trialId: run.trialId, records: [{ step: -1, loss: 1 }] })
      setTimeout(() => reply(finished(run.trialId)), 10)
    })
    await expect(createPageTrainer('tabular', job, 16, page.link)(context().ctx)).rejects.toThrow(/bad metric record/)
  })

  it('ignores messages about other trials', async () => {
    const page = scriptedPage((run, reply) => {
      reply({ type: 'report', trialId: run.trialId + 100, records: [{ step: 1, loss: 5 }] })
      reply(finished(run.trialId + 100, { ok: false, error: 'not mine' }))
      reply(finished(run.trialId))
    })
    const { ctx, records } = context()
    await expect(createPageTrainer('tabular', job, 17, page.link)(ctx)).resolves.toMatchObject({ backend: 'webgl' })
    expect(records).toEqual([])
  })
})
