import { describe, expect, it } from 'vitest'
import { runTrainLoop } from './loop.ts'
import type { ArrayDataset, Batch } from './loop.ts'
import { PruneStop } from '../workers/prune-stop.ts'

const data: ArrayDataset = {
  n: 10,
  x: Float32Array.from({ length: 20 }, (_, i) => i),
  xWidth: 2,
  y: Int32Array.from({ length: 10 }, (_, i) => i),
  yWidth: 1,
}
const constant = () => 0.1

describe('training loop', () => {
  it('visits every row once per epoch, in a seeded order, with a short last batch', async () => {
    const seen: number[][] = []
    const run = async (seed: number) => {
      const rows: number[] = []
      await runTrainLoop({
        train: data,
        batchSize: 4,
        epochs: 2,
        seed,
        schedule: constant,
        report: () => undefined,
        step: (b: Batch) => {
          for (let i = 0; i < b.size; i++) {
            // x row r is [2r, 2r+1]: the gathered batch matches its row ids and labels.
            expect(b.x[2 * i]).toBe(2 * b.rows[i]!)
            expect(b.y[i]).toBe(b.rows[i])
            rows.push(b.rows[i]!)
          }
          return 1
        },
      })
      return rows
    }
    seen.push(await run(1), await run(1), await run(2))
    expect(seen[0]).toEqual(seen[1])
    expect(seen[0]).not.toEqual(seen[2])
    expect([...seen[0]!.slice(0, 10)].sort((a, b) => a - b)).toEqual([...Array(10).keys()])
    expect([...seen[0]!.slice(10)].sort((a, b) => a - b)).toEqual([...Array(10).keys()])
  })

  it('reports per-step loss (throttled, never at an epoch record’s step) and per-epoch records with evaluate()', async () => {
    const recs: Array<Record<string, unknown>> = []
    const r = await runTrainLoop({
      train: data,
      batchSize: 2,
      epochs: 3,
      seed: 1,
      schedule: (s) => 0.1 * (s + 1),
      reportEverySteps: 2,
      reportEveryMs: 1e9,
      report: (rec) => recs.push(rec),
      step: (_b, info) => 1 / (info.step + 1),
      evaluate: (epoch) => ({ val_loss: 1 / (epoch + 1) }),
    })
    expect(r.status).toBe('completed')
    expect(r.steps).toBe(15)
    const epochRecs = recs.filter((x) => 'val_loss' in x)
    expect(epochRecs.map((x) => x.step)).toEqual([5, 10, 15])
    expect(epochRecs[0]!.loss).toBeCloseTo((1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5) / 5, 12)
    const stepRecs = recs.filter((x) => !('val_loss' in x))
    expect(stepRecs.map((x) => x.step)).toEqual([2, 4, 6, 8, 12, 14])
    // The loss of a step record is the mean since the previous report.
    expect(stepRecs[0]!.loss).toBeCloseTo((1 + 1 / 2) / 2, 12)
    expect(new Set(recs.map((x) => x.step)).size).toBe(recs.length)
  })

  it('stops with `diverged` on a non-finite loss and reports it', async () => {
    const recs: Array<Record<string, unknown>> = []
    const r = await runTrainLoop({
      train: data,
      batchSize: 2,
      epochs: 5,
      seed: 1,
      schedule: constant,
      report: (rec) => recs.push(rec),
      step: (_b, info) => (info.step === 6 ? Number.NaN : 1),
    })
    expect(r.status).toBe('diverged')
    expect(r.steps).toBe(7)
    expect(recs.at(-1)).toMatchObject({ step: 7 })
    expect(recs.at(-1)!.loss).toBeNaN()
  })

  it('stops between steps when the signal aborts, and early-stops on shouldStop', async () => {
    const ac = new AbortController()
    const r = await runTrainLoop({
      train: data,
      batchSize: 1,
      epochs: 100,
      seed: 1,
      schedule: constant,
      signal: ac.signal,
      report: () => undefined,
      step: (_b, info) => {
        if (info.step === 13) ac.abort()
        return 1
      },
    })
    expect(r).toMatchObject({ status: 'cancelled', steps: 14 })
    const e = await runTrainLoop({
      train: data,
      batchSize: 5,
      epochs: 100,
      seed: 1,
      schedule: constant,
      report: () => undefined,
      step: () => 1,
      shouldStop: (rec) => rec.epoch === 3,
    })
    expect(e).toMatchObject({ status: 'early_stopped', epochs: 3, steps: 6 })
  })

  it('yields to the event loop so a cancel arriving as a message is seen', async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 30)
    const t0 = Date.now()
    const r = await runTrainLoop({
      train: data,
      batchSize: 1,
      epochs: 1e6,
      seed: 1,
      schedule: constant,
      signal: ac.signal,
      yieldEveryMs: 5,
      report: () => undefined,
      step: () => {
        const until = performance.now() + 0.2
        while (performance.now() < until);
        return 1
      },
    })
    expect(r.status).toBe('cancelled')
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('on a prune, finishes the epoch (evaluated and reported) and ends early-stopped; a later cancel stops at once', async () => {
    const ac = new AbortController()
    const recs: Record<string, unknown>[] = []
    const r = await runTrainLoop({
      train: data,
      batchSize: 2,
      epochs: 100,
      seed: 1,
      schedule: constant,
      signal: ac.signal,
      evaluate: () => ({ val_loss: 0.5 }),
      report: (rec) => recs.push(rec),
      step: (_b, info) => {
        // In epoch 2's third step (5 steps per epoch).
        if (info.step === 7) ac.abort(new PruneStop())
        return 1
      },
    })
    expect(r).toMatchObject({ status: 'early_stopped', epochs: 2, steps: 10, reason: 'pruned after epoch 2' })
    expect(recs.at(-1)).toMatchObject({ step: 10, epoch: 2, val_loss: 0.5 })

    const hard = new AbortController()
    const stop = new PruneStop()
    const c = await runTrainLoop({
      train: data,
      batchSize: 2,
      epochs: 100,
      seed: 1,
      schedule: constant,
      signal: hard.signal,
      report: () => undefined,
      step: (_b, info) => {
        if (info.step === 6) hard.abort(stop)
        if (info.step === 7) stop.hard = true
        return 1
      },
    })
    expect(c).toMatchObject({ status: 'cancelled', steps: 8 })
  })
})
