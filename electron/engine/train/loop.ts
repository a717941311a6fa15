import type * as tf from '@tensorflow/tfjs'
import { permutation, STREAM, trainRng } from './random.ts'
import { yieldNow } from './yield-now.ts'
import type { Schedule } from './schedules.ts'
import { isPruneStop } from '../workers/prune-stop.ts'

/**
 * The epoch × batch loop shared by every trainer. Data stay in JS typed arrays; each step gathers
 * its rows into two reused buffers and the model uploads them (one tensor per input), so no step
 * slices a big dataset tensor (a per-step `slice` of a device tensor was one of the costs that made
 * PLATFORM.md §8's hand loop 3.6× slower than Layers). The loop yields to the event loop every
 * `yieldEveryMs` so the worker sees cancel messages, and stops cleanly between steps. A signal
 * aborted by early termination (PruneStop) lets the epoch finish, evaluated and reported, and the
 * run ends `early_stopped`, so the trainer keeps its weights and final metrics.
 */
export type FeatureArray = Float32Array | Int32Array

/** n examples of `xWidth` inputs and `yWidth` targets each, row-major. */
export interface ArrayDataset {
  readonly n: number
  readonly x: FeatureArray
  readonly xWidth: number
  readonly y: FeatureArray
  readonly yWidth: number
}

/** One batch. The arrays are views of buffers the loop reuses: valid only during the step call. */
export interface Batch {
  x: FeatureArray
  y: FeatureArray
  size: number
  /** Rows of the dataset in this batch. */
  rows: Int32Array
}

export interface StepInfo {
  /** Optimizer steps done before this one (0-based). */
  step: number
  epoch: number
  lr: number
}

export type LoopStatus = 'completed' | 'cancelled' | 'diverged' | 'early_stopped'

export interface TrainLoopOptions {
  train: ArrayDataset
  batchSize: number
  epochs: number
  seed: number
  /** Runs one optimizer step on the batch; returns the batch-mean loss (a number, or a scalar it disposes). */
  step(batch: Batch, info: StepInfo): number | tf.Tensor
  /** Learning rate per step (0-based); the value is passed to `step`. */
  schedule: Schedule
  /** Per-epoch metrics after the epoch's training (val_loss, accuracy, …). */
  evaluate?(epoch: number): Record<string, number> | Promise<Record<string, number>>
  /** Receives per-step records {step, epoch, loss, lr} (throttled) and per-epoch records. */
  report(record: Record<string, unknown>): void
  signal?: AbortSignal
  /** After each epoch record: true stops the run (early stopping, pruning). */
  shouldStop?(epochRecord: Record<string, number>): boolean
  shuffle?: boolean
  /** Drop a last partial batch (keeps every step's shapes equal). Default false. */
  dropLast?: boolean
  /** Per-step loss at most this often (ms)… */
  reportEveryMs?: number
  /** …or every this many steps, whichever comes first (0 = time only). */
  reportEverySteps?: number
  yieldEveryMs?: number
  /** Optimizer steps already done (resume); the schedule and step numbers continue from it. */
  startStep?: number
}

export interface TrainLoopResult {
  status: LoopStatus
  epochs: number
  steps: number
  /** The last epoch record (train loss and evaluate()'s metrics). */
  last: Record<string, number> | null
  /** Why the run stopped early (diverged at step s, stopped by shouldStop, …). */
  reason: string | null
  /** Training throughput over the whole run (samples/s, step time only). */
  samplesPerSecond: number
}

function gatherRows(src: FeatureArray, width: number, rows: Int32Array, count: number, dst: FeatureArray): void {
  if (width === 1) {
    for (let i = 0; i < count; i++) dst[i] = src[rows[i]!]!
    return
  }
  for (let i = 0; i < count; i++) {
    const o = rows[i]! * width
    dst.set(src.subarray(o, o + width), i * width)
  }
}

export async function runTrainLoop(opts: TrainLoopOptions): Promise<TrainLoopResult> {
  const { train, batchSize } = opts
  if (!(batchSize >= 1)) throw new Error(`batch_size must be ≥ 1, got ${batchSize}`)
  if (train.n === 0) throw new Error('the training set is empty')
  const rng = trainRng(opts.seed, STREAM.shuffle)
  const order = new Int32Array(train.n)
  for (let i = 0; i < train.n; i++) order[i] = i
  const bs = Math.min(batchSize, train.n)
  const xBuf = train.x instanceof Float32Array ? new Float32Array(bs * train.xWidth) : new Int32Array(bs * train.xWidth)
  const yBuf = train.y instanceof Float32Array ? new Float32Array(bs * train.yWidth) : new Int32Array(bs * train.yWidth)
  const stepsPerEpoch = opts.dropLast ? Math.floor(train.n / bs) : Math.ceil(train.n / bs)
  const reportEveryMs = opts.reportEveryMs ?? 250
  const reportEverySteps = opts.reportEverySteps ?? 0
  const yieldEveryMs = opts.yieldEveryMs ?? 50

  let step = opts.startStep ?? 0
  let last: Record<string, number> | null = null
  let stepMs = 0
  let samples = 0
  let lastYield = performance.now()
  let lastReport = lastYield
  let sinceReportLoss = 0
  let sinceReportN = 0

  const finish = (status: LoopStatus, epochs: number, reason: string | null): TrainLoopResult => ({
    status,
    epochs,
    steps: step,
    last,
    reason,
    samplesPerSecond: stepMs > 0 ? (samples * 1000) / stepMs : 0,
  })

  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    if (opts.shuffle !== false) permutation(rng, train.n, order)
    let epochLoss = 0
    let epochN = 0
    const epochStart = performance.now()
    for (let b = 0; b < stepsPerEpoch; b++) {
      if (opts.signal?.aborted && !isPruneStop(opts.signal)) return finish('cancelled', epoch, 'cancelled')
      const start = b * bs
      const size = Math.min(bs, train.n - start)
      const rows = order.subarray(start, start + size)
      gatherRows(train.x, train.xWidth, rows, size, xBuf)
      gatherRows(train.y, train.yWidth, rows, size, yBuf)
      const batch: Batch = {
        x: size === bs ? xBuf : xBuf.subarray(0, size * train.xWidth),
        y: size === bs ? yBuf : yBuf.subarray(0, size * train.yWidth),
        size,
        rows,
      }
      const lr = opts.schedule(step)
      const t0 = performance.now()
      const out = opts.step(batch, { step, epoch, lr })
      let loss: number
      if (typeof out === 'number') loss = out
      else {
        loss = out.dataSync()[0]!
        out.dispose()
      }
      const t1 = performance.now()
      stepMs += t1 - t0
      samples += size
      step++
      if (!Number.isFinite(loss)) {
        // Reported as is: the worker turns a non-finite metric into a `diverged` trial.
        opts.report({ step, epoch: epoch + 1, loss })
        return finish('diverged', epoch, `loss is ${loss} at step ${step}`)
      }
      epochLoss += loss * size
      epochN += size
      sinceReportLoss += loss * size
      sinceReportN += size
      const endOfEpoch = b === stepsPerEpoch - 1
      // The epoch record carries `loss` at the epoch's last step; a step record there would collide with it.
      if (!endOfEpoch && (t1 - lastReport >= reportEveryMs || (reportEverySteps > 0 && step % reportEverySteps === 0))) {
        opts.report({ step, epoch: epoch + 1, loss: sinceReportLoss / sinceReportN, lr })
        lastReport = t1
        sinceReportLoss = 0
        sinceReportN = 0
      }
      if (t1 - lastYield >= yieldEveryMs) {
        await yieldNow()
        lastYield = performance.now()
      }
    }
    sinceReportLoss = 0
    sinceReportN = 0
    const trainSeconds = (performance.now() - epochStart) / 1000
    if (opts.signal?.aborted && !isPruneStop(opts.signal)) return finish('cancelled', epoch, 'cancelled')
    const metrics = opts.evaluate ? await opts.evaluate(epoch) : {}
    last = {
      epoch: epoch + 1,
      loss: epochLoss / epochN,
      lr: opts.schedule(Math.max(0, step - 1)),
      epoch_seconds: trainSeconds,
      samples_per_s: epochN / trainSeconds,
      ...metrics,
    }
    opts.report({ step, ...last })
    for (const [k, v] of Object.entries(metrics)) {
      if (!Number.isFinite(v) && /loss/.test(k)) return finish('diverged', epoch + 1, `${k} is ${v} after epoch ${epoch + 1}`)
    }
    if (opts.shouldStop?.(last)) return finish('early_stopped', epoch + 1, `stopped after epoch ${epoch + 1}`)
    if (isPruneStop(opts.signal)) return finish('early_stopped', epoch + 1, `pruned after epoch ${epoch + 1}`)
    await yieldNow()
    lastYield = performance.now()
  }
  return finish('completed', opts.epochs, null)
}
