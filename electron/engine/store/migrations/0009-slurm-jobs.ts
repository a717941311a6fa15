import type { Migration } from './migration.ts'

/** The Slurm job of each trial that ran on a cluster (issue 9): resume re-attaches to it instead of resubmitting. */
export const migration0009: Migration = {
  version: 9,
  name: 'slurm-jobs',
  up: `
CREATE TABLE slurm_jobs (
  trial_id      INTEGER PRIMARY KEY REFERENCES trials(id) ON DELETE CASCADE,
  -- sbatch's id: "123" for a single job, "123_4" for task 4 of job array 123 (what squeue -r and scancel take).
  job_id        TEXT NOT NULL,
  -- Bytes of the trial's stream file already ingested, committed with the rows they carried.
  stream_offset INTEGER NOT NULL DEFAULT 0,
  -- Slurm's state as last seen (PENDING, RUNNING, COMPLETED, TIMEOUT, CANCELLED, PREEMPTED, NODE_FAIL, ...).
  state         TEXT NOT NULL,
  reason        TEXT,
  node          TEXT,
  submitted_at  INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX slurm_jobs_job ON slurm_jobs(job_id);
`,
}
