import type { Migration } from './migration.ts'

/** Steering a running sweep (issue 8 §2): config versions, the version each trial came from, reruns, paused time. */
export const migration0004: Migration = {
  version: 4,
  name: 'sweep-versions',
  up: `
-- Every config a sweep has run under: version 1 is the file it started from, each edit adds one.
-- sweeps.spec_json / spec_text keep a copy of the latest version, so readers of a sweep need no join.
CREATE TABLE sweep_versions (
  sweep_id   INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  spec_json  TEXT NOT NULL,
  spec_text  TEXT NOT NULL,
  note       TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (sweep_id, version)
) STRICT;
INSERT INTO sweep_versions (sweep_id, version, spec_json, spec_text, note, created_at)
  SELECT id, 1, spec_json, spec_text, NULL, created_at FROM sweeps;

ALTER TABLE sweeps ADD COLUMN config_version INTEGER NOT NULL DEFAULT 1;
-- Time spent running (not paused) in earlier runs of the sweep, for max_duration.
ALTER TABLE sweeps ADD COLUMN run_ms INTEGER NOT NULL DEFAULT 0;

-- The config version a trial was sampled from (a retry keeps its first attempt's).
ALTER TABLE trials ADD COLUMN config_version INTEGER NOT NULL DEFAULT 1;
-- A rerun (sweeplab rerun / rerun-best): the trial it repeats. Reruns take negative idx values,
-- outside the search sequence, so they never collide with a sampled index.
ALTER TABLE trials ADD COLUMN rerun_of INTEGER REFERENCES trials(id) ON DELETE SET NULL;
`,
}
