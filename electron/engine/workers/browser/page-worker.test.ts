import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { SelectBackend } from '../../train/backend-types.ts'
import { gaussianBlobs } from '../../train/trainers/synthetic.ts'
import type { PreparedRuns } from '../builtin/trainer-runs.ts'
import { packRuns } from './page-runs.ts'
import type { FromPage, PageApi, PageRunMessage } from './page-protocol.ts'
import { createPageWorker } from './page-worker.ts'

/**
 * The page's side of a browser GPU worker, run in Node on TF.js's cpu backend: the same code the
 * page bundle runs, with only its backend choice and probe swapped.
 */
tf.env().set('PROD', true)

const cpuBackend: SelectBackend = async () => {
  await tf.setBackend('cpu')
  return { name: 'cpu', tfName: 'cpu', version: tf.version_core, reason: 'cpu in the test', skipped: [{ name: 'webgl', why: 'no GPU in a test' }] }
}
const worker = () => createPageWorker({ selectBackend: cpuBackend, probe: async () => [], userAgent: 'node', numTensors: () => tf.memory().numTensors })

const data = gaussianBlobs({ seed: 3, n: 300, features: 4, classes: 3, spread: 1.5 })
const prepared: PreparedRuns = { runs: [() => ({ trainer: 'tabular', data })], folds: false }
function runMessage(trialId: number, params: Record<string, unknown>): PageRunMessage {
  return { type: 'run', trialId, trainer: 'tabular', params, seed: 1, ...packRuns(prepared) }
}

/** Polls the page worker as a host does until `trialId` finished; everything it said, in order. */
async function drain(w: PageApi, trialId: number, onMessage: (m: FromPage) => void = () => {}): Promise<FromPage[]> {
  const all: FromPage[] = []
  for (;;) {
    for (const m of await w.next(1000)) {
      all.push(m)
      onMessage(m)
      if (m.type === 'finished' && m.trialId === trialId) return all
    }
  }
}

describe('page worker', () => {
  it('trains a trial and says everything as messages: backend, records, files, the end with flat tensor counts', async () => {
    const w = worker()
    w.receive(runMessage(1, { epochs: 4, batch_size: 32, hidden: [8], save: 'last' }))
    const msgs = JSON.parse(JSON.stringify(await drain(w, 1))) as FromPage[]
    const logs = msgs.flatMap((m) => (m.type === 'log' ? m.rows.map((r) => r[2]) : []))
    expect(logs[0]).toBe('backend: cpu in the test; not used: webgl (no GPU in a test)')
    const records = msgs.flatMap((m) => (m.type === 'report' ? m.records : []))
    expect(records.filter((r) => 'epoch_seconds' in r)).toHaveLength(4)
    const files = msgs.flatMap((m) => (m.type === 'file' ? [m] : []))
    expect(files.map((f) => f.path)).toEqual(['confusion_matrix.json', 'model/weights.bin', 'model/model.json'])
    expect(JSON.parse(files[0]!.text!)).toMatchObject({ split: 'val' })
    expect(files[1]!.base64!.length).toBeGreaterThan(100)
    const end = msgs.at(-1)!
    expect(end).toMatchObject({ type: 'finished', trialId: 1, ok: true, backend: 'cpu', backendNote: 'cpu in the test; not used: webgl: no GPU in a test', error: null })
    const counts = (end as Extract<FromPage, { type: 'finished' }>).tensorsAfterEpoch
    expect(counts).toHaveLength(4)
    expect(new Set(counts).size).toBe(1)
  }, 30_000)

  it('stops a trial between steps on cancel, and refuses a second trial while one runs', async () => {
    const w = worker()
    w.receive(runMessage(2, { epochs: 100_000, batch_size: 4, hidden: [4] }))
    w.receive(runMessage(3, { epochs: 1 }))
    let cancelled = false
    const msgs = await drain(w, 2, (m) => {
      if (m.type === 'report' && !cancelled) {
        cancelled = true
        w.receive({ type: 'cancel', trialId: 2 })
      }
    })
    const refused = msgs.find((m) => m.type === 'finished' && m.trialId === 3)
    expect(refused).toMatchObject({ ok: false, error: 'the page is still running trial 2' })
    expect(msgs.at(-1)).toMatchObject({ type: 'finished', trialId: 2, ok: true })
    const epochs = msgs.flatMap((m) => (m.type === 'report' ? m.records : [])).filter((r) => 'epoch_seconds' in r)
    expect(epochs.length).toBeLessThan(100)
  }, 30_000)

  it('sends a non-finite loss as a string the metric parser reads as non-finite', async () => {
    const w = worker()
    w.receive(runMessage(4, { epochs: 50, batch_size: 16, learning_rate: 1e6, optimizer: 'sgd', hidden: [8] }))
    const records = (await drain(w, 4)).flatMap((m) => (m.type === 'report' ? m.records : []))
    expect(records.some((r) => r.loss === 'NaN' || r.loss === 'Infinity')).toBe(true)
  }, 30_000)

  it('fails a trial whose params the trainer refuses, with the trainer’s message', async () => {
    const w = worker()
    w.receive(runMessage(5, { epochs: 1, hiden: [4] }))
    const end = (await drain(w, 5)).at(-1)
    expect(end).toMatchObject({ type: 'finished', ok: false })
    expect((end as { error: string }).error).toMatch(/tabular: unknown parameter "hiden"/)
  })

  it('answers a poll with nothing after its wait when there is nothing to say', async () => {
    const w = worker()
    const t0 = performance.now()
    expect(await w.next(60)).toEqual([])
    expect(performance.now() - t0).toBeGreaterThanOrEqual(50)
  })
})
