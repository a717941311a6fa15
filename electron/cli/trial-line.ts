import type { FailureReason } from '../../shared/failure-reasons.ts'
import type { TrialSummary } from '../../shared/api/types.ts'
import { formatDuration, formatMetricPair, truncate } from './format.ts'

/**
 * One line for a trial that just ended: `trial 12 completed val_loss=0.0312 (3.2s)`, or for a
 * trial that went wrong, the reason: `trial 13 failed: exit code 1`.
 */
export function formatTrialEnd(t: TrialSummary, metricName: string | null): string {
  const took = t.startedAt !== null && t.endedAt !== null ? ` (${formatDuration(t.endedAt - t.startedAt)})` : ''
  if (t.status === 'completed' || t.status === 'pruned') {
    const metric = t.finalValue !== null && metricName ? ` ${formatMetricPair(metricName, t.finalValue)}` : ''
    // A finished trial can still carry a note (e.g. malformed metric lines it skipped).
    const note = t.error?.split('\n').find((l) => l.trim() !== '')?.trim()
    return `trial ${t.id} ${t.status}${metric}${took}${note ? `; ${truncate(note, 160)}` : ''}`
  }
  // The classified explanation says more than the exit code (out of memory, which metric went NaN);
  // stops Sweeplab made read best as before (`trial 5 timeout (1m 00s)`).
  const reason = t.failureNote && t.failureReason && !STOPPED.has(t.failureReason) ? truncate(t.failureNote, 160) : failureReason(t)
  return `trial ${t.id} ${t.status}${reason ? `: ${reason}` : took}`
}

const STOPPED: ReadonlySet<FailureReason> = new Set(['timeout', 'pruned', 'cancelled', 'interrupted'])

function failureReason(t: TrialSummary): string {
  const exit: string[] = []
  if (t.exitCode !== null && t.exitCode !== 0) exit.push(`exit code ${t.exitCode}`)
  if (t.signal) exit.push(`signal ${t.signal}`)
  const firstLine = t.error?.split('\n').find((l) => l.trim() !== '')?.trim()
  if (!firstLine) return exit.join(', ')
  // The engine's message often already names the exit code or signal; don't say it twice.
  const message = truncate(firstLine, 160)
  return exit.every((p) => firstLine.includes(p)) ? message : `${exit.join(', ')}: ${message}`
}
