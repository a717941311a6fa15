import type { Migration } from './migration.ts'

/** `repeats: n` (issue 8 §3): which config a trial repeats and which of its seeds it runs. */
export const migration0005: Migration = {
  version: 5,
  name: 'trial-repeats',
  up: `
-- Sweeps with repeats: the trial's search index is config_index * n + repeat, so each
-- (config_index, repeat) is one idx and retries and resume work per repeat unchanged. NULL in sweeps
-- without repeats (every trial its own config).
ALTER TABLE trials ADD COLUMN config_index INTEGER;
ALTER TABLE trials ADD COLUMN repeat INTEGER;
CREATE INDEX trials_by_config ON trials (sweep_id, config_index) WHERE config_index IS NOT NULL;
`,
}
