import type { TrialSummary } from '../../shared/api/types.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { FAILURE_REASON_LABELS } from '../../shared/failure-reasons.ts'
import type { FailureReason } from '../../shared/failure-reasons.ts'
import { flattenForDisplay } from '../../shared/flatten-params.ts'
import { colorStatus, formatDuration, formatMetric, formatParamCell } from './format.ts'
import { renderTable } from './table.ts'

/**
 * Best first: completed trials with a metric value ordered by goal (ties by id), then every
 * other trial by id.
 */
export function sortTrialsByMetric(trials: ReadonlyArray<TrialSummary>, goal: MetricGoal): TrialSummary[] {
  const ranked = trials.filter(hasFinalValue)
  const rest = trials.filter((t) => !hasFinalValue(t))
  const sign = goal === 'minimize' ? 1 : -1
  ranked.sort((a, b) => sign * ((a.finalValue as number) - (b.finalValue as number)) || a.id - b.id)
  rest.sort((a, b) => a.id - b.id)
  return [...ranked, ...rest]
}

function hasFinalValue(t: TrialSummary): boolean {
  return t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue)
}

export interface TrialTableOptions {
  metricName: string | null
  useColor: boolean
  /** Cut param values longer than this (default 24 characters). */
  maxParamWidth?: number
}

/** trial id, status, one column per flattened param (union), final metric, duration. */
export function renderTrialTable(trials: ReadonlyArray<TrialSummary>, opts: TrialTableOptions): string {
  const flat = trials.map((t) => new Map(flattenForDisplay(t.params)))
  // Columns in first-seen order by trial id, so sorting or filtering rows never reorders them.
  const seen = new Set<string>()
  const byId = trials.map((t, i) => ({ id: t.id, params: flat[i] })).sort((a, b) => a.id - b.id)
  for (const { params } of byId) for (const name of params?.keys() ?? []) seen.add(name)
  const names = [...seen]
  // The reason column appears only when a trial has one, so a clean sweep's table stays as it was.
  const withReason = trials.some((t) => t.failureReason !== null)
  // Only a steered sweep (edited, or with reruns) gets the version and rerun columns.
  const steered = trials.some((t) => t.configVersion !== 1 || t.rerunOf !== null)
  const head = ['trial', 'status', ...(withReason ? ['reason'] : []), ...(steered ? ['ver', 'rerun of'] : []), ...names, opts.metricName ?? 'metric', 'duration']
  const rows = trials.map((t, i) => [
    String(t.id),
    colorStatus(t.status, opts.useColor),
    ...(withReason ? [t.failureReason ?? ''] : []),
    ...(steered ? [`v${t.configVersion}`, t.rerunOf === null ? '' : String(t.rerunOf)] : []),
    ...names.map((n) => (flat[i]?.has(n) ? formatParamCell(flat[i]?.get(n), opts.maxParamWidth) : '')),
    formatMetric(t.finalValue),
    formatDuration(t.startedAt !== null && t.endedAt !== null ? t.endedAt - t.startedAt : null),
  ])
  return renderTable(head, rows, opts.useColor)
}

/** `failures: oom 3, nan_metric 1` (most first), or null for a sweep with none. */
export function formatFailureCounts(counts: Partial<Record<FailureReason, number>>): string | null {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  if (entries.length === 0) return null
  return `failures: ${entries.map(([r, n]) => `${r} ${n}`).join(', ')}`
}

/** One line per trial that did not complete: `trial 7  oom  out of memory: …`. */
export function renderFailureNotes(trials: ReadonlyArray<TrialSummary>): string[] {
  const failed = trials.filter((t) => t.failureReason !== null)
  const idWidth = Math.max(0, ...failed.map((t) => String(t.id).length))
  const reasonWidth = Math.max(0, ...failed.map((t) => t.failureReason!.length))
  return failed.map((t) => `trial ${String(t.id).padEnd(idWidth)}  ${t.failureReason!.padEnd(reasonWidth)}  ${t.failureNote ?? FAILURE_REASON_LABELS[t.failureReason!]}`)
}
