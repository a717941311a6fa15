import type { Database } from 'better-sqlite3'

export interface SlurmJobRow {
  trialId: number
  jobId: string
  streamOffset: number
  state: string
  reason: string | null
  node: string | null
  submittedAt: number
  updatedAt: number
}

interface Row {
  trial_id: number
  job_id: string
  stream_offset: number
  state: string
  reason: string | null
  node: string | null
  submitted_at: number
  updated_at: number
}

const fromRow = (r: Row): SlurmJobRow => ({
  trialId: r.trial_id, jobId: r.job_id, streamOffset: r.stream_offset, state: r.state, reason: r.reason, node: r.node,
  submittedAt: r.submitted_at, updatedAt: r.updated_at,
})

/** The `slurm_jobs` table (migration 0009): one row per trial submitted to Slurm. */
export function createSlurmJobRepo(db: Database) {
  const insert = db.prepare(
    `INSERT INTO slurm_jobs (trial_id, job_id, stream_offset, state, reason, node, submitted_at, updated_at)
     VALUES (@trialId, @jobId, 0, 'PENDING', NULL, NULL, @now, @now)
     ON CONFLICT(trial_id) DO UPDATE SET job_id = excluded.job_id, stream_offset = 0, state = 'PENDING', reason = NULL, node = NULL, submitted_at = excluded.submitted_at, updated_at = excluded.updated_at`,
  )
  const get = db.prepare<[number], Row>('SELECT * FROM slurm_jobs WHERE trial_id = ?')
  const bySweep = db.prepare<[number], Row>('SELECT s.* FROM slurm_jobs s JOIN trials t ON t.id = s.trial_id WHERE t.sweep_id = ? ORDER BY s.trial_id')
  const setOffset = db.prepare('UPDATE slurm_jobs SET stream_offset = @offset WHERE trial_id = @trialId AND stream_offset < @offset')
  const setState = db.prepare('UPDATE slurm_jobs SET state = @state, reason = @reason, node = @node, updated_at = @now WHERE trial_id = @trialId')
  return {
    /** Records the job sbatch gave a trial (inside the caller's transaction when there is one). */
    record(trialId: number, jobId: string, now = Date.now()): void {
      insert.run({ trialId, jobId, now })
    },
    get(trialId: number): SlurmJobRow | undefined {
      const r = get.get(trialId)
      return r ? fromRow(r) : undefined
    },
    listBySweep(sweepId: number): SlurmJobRow[] {
      return bySweep.all(sweepId).map(fromRow)
    },
    /** Never moves backwards: a stale offset written late must not make rows be read twice. */
    setOffset(trialId: number, offset: number): void {
      setOffset.run({ trialId, offset })
    },
    setState(trialId: number, s: { state: string; reason: string | null; node: string | null }, now = Date.now()): void {
      setState.run({ trialId, ...s, now })
    },
  }
}

export type SlurmJobRepo = ReturnType<typeof createSlurmJobRepo>
