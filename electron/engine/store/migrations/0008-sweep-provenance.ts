import type { Migration } from './migration.ts'

/** Dataset versions used by sweeps, retrain lineage and the environment at creation (issue 8 §7). */
export const migration0008: Migration = {
  version: 8,
  name: 'sweep-provenance',
  up: `
-- One row per sweep, written when the sweep is created and never changed. A table of its own (not
-- columns on sweeps) because sweeps created before this migration have no such facts to record.
CREATE TABLE sweep_provenance (
  sweep_id         INTEGER PRIMARY KEY REFERENCES sweeps(id) ON DELETE CASCADE,
  dataset_kind     TEXT,                -- registered | builtin | file; NULL: no dataset: key
  dataset_name     TEXT,
  dataset_version  INTEGER,             -- the exact version trained on (registered datasets)
  dataset_hash     TEXT,                -- sha256 of that version's stored copy
  -- A retrain's parent. SET NULL keeps the retrain readable after its parent is deleted: retrain_json
  -- holds the parent's values of the configs it took over.
  parent_sweep_id  INTEGER REFERENCES sweeps(id) ON DELETE SET NULL,
  retrain_json     TEXT,                -- {parentSweepId, top, seeds, metric, configs: [{rank, parentTrialId, params, seed, oldValue}]}
  environment_json TEXT NOT NULL        -- Sweeplab version, Node, OS, git state of a command sweep's folder
) STRICT;
CREATE INDEX sweep_provenance_by_parent ON sweep_provenance (parent_sweep_id);
`,
}
