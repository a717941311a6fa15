import type { TrialSummary } from '../../../shared/api/types.ts'
import { flattenForDisplay, formatParamText } from '../../../shared/flatten-params.ts'

const LEADING_COLUMNS = ['id', 'index', 'attempt', 'status'] as const
const TRAILING_COLUMNS = ['seed', 'started_at', 'ended_at', 'duration_s', 'exit_code', 'signal', 'backend', 'error'] as const

/**
 * Trials as RFC 4180 CSV (CRLF rows, header first): id, index, attempt, status, one column per
 * flattened param (union over trials, in first-seen order), `<metric>`, `<metric>_best`, seed,
 * ISO times, duration_s, exit_code, signal, backend, error. Empty cells mean "no value".
 */
export function formatTrialsCsv(trials: ReadonlyArray<TrialSummary>, metricName: string | null): string {
  const metric = metricName ?? 'metric'
  const fixed = new Set<string>([...LEADING_COLUMNS, metric, `${metric}_best`, ...TRAILING_COLUMNS])
  const paramNames = collectParamNames(trials)
  // A param called e.g. `status` would shadow a fixed column; only those get a `params.` prefix.
  const paramHeaders = paramNames.map((n) => (fixed.has(n) ? `params.${n}` : n))
  const header = [...LEADING_COLUMNS, ...paramHeaders, metric, `${metric}_best`, ...TRAILING_COLUMNS]

  const rows = trials.map((t) => {
    const params = new Map(flattenForDisplay(t.params))
    return [
      t.id, t.index, t.attempt, t.status,
      ...paramNames.map((n) => (params.has(n) ? formatParamText(params.get(n)) : null)),
      t.finalValue, t.bestValue, t.seed,
      isoTime(t.startedAt), isoTime(t.endedAt), durationSeconds(t),
      t.exitCode, t.signal, t.backend, t.error,
    ]
  })
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** Trials as a pretty JSON array: the API's TrialSummary objects, params nested, times in epoch ms. */
export function formatTrialsJson(trials: ReadonlyArray<TrialSummary>): string {
  return `${JSON.stringify(trials, null, 2)}\n`
}

function collectParamNames(trials: ReadonlyArray<TrialSummary>): string[] {
  const seen = new Set<string>()
  for (const t of trials) for (const [name] of flattenForDisplay(t.params)) seen.add(name)
  return [...seen]
}

function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

function durationSeconds(t: TrialSummary): number | null {
  return t.startedAt === null || t.endedAt === null ? null : (t.endedAt - t.startedAt) / 1000
}

/** RFC 4180: a field with a comma, quote, CR or LF is wrapped in quotes, inner quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  const s = typeof value === 'number' ? formatParamText(value) : value
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
