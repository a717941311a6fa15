import type { Store } from '../../store/store-types.ts'
import { cancelJobs, runSlurmCommand } from './slurm-commands.ts'
import type { SlurmJobRepo } from './slurm-job-repo.ts'

/**
 * `cancel` on a Slurm sweep whose engine is gone: scancel the jobs of its trials still recorded as
 * queued or running, so nothing keeps computing for a sweep no one follows. Without sbatch on this
 * machine (a copy of the workspace elsewhere) there is nothing to cancel from here; that is said in the log.
 */
export async function cancelOrphanedJobs(store: Store, jobs: SlurmJobRepo, sweepId: number, log: (msg: string) => void, run = runSlurmCommand): Promise<number> {
  const ids = store.trials.listByStatus(sweepId, ['queued', 'running']).flatMap((t) => {
    const j = jobs.get(t.id)
    return j ? [j.jobId] : []
  })
  if (ids.length === 0) return 0
  const r = await cancelJobs(ids, run)
  if (r.code !== 0) log(`sweep ${sweepId}: scancel ${ids.join(' ')}: ${r.stderr.trim() || `exit code ${r.code}`}`)
  else log(`sweep ${sweepId}: cancelled Slurm job(s) ${ids.join(' ')}`)
  return ids.length
}
