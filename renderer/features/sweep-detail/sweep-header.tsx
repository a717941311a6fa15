import type { SweepDetail } from '../../../shared/api/types.ts'
import { describeSkippedPoints } from '../../../shared/skipped-points-text.ts'
import { TRIAL_STATUSES } from '../../../shared/status.ts'
import { useCancelSweep } from '../../data/mutations.ts'
import { useResumeSweep } from '../../data/mutations.ts'
import { routeHref } from '../../route.ts'
import { Badge } from '../../ui/badge.tsx'
import { formatDuration, formatMetric } from '../../ui/format.ts'
import { ProgressBar } from '../../ui/progress-bar.tsx'
import { useNow } from '../../ui/use-now.ts'
import { sweepStatusTone } from '../sweep-list/sweep-status.ts'

/** Sweeps in these states can be continued: `resumeSweep` re-queues what did not finish. */
const RESUMABLE = new Set(['failed', 'cancelled', 'interrupted'])

/** Name, status and live progress of the sweep, its best trial, and Stop / Resume with their errors in place. */
export function SweepHeader({ sweep }: { sweep: SweepDetail }) {
  const cancel = useCancelSweep()
  const resume = useResumeSweep()
  const running = sweep.status === 'running'
  // A running sweep's duration ticks each second; a finished one's does not change.
  const now = useNow(running ? 1000 : 60_000)
  const duration = sweep.startedAt === null ? null : (sweep.endedAt ?? now) - sweep.startedAt
  const counts = TRIAL_STATUSES.filter((s) => (sweep.counts[s] ?? 0) > 0).map((s) => `${sweep.counts[s]} ${s}`)
  const goalArrow = sweep.metricGoal === 'minimize' ? '↓' : '↑'

  return (
    <header className="sweep-header">
      <p className="sweep-back"><a href={routeHref({ name: 'sweeps' })}>← All sweeps</a></p>
      <div className="sweep-title-row">
        <h2 className="sweep-title">{sweep.name}</h2>
        <Badge tone={sweepStatusTone(sweep.status)}>{sweep.status}</Badge>
        <span className="sweep-title-spacer" />
        {running && (
          <button type="button" onClick={() => cancel.mutate(sweep.id)} disabled={cancel.isPending}>
            {cancel.isPending ? 'Stopping…' : 'Stop sweep'}
          </button>
        )}
        {RESUMABLE.has(sweep.status) && (
          <button type="button" onClick={() => resume.mutate(sweep.id)} disabled={resume.isPending}>
            {resume.isPending ? 'Resuming…' : 'Resume sweep'}
          </button>
        )}
      </div>
      {cancel.isError && <div className="error-box" role="alert">Could not stop the sweep: {cancel.error.message}</div>}
      {resume.isError && <div className="error-box" role="alert">Could not resume the sweep: {resume.error.message}</div>}
      {cancel.isSuccess && cancel.data.requestedFrom !== null && (
        <p className="muted" role="status">Asked process {cancel.data.requestedFrom}, which runs this sweep, to stop it.</p>
      )}
      {resume.isSuccess && <p className="muted" role="status">Resumed: {resume.data.requeued} unfinished trial{resume.data.requeued === 1 ? '' : 's'} re-queued.</p>}
      {sweep.error && <div className="error-box sweep-error-box">{sweep.error}</div>}
      <dl className="sweep-facts">
        <div>
          <dt>Method</dt>
          <dd>{sweep.method}</dd>
        </div>
        <div>
          <dt>Metric</dt>
          <dd>{sweep.metricName ?? <span className="muted">none</span>} <span className="muted">({sweep.metricGoal} {goalArrow})</span></dd>
        </div>
        <div>
          <dt>Best</dt>
          <dd>
            {sweep.bestValue === null || sweep.bestTrialId === null ? (
              <span className="muted">no value yet</span>
            ) : (
              <a href={routeHref({ name: 'trial', trialId: sweep.bestTrialId })} title="Open the best trial">
                {formatMetric(sweep.bestValue)}
              </a>
            )}
          </dd>
        </div>
        <div className="sweep-progress">
          <dt>Progress</dt>
          <dd>
            <ProgressBar done={sweep.done} total={sweep.total} label="Sweep progress" />
            <span className="muted sweep-counts">{counts.join(' · ') || 'no trials yet'}</span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration === null ? <span className="muted">not started</span> : formatDuration(duration)}</dd>
        </div>
        {sweep.skipped && (
          <div>
            <dt>Constraints</dt>
            <dd data-testid="constraint-skips" title="Points that break the sweep file's constraints are not run">{describeSkippedPoints(sweep.skipped, sweep.method)}</dd>
          </div>
        )}
      </dl>
    </header>
  )
}
