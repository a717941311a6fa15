import type { SweepSummary, TrialSummary } from '../../shared/api/types.ts'
import { TRIAL_STATUSES } from '../../shared/status.ts'
import { shellQuote } from '../engine/export/shell-quote.ts'
import { bold, colorStatus, formatDuration, formatMetricPair } from './format.ts'
import { formatFailureCounts, renderTrialTable, sortTrialsByMetric } from './trial-table.ts'
import type { FailureReason } from '../../shared/failure-reasons.ts'

const TOP_N = 5

/** `sweep 3 "mnist" completed in 1m 02s: 10/10 trials done (9 completed, 1 failed)` */
export function formatSweepHeadline(s: SweepSummary, useColor = false): string {
  const took = s.startedAt !== null && s.endedAt !== null ? ` in ${formatDuration(s.endedAt - s.startedAt)}` : ''
  const counts = TRIAL_STATUSES.filter((st) => (s.counts[st] ?? 0) > 0).map((st) => `${s.counts[st]} ${st}`)
  const done = `${s.done}/${s.total ?? '?'} trials done${counts.length ? ` (${counts.join(', ')})` : ''}`
  return `sweep ${s.id} ${JSON.stringify(s.name)} ${colorStatus(s.status, useColor)}${took}: ${done}`
}

/**
 * What run and resume print at the end: the headline, the best value, the top trials by the
 * metric, and the next commands to type (with `--db` when the user gave one).
 */
export function renderSweepReport(
  s: SweepSummary,
  trials: ReadonlyArray<TrialSummary>,
  opts: { useColor: boolean; dbFlag?: string | undefined },
): string {
  const lines = [formatSweepHeadline(s, opts.useColor)]
  if (s.error) lines.push(`error: ${s.error}`)
  const reasons: Partial<Record<FailureReason, number>> = {}
  for (const t of trials) if (t.failureReason !== null) reasons[t.failureReason] = (reasons[t.failureReason] ?? 0) + 1
  const failures = formatFailureCounts(reasons)
  if (failures) lines.push(`${failures} (sweeplab show ${s.id} --reason REASON lists them)`)
  const db = opts.dbFlag ? ` --db ${shellQuote(opts.dbFlag)}` : ''
  const top = sortTrialsByMetric(trials, s.metricGoal)
    .filter((t) => t.status === 'completed' && t.finalValue !== null)
    .slice(0, TOP_N)
  if (s.bestValue !== null && s.bestTrialId !== null) {
    lines.push(`best: ${bold(formatMetricPair(s.metricName, s.bestValue), opts.useColor)} (trial ${s.bestTrialId})`)
  }
  if (top.length > 0) {
    lines.push('', `top ${top.length} by ${s.metricName ?? 'metric'} (${s.metricGoal}):`)
    lines.push(renderTrialTable(top, { metricName: s.metricName, useColor: opts.useColor }))
  } else if (s.metricName) {
    lines.push(`no completed trial reported ${s.metricName}`)
  }
  lines.push('')
  if (top.length > 0) lines.push(`export the best config: sweeplab export ${s.id}${db} --best --format yaml > best.yaml`)
  if (s.status === 'interrupted' || s.status === 'paused') lines.push(`continue it:            sweeplab resume ${s.id}${db}`)
  lines.push(`see every trial:        sweeplab show ${s.id}${db}`)
  return `${lines.join('\n')}\n`
}
