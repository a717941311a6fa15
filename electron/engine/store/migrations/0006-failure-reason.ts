import type { Migration } from './migration.ts'

/** Why each trial that ended did not complete (issue 8 §4): a fixed reason and one line for people. */
export const migration0006: Migration = {
  version: 6,
  name: 'failure-reason',
  up: `
-- One of shared/failure-reasons.ts; NULL for completed (and still running) trials.
ALTER TABLE trials ADD COLUMN failure_reason TEXT;
-- The one-line explanation shown beside the reason (the full story stays in error and the logs).
ALTER TABLE trials ADD COLUMN failure_note TEXT;

-- Trials that ended before this migration: classified from what the row holds (no log scan).
UPDATE trials SET failure_reason = CASE
    WHEN status = 'diverged' THEN 'nan_metric'
    WHEN status IN ('timeout', 'pruned', 'cancelled', 'interrupted') THEN status
    WHEN status IN ('failed', 'crashed') AND (exit_code = 137 OR signal = 'SIGKILL'
      OR error LIKE '%out of memory%' OR error LIKE '%OutOfMemoryError%' OR error LIKE '%ResourceExhaustedError%'
      OR error LIKE '%MemoryError%' OR error LIKE '%std::bad_alloc%' OR error LIKE '%Cannot allocate memory%'
      OR error LIKE '%ENOMEM%') THEN 'oom'
    WHEN status = 'crashed' THEN 'worker_crash'
    WHEN error LIKE 'could not start %' THEN 'start_failed'
    WHEN signal IS NOT NULL THEN 'signal'
    WHEN exit_code IS NOT NULL AND exit_code <> 0 THEN 'nonzero_exit'
    ELSE 'trainer_error' END,
  failure_note = substr(COALESCE(error, status), 1, 240)
WHERE status IN ('failed', 'crashed', 'diverged', 'timeout', 'pruned', 'cancelled', 'interrupted');
CREATE INDEX trials_by_sweep_reason ON trials (sweep_id, failure_reason);
`,
}
