import { SweeplabError } from '../../../shared/errors.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import { salvageBatch } from './batch-salvage.ts'
import { isDiskFullError } from './disk-full.ts'
import { createMetricInserter } from './metric-insert.ts'
import type { LogRow, MetricBatchSummary, MetricPointRow, Store } from './store-types.ts'

export const FLUSH_INTERVAL_MS = 100 // UI curves update ~10×/s; at most this much work is lost to a crash
export const FLUSH_MAX_ROWS = 5_000 // one transaction per 5,000 rows amortises the commit (see the bench)

export interface WriteBatcherOptions {
  flushIntervalMs?: number
  maxRows?: number
  /** Called after each commit with exactly the rows it made durable (the engine emits UI events here). */
  onFlush?: (info: { metrics: ReadonlyArray<MetricPointRow>; logs: ReadonlyArray<LogRow> }) => void
  /** The sweep metric of a trial; its final/best/last step are kept current in the same transaction. */
  metricOf?: (trialId: number) => { name: string; goal: MetricGoal } | undefined
  /**
   * Receives a failed timer-driven flush (the rows stay queued for the next try) and reports of
   * dropped malformed rows. **Important**: without it these are thrown, from the timer callback
   * they become uncaught exceptions.
   */
  onError?: (err: unknown) => void
}

export interface WriteBatcher {
  addMetrics(rows: readonly MetricPointRow[]): void
  addLogs(rows: readonly LogRow[]): void
  /** Writes everything queued now, in one transaction. Throws if it fails; the rows stay queued. */
  flush(): void
  /**
   * Flushes and stops; adding after close throws. On a full disk the rows that cannot be written
   * are reported to `onError` (when given) and dropped, so the store can still close cleanly.
   */
  close(): void
  readonly pending: number
  /** The error of the last flush when it failed (its rows still queued); null after a good one. */
  readonly failure: unknown
}

/**
 * Queues metric points and log lines from all workers and writes them in one synchronous
 * transaction per flush: every `flushIntervalMs`, when `maxRows` are queued, on `flush()` (trial
 * end) and on `close()`. Nothing awaits inside the transaction, so no other write interleaves.
 */
export function createWriteBatcher(store: Store, opts: WriteBatcherOptions = {}): WriteBatcher {
  const intervalMs = opts.flushIntervalMs ?? FLUSH_INTERVAL_MS
  const maxRows = opts.maxRows ?? FLUSH_MAX_ROWS
  let metrics: MetricPointRow[] = []
  let logs: LogRow[] = []
  let timer: NodeJS.Timeout | null = null
  let closed = false
  let failure: unknown = null

  // Not store.metrics.insertMany: nested in this transaction it would run as a SAVEPOINT (see metric-insert.ts).
  const insertPoints = createMetricInserter(store.db)
  const write = store.db.transaction((m: readonly MetricPointRow[], l: readonly LogRow[]) => {
    const stored = insertPoints(m)
    if (opts.metricOf !== undefined) updateTrialSummaries(store, m, stored === m.length, opts.metricOf)
    store.logs.insertMany(l)
  })

  function flush(): void {
    if (timer !== null) {
      clearTimeout(timer)
      timer = null
    }
    if (metrics.length === 0 && logs.length === 0) return
    let m = metrics
    let l = logs
    metrics = []
    logs = []
    let malformed = 0
    try {
      try {
        write(m, l)
      } catch (e) {
        if (!String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw e
        store.logs.resetSeqCache()
        // Rows of trials deleted while queued, or of a wrong shape, can never be stored: they are
        // dropped on purpose (malformed ones reported below) and the rest is retried once.
        const kept = salvageBatch(store, m, l)
        m = kept.metrics
        l = kept.logs
        malformed = kept.malformed
        write(m, l)
      }
    } catch (e) {
      store.logs.resetSeqCache()
      // Put the rows back in front of anything queued meanwhile: a failed flush loses nothing.
      metrics = m.concat(metrics)
      logs = l.concat(logs)
      failure = e
      throw e
    }
    failure = null
    opts.onFlush?.({ metrics: m, logs: l })
    if (malformed > 0) report(new SweeplabError('internal', `write batcher dropped ${malformed} malformed metric/log rows that SQLite refused`))
  }

  function report(e: unknown): void {
    if (opts.onError === undefined) throw e
    opts.onError(e)
  }

  function onTimer(): void {
    timer = null
    try {
      flush()
    } catch (e) {
      report(e)
    }
  }

  function queued(): void {
    if (metrics.length + logs.length >= maxRows) flush()
    else if (timer === null) timer = setTimeout(onTimer, intervalMs).unref()
  }

  function assertOpen(): void {
    if (closed) throw new SweeplabError('internal', 'write batcher is closed: rows arrived after shutdown flushed the store')
  }

  return {
    addMetrics(rows) {
      assertOpen()
      for (const r of rows) metrics.push(r)
      queued()
    },
    addLogs(rows) {
      assertOpen()
      for (const r of rows) logs.push(r)
      queued()
    },
    flush,
    close() {
      closed = true
      try {
        flush()
      } catch (e) {
        if (!isDiskFullError(e) || opts.onError === undefined) throw e
        const lost = metrics.length + logs.length
        metrics = []
        logs = []
        opts.onError(new SweeplabError('internal', `${lost} metric points and log lines could not be saved at shutdown: ${(e as Error).message}`, { cause: e }))
      }
    },
    get pending() {
      return metrics.length + logs.length
    },
    get failure() {
      return failure
    },
  }
}

/**
 * Keeps final_value/best_value/last_step of each touched trial current. When every point was new,
 * the batch's own summary is folded in (O(1) per trial); if some were ignored duplicates (a
 * resume re-sent them), those trials are recomputed from the stored points instead.
 */
function updateTrialSummaries(
  store: Store,
  points: readonly MetricPointRow[],
  allNew: boolean,
  metricOf: NonNullable<WriteBatcherOptions['metricOf']>,
): void {
  // null = the trial has no sweep metric (asked once per flush, not once per point).
  const batches = new Map<number, { name: string; goal: MetricGoal; summary: MetricBatchSummary | null } | null>()
  for (const [trialId, name, step, value] of points) {
    let b = batches.get(trialId)
    if (b === undefined) {
      const metric = metricOf(trialId)
      b = metric === undefined ? null : { name: metric.name, goal: metric.goal, summary: null }
      batches.set(trialId, b)
    }
    if (b === null || name !== b.name) continue
    const s = b.summary
    if (s === null) {
      b.summary = { lastStep: step, lastValue: value, best: isFiniteValue(value) ? value : null }
      continue
    }
    if (step > s.lastStep) {
      s.lastStep = step
      s.lastValue = value
    }
    if (isFiniteValue(value) && (s.best === null || (b.goal === 'maximize' ? value > s.best : value < s.best))) s.best = value
  }
  for (const [trialId, b] of batches) {
    if (b === null || b.summary === null) continue
    if (allNew) store.trials.mergeMetricSummary(trialId, b.summary, b.goal)
    else store.trials.refreshMetricSummary(trialId, b.name, b.goal)
  }
}

function isFiniteValue(v: number | null): v is number {
  return v !== null && Number.isFinite(v)
}
