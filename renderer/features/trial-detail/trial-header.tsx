import type { SweepDetail, TrialSummary } from '../../../shared/api/types.ts'
import { useCancelTrial } from '../../data/trial-queries.ts'
import { Badge } from '../../ui/badge.tsx'
import { formatDuration, formatMetric } from '../../ui/format.ts'
import { useNow } from '../../ui/use-now.ts'
import { trialStatusTone } from '../../ui/trial-status-tone.ts'
import { FAILURE_REASON_LABELS } from '../../../shared/failure-reasons.ts'
import { ExecutorFacts } from './executor-facts.tsx'
import { Fact } from '../../ui/fact.tsx'

export interface Neighbours {
  prev: TrialSummary | null
  next: TrialSummary | null
}

export function trialLabel(t: Pick<TrialSummary, 'index' | 'attempt'>): string {
  // Reruns count down from -1, outside the search sequence.
  const base = t.index < 0 ? `Rerun ${-t.index}` : `Trial #${t.index}`
  return t.attempt > 1 ? `${base} (attempt ${t.attempt})` : base
}

/** Title, status, how it ended and how long it ran; Cancel while it runs; previous / next trial. */
export function TrialHeader({ trial, sweep, neighbours }: { trial: TrialSummary; sweep: SweepDetail | undefined; neighbours: Neighbours }) {
  const cancel = useCancelTrial()
  const running = trial.status === 'running'
  const now = useNow(running ? 1000 : 60_000)
  const duration = trial.startedAt === null ? null : (trial.endedAt ?? now) - trial.startedAt
  const ended = trial.exitCode !== null || trial.signal !== null
  return (
    <header className="trial-header">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Sweeps</a> / <a href={`#/sweeps/${trial.sweepId}`}>{sweep?.name ?? `sweep ${trial.sweepId}`}</a> / <span aria-current="page">{trialLabel(trial)}</span>
      </nav>
      <div className="trial-title">
        <h2>{trialLabel(trial)}</h2>
        <Badge tone={trialStatusTone(trial.status)}>{trial.status}</Badge>
        <span className="trial-title-spacer" />
        {running && (
          <button type="button" onClick={() => cancel.mutate(trial.id)} disabled={cancel.isPending}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel trial'}
          </button>
        )}
        <nav aria-label="Other trials" className="trial-pager">
          {neighbours.prev ? <a href={`#/trials/${neighbours.prev.id}`} rel="prev" title="Previous trial (key: [)">← {trialLabel(neighbours.prev)}</a> : <span className="muted">← first</span>}
          {neighbours.next ? <a href={`#/trials/${neighbours.next.id}`} rel="next" title="Next trial (key: ])">{trialLabel(neighbours.next)} →</a> : <span className="muted">last →</span>}
        </nav>
      </div>
      {cancel.isError && <div className="error-box" role="alert">Could not cancel: {cancel.error.message}</div>}
      {cancel.data?.requestedFrom != null && (
        <p className="muted" role="status">Asked the process running this sweep (pid {cancel.data.requestedFrom}) to cancel it.</p>
      )}
      {trial.error && (
        <div className="error-box trial-error" role="alert">
          <strong>{trial.status === 'completed' ? 'Note' : `Trial ${trial.status}`}:</strong> <span className="trial-error-text">{trial.error}</span>
        </div>
      )}
      <dl className="trial-facts">
        {sweep?.metricName && (
          <div>
            <dt>{sweep.metricName} {sweep.metricGoal === 'minimize' ? '↓' : '↑'}</dt>
            <dd>
              {trial.finalValue === null ? <span className="muted">—</span> : formatMetric(trial.finalValue)}
              {trial.bestValue !== null && trial.bestValue !== trial.finalValue && <span className="muted"> (best {formatMetric(trial.bestValue)})</span>}
              {sweep.bestTrialId === trial.id && <> <Badge tone="success">best of sweep</Badge></>}
            </dd>
          </div>
        )}
        <Fact label="Duration">{duration === null ? <span className="muted">not started</span> : formatDuration(duration)}</Fact>
        <Fact label="Started">{trial.startedAt === null ? <span className="muted">—</span> : new Date(trial.startedAt).toLocaleString()}</Fact>
        {trial.failureReason !== null && (
          <div className="trial-failure">
            <dt>Reason</dt>
            <dd data-reason={trial.failureReason}>
              <strong>{FAILURE_REASON_LABELS[trial.failureReason]}</strong>
              {trial.failureNote && <span className="muted"> — {trial.failureNote}</span>}
            </dd>
          </div>
        )}
        {trial.prunedAtStep !== null && (
          <Fact label="Pruned">at step {trial.prunedAtStep}</Fact>
        )}
        {ended && (
          <Fact label="Exit">{trial.signal ? `signal ${trial.signal}` : `code ${trial.exitCode}`}</Fact>
        )}
        <Fact label="Seed">{trial.seed}</Fact>
        <Fact label="Config">v{trial.configVersion}</Fact>
        {trial.rerunOf !== null && (
          <Fact label="Rerun of"><a href={`#/trials/${trial.rerunOf}`}>trial {trial.rerunOf}</a></Fact>
        )}
        {trial.configIndex !== undefined && trial.configIndex !== null && (
          <div>
            <dt>Repeat</dt>
            <dd data-testid="trial-repeat">{(trial.repeat ?? 0) + 1} of config {trial.configIndex}</dd>
          </div>
        )}
        {trial.workerId !== null && (
          <Fact label="Worker">{trial.workerId}</Fact>
        )}
        <ExecutorFacts trial={trial} sweep={sweep} />
        <Fact label="Backend">{trial.backend ?? <span className="muted">{trial.status === 'queued' ? 'not chosen yet' : 'not reported'}</span>}</Fact>
      </dl>
      {trial.backendNote && <p className="backend-note"><span className="muted">Backend choice:</span> {trial.backendNote}</p>}
    </header>
  )
}
