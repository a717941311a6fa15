import type { ConfigSummary, TrialSummary } from '../../../shared/api/types.ts'
import { flattenForDisplay, formatParamText } from '../../../shared/flatten-params.ts'

const LEADING_COLUMNS = ['id', 'index', 'attempt', 'status'] as const
const TRAILING_COLUMNS = ['seed', 'started_at', 'ended_at', 'duration_s', 'exit_code', 'signal', 'backend', 'error'] as const

/**
 * Trials as RFC 4180 CSV (CRLF rows, header first): id, index, attempt, status, one column per
 * flattened param (union over trials, in first-seen order), `<metric>`, `<metric>_best`, seed,
 * ISO times, duration_s, exit_code, signal, backend, error. Empty cells mean "no value".
 * With `configs` (a sweep with repeats) `config` and `repeat` follow `status`, and the trial's config
 * mean, std and n follow `<metric>_best` as `<metric>_mean`, `<metric>_std`, `<metric>_n`.
 */
export function formatTrialsCsv(trials: ReadonlyArray<TrialSummary>, metricName: string | null, configs?: ReadonlyArray<ConfigSummary>): string {
  const metric = metricName ?? 'metric'
  const repeatCols = configs ? ['config', 'repeat'] : []
  const statCols = configs ? [`${metric}_mean`, `${metric}_std`, `${metric}_n`] : []
  const fixed = new Set<string>([...LEADING_COLUMNS, ...repeatCols, metric, `${metric}_best`, ...statCols, ...TRAILING_COLUMNS])
  const paramNames = collectParamNames(trials)
  // A param called e.g. `status` would shadow a fixed column; only those get a `params.` prefix.
  const paramHeaders = paramNames.map((n) => (fixed.has(n) ? `params.${n}` : n))
  const header = [...LEADING_COLUMNS, ...repeatCols, ...paramHeaders, metric, `${metric}_best`, ...statCols, ...TRAILING_COLUMNS]
  const byConfig = new Map(configs?.map((c) => [c.configIndex, c]))

  const rows = trials.map((t) => {
    const params = new Map(flattenForDisplay(t.params))
    const c = configs ? byConfig.get(t.configIndex ?? t.index) : undefined
    return [
      t.id, t.index, t.attempt, t.status,
      ...(configs ? [t.configIndex ?? null, t.repeat ?? null] : []),
      ...paramNames.map((n) => (params.has(n) ? formatParamText(params.get(n)) : null)),
      t.finalValue, t.bestValue,
      ...(configs ? [c?.mean ?? null, c?.std ?? null, c?.n ?? 0] : []),
      t.seed,
      isoTime(t.startedAt), isoTime(t.endedAt), durationSeconds(t),
      t.exitCode, t.signal, t.backend, t.error,
    ]
  })
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/**
 * Trials as a pretty JSON array: the API's TrialSummary objects, params nested, times in epoch ms.
 * With `configs` (a sweep with repeats) each also has `config: {mean, std, n, repeats}` of its config.
 */
export function formatTrialsJson(trials: ReadonlyArray<TrialSummary>, configs?: ReadonlyArray<ConfigSummary>): string {
  if (!configs) return `${JSON.stringify(trials, null, 2)}\n`
  const byConfig = new Map(configs.map((c) => [c.configIndex, c]))
  const rows = trials.map((t) => {
    const c = byConfig.get(t.configIndex ?? t.index)
    return { ...t, config: c ? { mean: c.mean, std: c.std, n: c.n, repeats: c.repeats } : null }
  })
  return `${JSON.stringify(rows, null, 2)}\n`
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
