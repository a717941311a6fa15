import type { SweepDetail, TrialSummary } from '../../../shared/api/types.ts'
import { useSlurmJob } from '../../data/trial-queries.ts'

/** The sweep's `executor:` as stored (the spec is untyped JSON on the wire). */
export function executorOf(sweep: SweepDetail | undefined): { type: string; partition?: string } {
  const ex = (sweep?.spec as { executor?: { type?: unknown; partition?: unknown } } | undefined)?.executor
  const type = typeof ex?.type === 'string' ? ex.type : 'local'
  return typeof ex?.partition === 'string' ? { type, partition: ex.partition } : { type }
}

/** Facts of the trial-facts list: where the trial ran and, on Slurm, its job id, state and node. */
export function ExecutorFacts({ trial, sweep }: { trial: TrialSummary; sweep: SweepDetail | undefined }) {
  const executor = executorOf(sweep)
  const slurm = executor.type === 'slurm'
  const job = useSlurmJob(trial.id, slurm, trial.status)
  return (
    <>
      <div>
        <dt>Executor</dt>
        <dd>{slurm ? `Slurm${executor.partition ? ` (partition ${executor.partition})` : ''}` : 'local workers'}</dd>
      </div>
      {slurm && (
        <div className="slurm-job">
          <dt>Slurm job</dt>
          <dd>
            {job.data
              ? <>{job.data.jobId} · {job.data.state}{job.data.reason ? ` (${job.data.reason})` : ''}{job.data.node ? ` on ${job.data.node}` : ''}</>
              : <span className="muted">{job.isError ? 'unknown' : trial.status === 'queued' ? 'not submitted yet' : 'none recorded'}</span>}
          </dd>
        </div>
      )}
    </>
  )
}
