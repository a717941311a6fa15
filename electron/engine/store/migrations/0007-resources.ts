import type { Migration } from './migration.ts'

/** Resources and budgets (issue 8 §5): why a running sweep is not launching, and checkpoints retention deleted. */
export const migration0007: Migration = {
  version: 7,
  name: 'resources',
  up: `
-- Why a running sweep starts no new trial now (e.g. "paused: 0.8 GB free on /data, needs 2 GB");
-- NULL while it launches normally. Written by the engine that runs it, so every process shows it.
ALTER TABLE sweeps ADD COLUMN waiting TEXT;
-- When checkpoint retention (keep:) deleted the artifact's files; the row stays so the trial's
-- page can say what was there and why it is gone. NULL: the files are where path says.
ALTER TABLE artifacts ADD COLUMN deleted_at INTEGER;
`,
}
