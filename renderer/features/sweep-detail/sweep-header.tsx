import type { SweepDetail } from '../../../shared/api/types.ts'
import { describeSkippedPoints } from '../../../shared/skipped-points-text.ts'
import { TRIAL_STATUSES } from '../../../shared/status.ts'
import { useCancelSweep } from '../../data/mutations.ts'
import { useResumeSweep } from '../../data/mutations.ts'
import { usePauseSweep } from '../../data/steering.ts'
import { useState } from 'react'
import { EditSweepDialog } from '../steer/edit-sweep-dialog.tsx'
import { RerunBestForm } from '../steer/rerun-best-form.tsx'
import '../steer/steer.css'
import { routeHref } from '../../route.ts'
import { Badge } from '../../ui/badge.tsx'
import { formatDuration, formatMetric } from '../../ui/format.ts'
import { ProgressBar } from '../../ui/progress-bar.tsx'
import { useNow } from '../../ui/use-now.ts'
import { RetrainButton } from '../retrain/retrain-dialog.tsx'
import '../retrain/retrain.css'
import { sweepStatusTone } from '../sweep-list/sweep-status.ts'
import { repeatsOfSpec } from '../../../shared/config-summaries.ts'
import { SweepEta } from '../../ui/sweep-eta.tsx'
import { SweepFilesFact } from './sweep-files-fact.tsx'
import { Fact } from '../../ui/fact.tsx'

/** Sweeps in these states can be continued: `resumeSweep` re-queues what did not finish. */
const RESUMABLE = new Set(['failed', 'cancelled', 'interrupted', 'paused'])

/** Name, status and live progress of the sweep, its best trial, and Stop / Resume with their errors in place. */
export function SweepHeader({ sweep }: { sweep: SweepDetail }) {
  const cancel = useCancelSweep()
  const resume = useResumeSweep()
  const pause = usePauseSweep()
  const [editing, setEditing] = useState(false)
  const [savedVersion, setSavedVersion] = useState<number | null>(null)
  const running = sweep.status === 'running'
  const paused = sweep.status === 'paused'
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
        {(running || paused) && (
          <button type="button" onClick={() => cancel.mutate(sweep.id)} disabled={cancel.isPending}>
            {cancel.isPending ? 'Stopping…' : 'Stop sweep'}
          </button>
        )}
        {running && (
          <button type="button" onClick={() => pause.mutate(sweep.id)} disabled={pause.isPending} title="No new trials start; running ones finish">
            {pause.isPending ? 'Pausing…' : 'Pause'}
          </button>
        )}
        {RESUMABLE.has(sweep.status) && (
          <button type="button" onClick={() => resume.mutate(sweep.id)} disabled={resume.isPending}>
            {resume.isPending ? 'Resuming…' : 'Resume sweep'}
          </button>
        )}
      </div>
      <div className="sweep-steer-row">
        <button type="button" onClick={() => { setSavedVersion(null); setEditing(true) }}>Edit sweep…</button>
        {sweep.metricName !== null && <RerunBestForm sweep={sweep} />}
        <RetrainButton sweep={sweep} />
      </div>
      {editing && <EditSweepDialog sweep={sweep} onClose={(v) => { setEditing(false); setSavedVersion(v) }} />}
      {savedVersion !== null && <p className="muted" role="status">Saved config version {savedVersion}; new trials sample from it.</p>}
      {pause.isError && <div className="error-box" role="alert">Could not pause the sweep: {pause.error.message}</div>}
      {pause.isSuccess && pause.data.requestedFrom !== null && (
        <p className="muted" role="status">Asked process {pause.data.requestedFrom}, which runs this sweep, to pause it.</p>
      )}
      {cancel.isError && <div className="error-box" role="alert">Could not stop the sweep: {cancel.error.message}</div>}
      {resume.isError && <div className="error-box" role="alert">Could not resume the sweep: {resume.error.message}</div>}
      {cancel.isSuccess && cancel.data.requestedFrom !== null && (
        <p className="muted" role="status">Asked process {cancel.data.requestedFrom}, which runs this sweep, to stop it.</p>
      )}
      {resume.isSuccess && (
        <p className="muted" role="status">
          {resume.data.requestedFrom !== null
            ? `Asked process ${resume.data.requestedFrom}, which runs this sweep, to go on.`
            : `Resumed: ${resume.data.requeued} unfinished trial${resume.data.requeued === 1 ? '' : 's'} re-queued.`}
        </p>
      )}
      {sweep.error && <div className="error-box sweep-error-box">{sweep.error}</div>}
      {running && sweep.waiting && <div className="warning-box sweep-waiting" role="status">{sweep.waiting}</div>}
      <dl className="sweep-facts">
        <Fact label="Method">{sweep.method}</Fact>
        <Fact label="Metric">{sweep.metricName ?? <span className="muted">none</span>} <span className="muted">({sweep.metricGoal} {goalArrow})</span></Fact>
        <div>
          <dt>Best</dt>
          <dd>
            {sweep.bestValue === null || sweep.bestTrialId === null ? (
              <span className="muted">no value yet</span>
            ) : (
              <a
                href={routeHref({ name: 'trial', trialId: sweep.bestTrialId })}
                title={repeatsOfSpec(sweep.spec) > 1 ? 'The best config mean over its repeats; opens its first repeat' : 'Open the best trial'}
              >
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
        <Fact label="Duration">{duration === null ? <span className="muted">not started</span> : formatDuration(duration)}</Fact>
        <Fact label="Config">v{sweep.configVersion}</Fact>
        {sweep.maxDurationMs !== null && (
          <Fact label="Time budget">{formatDuration(sweep.runMs)} of {formatDuration(sweep.maxDurationMs)}</Fact>
        )}
        {running && (
          <Fact label="Finish"><SweepEta sweep={sweep} now={now} /></Fact>
        )}
        <SweepFilesFact sweepId={sweep.id} />
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
