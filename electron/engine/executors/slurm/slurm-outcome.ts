import type { TrialOutcome, CancelReason } from '../../workers/protocol.ts'
import type { SlurmJobState } from './parse-slurm-output.ts'

/** "Slurm: TIMEOUT (TimeLimit)": the state and reason as Slurm reports them, for the trial's error. */
export function describeSlurmState(s: Pick<SlurmJobState, 'state' | 'reason'>): string {
  return `Slurm: ${s.state}${s.reason ? ` (${s.reason})` : ''}`
}

/** A trial the engine itself stopped (cancel, timeout, prune, disk full) ends as the engine asked. */
export function outcomeOfStop(reason: CancelReason, jobId: string): TrialOutcome {
  const status = reason === 'timeout' ? 'timeout' : reason === 'cancelled' ? 'cancelled' : reason === 'pruned' ? 'pruned' : 'interrupted'
  return { status, exitCode: null, signal: null, backend: null, error: `${reason === 'pruned' ? 'pruned' : reason}: Slurm job ${jobId} was cancelled with scancel` }
}

/**
 * How a job that ended without a Sweeplab outcome in its stream ends as a trial: Slurm's time limit is
 * `timeout`, a cancel from outside `cancelled`, preemption and node failures `crashed` (so `retries`
 * runs it again), running out of memory `failed`; anything else `crashed` with what is known.
 */
export function outcomeOfSlurmEnd(s: SlurmJobState, jobId: string, detail: string | null): TrialOutcome {
  const what = describeSlurmState(s)
  const more = detail ? `; ${detail}` : ''
  const exit = s.exitCode ? `, exit code ${s.exitCode}` : ''
  switch (s.state) {
    case 'TIMEOUT':
    case 'DEADLINE':
      return { status: 'timeout', exitCode: null, signal: null, backend: null, error: `${what}: job ${jobId} reached its time limit${more}` }
    case 'CANCELLED':
      return { status: 'cancelled', exitCode: null, signal: null, backend: null, error: `${what}: job ${jobId} was cancelled outside Sweeplab${more}` }
    case 'OUT_OF_MEMORY':
      return { status: 'failed', exitCode: null, signal: null, backend: null, error: `${what}: job ${jobId} ran out of memory (raise executor.mem)${more}` }
    case 'PREEMPTED':
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
      return { status: 'crashed', exitCode: null, signal: null, backend: null, error: `${what}: job ${jobId} was stopped by the cluster${more}` }
    default:
      return { status: 'crashed', exitCode: null, signal: null, backend: null, error: `${what}${exit}: job ${jobId} ended without reporting how its trial ended${more}` }
  }
}
