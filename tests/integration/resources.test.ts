import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../electron/engine/engine.ts'
import { createWorkspace, type Workspace } from './helpers.ts'

let ws: Workspace
beforeEach(() => {
  ws = createWorkspace()
})
afterEach(async () => {
  delete process.env.SWEEPLAB_NVIDIA_SMI
  await ws.cleanup()
})

describe('resources and budgets, end to end', () => {
  it('packs two gpu: 0.5 trials on one GPU, both seeing CUDA_VISIBLE_DEVICES of that GPU', async () => {
    ws.write('fake-nvidia-smi', '#!/bin/sh\necho "4, Fake GPU, 16000"\n', true)
    process.env.SWEEPLAB_NVIDIA_SMI = join(ws.dir, 'fake-nvidia-smi')
    // Each trial records its GPU, then waits (up to 20 s) until a second trial has started: with one
    // GPU that only happens when two trials share it.
    const script = ws.write('pair.mjs', `
import { appendFileSync, readFileSync } from 'node:fs'
const log = ${JSON.stringify(join(ws.dir, 'gpus.log'))}
appendFileSync(log, process.env.CUDA_VISIBLE_DEVICES + '\\n')
const t0 = Date.now()
let paired = false
while (Date.now() - t0 < 20000) {
  if (readFileSync(log, 'utf8').trim().split('\\n').length >= 2) { paired = true; break }
  await new Promise((r) => setTimeout(r, 20))
}
console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: 1, paired: paired ? 1 : 0 }))
`)
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({
      text: `method: grid\nprogram: ${script}\ncommand: ['${process.execPath}', '\${program}']\nmetric: {name: loss}\nresources: {gpu: 0.5}\nworkers: 2\nparameters:\n  x: {values: [1, 2]}\n`,
      fileName: join(ws.dir, 'gpu.yaml'),
    })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    expect(readFileSync(join(ws.dir, 'gpus.log'), 'utf8').trim().split('\n')).toEqual(['4', '4'])
    const trials = await engine.getTrials({ sweepId })
    const paired = await engine.getMetricSeries({ trialIds: trials.map((t) => t.id), metric: 'paired' })
    expect(paired.map((s) => s.values)).toEqual([[1], [1]])
    // The sweep's concurrency (for its ETA) counts the two trials per GPU.
    expect((await engine.getSweep({ sweepId })).timing.concurrency).toBe(2)
  })

  it('keep: {best: 2} deletes the weights of every other trial as trials end; their metrics stay', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({
      text: ['method: grid', 'trainer: tabular', 'dataset: iris', 'seed: 3', 'save: last', 'keep: {best: 2}', 'metric: {name: val_accuracy, goal: maximize}',
        'parameters:', '  epochs: {value: 2}', '  learning_rate: {values: [0.0001, 0.003, 0.01, 0.03]}', ''].join('\n'),
    })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    await engine.shutdown({ graceMs: 500 })
    const check = createEngine({ dbPath: ws.dbPath })
    try {
      const trials = (await check.getTrials({ sweepId })).sort((a, b) => b.finalValue! - a.finalValue! || a.id - b.id)
      expect(trials).toHaveLength(4)
      const weights = await Promise.all(trials.map(async (t) => (await check.getArtifacts({ trialId: t.id })).find((a) => a.kind === 'weights')!))
      expect(weights.map((w) => w.deletedAt !== null)).toEqual([false, false, true, true])
      expect(weights.map((w) => existsSync(w.path))).toEqual([true, true, false, false])
      for (const t of trials) expect(t.finalValue).not.toBeNull()
    } finally {
      await check.shutdown({ graceMs: 100 })
    }
  })

  it('holds a sweep on a low disk with the reason on the sweep, and finishes it once space is back', async () => {
    let free = 300e6
    const script = ws.write('quick.mjs', "console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: 1 }))\n")
    const engine = createEngine({ dbPath: ws.dbPath, maxWorkers: 2, diskCheckMs: 25, statfs: () => ({ freeBytes: free, totalBytes: 50e9 }) })
    try {
      const seen: string[] = []
      const off = engine.subscribe((ev) => {
        if (ev.type === 'sweep-updated' && ev.payload.sweep.waiting) seen.push(ev.payload.sweep.waiting)
      })
      const { sweepId } = await engine.createSweep({
        text: `method: grid\nprogram: ${script}\ncommand: ['${process.execPath}', '\${program}']\nmetric: {name: loss}\ndisk: {min_free: 2GB}\nparameters:\n  x: {values: [1, 2, 3]}\n`,
        fileName: join(ws.dir, 'disk.yaml'),
      })
      const filesDir = join(ws.dir, 'workspace.files')
      await expect.poll(async () => (await engine.getSweep({ sweepId })).waiting, { timeout: 10_000 }).toBe(
        `paused: 300 MB free on ${filesDir}, needs 2.0 GB (disk.min_free); running trials go on and new ones start once space is freed`,
      )
      expect(await engine.getTrials({ sweepId })).toEqual([])
      expect((await engine.listSweeps({}))[0]!.status).toBe('running')
      free = 10e9
      const summary = await engine.waitForSweep(sweepId)
      off()
      expect(summary).toMatchObject({ status: 'completed', done: 3, waiting: null })
      expect(seen[0]).toMatch(/^paused: 300 MB free on /)
    } finally {
      await engine.shutdown({ graceMs: 500 })
    }
  })
})
