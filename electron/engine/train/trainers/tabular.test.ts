import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import type { TrainerContext } from '../../workers/trainers.ts'
import { nodeTrainerPlatform } from '../../workers/node-platform.ts'
import { loadWeights } from '../weights-io.ts'
import { gaussianBlobs, majorityRate, noisyLinear } from './synthetic.ts'
import { createTabularTrainer, trainTabular } from './tabular.ts'
import type { PreparedTabular } from './tabular-data.ts'

const root = mkdtempSync(join(tmpdir(), 'sweeplab-tabular-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let trialNo = 0

function context(params: Record<string, unknown>, seed = 1, signal?: AbortSignal) {
  const records: Array<Record<string, unknown>> = []
  const logs: string[] = []
  const dir = join(root, `trial-${trialNo++}`)
  const ctx: TrainerContext = {
    params,
    seed,
    ...nodeTrainerPlatform(dir),
    report: (r) => records.push(r),
    log: (_s, line) => logs.push(line),
    signal: signal ?? new AbortController().signal,
  }
  const epochs = () => records.filter((r) => 'epoch_seconds' in r)
  return { ctx, dir, records, logs, epochs }
}

const blobs = gaussianBlobs({ seed: 11, n: 1500, features: 8, classes: 4, spread: 1.5 })

describe('tabular trainer', () => {
  it('classification: held-out accuracy clearly above the majority-class rate, with P/R/F1 and a confusion matrix', async () => {
    const { ctx, dir, epochs, records, logs } = context({ epochs: 10, batch_size: 32, learning_rate: 0.003, hidden: [32, 32], backend: 'wasm' })
    const r = await trainTabular(ctx, blobs)
    expect(r).toMatchObject({ backend: 'wasm', status: 'completed', epochs: 10 })
    const last = epochs().at(-1)!
    const majority = majorityRate(blobs.val!.y)
    expect(majority).toBeGreaterThan(0.3)
    expect(last.val_accuracy as number).toBeGreaterThan(majority + 0.3)
    expect(last.val_f1 as number).toBeGreaterThan(0.6)
    expect(last.val_loss as number).toBeLessThan(epochs()[0]!.val_loss as number)
    expect(last.loss as number).toBeLessThan(epochs()[0]!.loss as number)
    const final = records.at(-1)!
    expect(final.test_accuracy as number).toBeGreaterThan(majority + 0.3)
    expect(Object.keys(final.per_class as object)).toEqual(['class_0', 'class_1', 'class_2', 'class_3'])
    const cm = JSON.parse(readFileSync(join(dir, 'confusion_matrix.json'), 'utf8'))
    expect(cm.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(blobs.val!.n)
    expect(logs[0]).toMatch(/backend: pinned: wasm/)
  })

  it('regression: r2 > 0.9 on a noisy linear target', async () => {
    const data = noisyLinear({ seed: 5, n: 2000, features: 6, noise: 1 })
    const { ctx, epochs } = context({ epochs: 20, batch_size: 32, learning_rate: 0.003, hidden: [32], backend: 'wasm' })
    await trainTabular(ctx, data)
    const last = epochs().at(-1)!
    expect(last.val_r2 as number).toBeGreaterThan(0.9)
    expect(last.val_mse as number).toBeGreaterThan(0)
    expect(last.val_mae as number).toBeGreaterThan(0)
  })

  it('same seed, same cpu backend, same data → the same final metrics; another seed differs', async () => {
    const params = { epochs: 3, batch_size: 16, learning_rate: 0.01, hidden: [16], dropout: 0.2, optimizer: 'adamw', weight_decay: 0.01, backend: 'cpu' }
    const small: PreparedTabular = gaussianBlobs({ seed: 3, n: 400, features: 5, classes: 3 })
    const run = async (seed: number) => {
      const c = context(params, seed)
      await trainTabular(c.ctx, small)
      return c.epochs().map(({ epoch_seconds: _a, samples_per_s: _b, ...rest }) => rest)
    }
    const a = await run(42)
    expect(await run(42)).toEqual(a)
    expect(await run(43)).not.toEqual(a)
  })

  it('live tensors: flat from epoch 1 to epoch N, and back to the start after the trial', async () => {
    const start = tf.memory().numTensors
    const counts: number[] = []
    const c = context({ epochs: 4, batch_size: 64, hidden: [16, 16], dropout: 0.1, backend: 'cpu', save: 'best' })
    const report = c.ctx.report
    c.ctx.report = (r) => {
      if ('epoch_seconds' in r) counts.push(tf.memory().numTensors)
      report(r)
    }
    await trainTabular(c.ctx, blobs)
    expect(counts).toHaveLength(4)
    expect(new Set(counts).size).toBe(1)
    expect(tf.memory().numTensors).toBe(start)
  })

  it('a diverging run reports the non-finite loss and stops', async () => {
    const data = noisyLinear({ seed: 5, n: 300, features: 3, noise: 1 })
    const { ctx, records } = context({ epochs: 50, batch_size: 16, learning_rate: 1e6, optimizer: 'sgd', hidden: [8], backend: 'cpu' })
    const r = await trainTabular(ctx, data)
    expect(r.status).toBe('diverged')
    const bad = records.find((x) => typeof x.loss === 'number' && !Number.isFinite(x.loss))
    expect(bad).toBeDefined()
  })

  it('saves the best weights as TF.js files with the encoding metadata', async () => {
    const { ctx, dir } = context({ epochs: 3, hidden: [8], save: 'best', backend: 'cpu' })
    await trainTabular(ctx, blobs)
    const { tensors, metadata } = await loadWeights(join(dir, 'model'))
    expect(Object.keys(tensors)).toEqual(['dense_0/kernel', 'dense_0/bias', 'dense_1/kernel', 'dense_1/bias'])
    expect(tensors['dense_0/kernel']!.shape).toEqual([8, 8])
    expect(metadata).toMatchObject({ trainer: 'tabular', task: 'classification', which: 'best' })
    for (const t of Object.values(tensors)) t.dispose()
  })

  it('an unknown parameter is an error naming the accepted list, before any data loads', async () => {
    let loaded = false
    const trainer = createTabularTrainer(() => {
      loaded = true
      return blobs
    })
    await expect(trainer(context({ learning_rte: 0.1 }).ctx)).rejects.toThrow(/tabular: unknown parameter "learning_rte"; tabular accepts .*learning_rate/)
    expect(loaded).toBe(false)
    await expect(trainer(context({ optimizer: 'lbfgs' }).ctx)).rejects.toThrow(/must be one of sgd, adam, adamw/)
  })

  it('cancels cleanly between steps', async () => {
    const ac = new AbortController()
    const c = context({ epochs: 1000, batch_size: 8, backend: 'cpu' }, 1, ac.signal)
    setTimeout(() => ac.abort(), 100)
    const r = await trainTabular(c.ctx, blobs)
    expect(r.status).toBe('cancelled')
  })
})
