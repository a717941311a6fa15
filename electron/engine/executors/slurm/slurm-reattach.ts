import { join } from 'node:path'
import type { Store } from '../../store/store-types.ts'
import { queryAccounting, queryQueue, runSlurmCommand } from './slurm-commands.ts'
import type { SlurmJobRepo } from './slurm-job-repo.ts'
import { slurmJobName } from './sbatch-script.ts'
import { readNewLines, STREAM_FILE } from './stream-file.ts'

/** A trial whose Slurm job an earlier engine submitted, to be followed again rather than resubmitted. */
export interface AttachedTrial {
  trialId: number
  index: number
  attempt: number
  params: Record<string, unknown>
  seed: number
  jobId: string
  offset: number
  trialDir: string
}

/**
 * The trials of a sweep left queued or running by an engine that stopped, whose Slurm job is still
 * known to Slurm (queued, running, or ended but not yet read) or has stream lines not yet ingested.
 * Trials without a job (the engine stopped before sbatch answered) are not among them: resume runs
 * them again as new attempts.
 */
export async function findReattachable(
  store: Store,
  jobs: SlurmJobRepo,
  sweepId: number,
  workspaceDir: string,
  run = runSlurmCommand,
): Promise<AttachedTrial[]> {
  const left = store.trials.listByStatus(sweepId, ['queued', 'running'])
  const withJob = left.flatMap((t) => {
    const j = jobs.get(t.id)
    return j ? [{ t, j }] : []
  })
  if (withJob.length === 0) return []
  const known = new Set((await queryQueue([slurmJobName(sweepId, workspaceDir)], run) ?? []).map((s) => s.jobId))
  const unknown = withJob.filter(({ j }) => !known.has(j.jobId)).map(({ j }) => j.jobId)
  for (const s of (await queryAccounting(unknown, run)) ?? []) known.add(s.jobId)
  const out: AttachedTrial[] = []
  for (const { t, j } of withJob) {
    const trialDir = join(workspaceDir, 'trials', String(sweepId), String(t.id))
    const unread = readNewLines(join(trialDir, STREAM_FILE), j.streamOffset).lines.length > 0
    if (!known.has(j.jobId) && !unread) continue
    out.push({ trialId: t.id, index: t.index, attempt: t.attempt, params: t.params, seed: t.seed, jobId: j.jobId, offset: j.streamOffset, trialDir })
  }
  return out
}
