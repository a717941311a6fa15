import type { LogRow, MetricPointRow, Store } from './store-types.ts'

const LOG_STREAMS = new Set(['stdout', 'stderr', 'system'])

/**
 * After a flush failed on a constraint, keeps only the rows that can be stored: rows of trials
 * that still exist (a sweep deleted while its rows were queued) and rows of the right shape (a
 * STRICT column refuses a wrong type). Without this, one such row would fail every later flush
 * and the queue would grow without end.
 */
export function salvageBatch(
  store: Store,
  metrics: readonly MetricPointRow[],
  logs: readonly LogRow[],
): { metrics: MetricPointRow[]; logs: LogRow[]; malformed: number } {
  const ids = new Set<number>()
  for (const r of metrics) ids.add(r[0])
  for (const r of logs) ids.add(r[0])
  const alive = new Set([...ids].filter((id) => Number.isSafeInteger(id) && store.trials.get(id) !== undefined))
  const m = metrics.filter((r) => alive.has(r[0]))
  const l = logs.filter((r) => alive.has(r[0]))
  const goodM = m.filter(isStorableMetric)
  const goodL = l.filter(isStorableLog)
  return { metrics: goodM, logs: goodL, malformed: m.length - goodM.length + l.length - goodL.length }
}

function isStorableMetric(r: MetricPointRow): boolean {
  return typeof r[1] === 'string' && Number.isSafeInteger(r[2]) && (r[3] === null || typeof r[3] === 'number') && Number.isFinite(r[4])
}

function isStorableLog(r: LogRow): boolean {
  return LOG_STREAMS.has(r[1]) && Number.isFinite(r[2]) && typeof r[3] === 'string'
}
