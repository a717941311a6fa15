import type { Migration } from './migration.ts'

/** The first schema: sweeps, trials (one row per attempt), metric points, logs, artifacts. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
-- AUTOINCREMENT: ids are shown to users ("sweeplab show 3") and key the log-seq cache, so a deleted
-- sweep's or trial's id must never be handed out again.
CREATE TABLE sweeps (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  description TEXT,
  method      TEXT NOT NULL,            -- grid | random | bayes
  status      TEXT NOT NULL,            -- running | completed | failed | cancelled | interrupted
  spec_json   TEXT NOT NULL,            -- the validated spec, defaults filled in
  spec_text   TEXT NOT NULL,            -- the file exactly as the user wrote it
  spec_file   TEXT,
  metric_name TEXT,
  metric_goal TEXT NOT NULL DEFAULT 'minimize',
  seed        INTEGER NOT NULL,
  total       INTEGER,                  -- trials the sweep runs in all; NULL = unbounded
  next_index  INTEGER NOT NULL DEFAULT 0, -- next search index to sample; resume continues from here
  workers     INTEGER NOT NULL,
  engine_pid  INTEGER,                  -- process that runs it now; NULL when none
  heartbeat_at INTEGER,                 -- refreshed every few seconds by that process: a stale one means it died
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  ended_at    INTEGER,
  error       TEXT
) STRICT;

CREATE TABLE trials (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,         -- position in the search sequence
  attempt     INTEGER NOT NULL DEFAULT 1, -- retries and resumed runs of the same idx
  status      TEXT NOT NULL,            -- see shared/status.ts
  params_json TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  worker_id   INTEGER,
  pid         INTEGER,                  -- process group of a command trial
  backend     TEXT,
  backend_note TEXT,                    -- how the backend was chosen and why faster ones were not used
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  ended_at    INTEGER,
  duration_ms REAL,                     -- from a monotonic clock, immune to clock jumps
  exit_code   INTEGER,
  signal      TEXT,
  error       TEXT,
  final_value REAL,                     -- sweep metric: value at the last step
  best_value  REAL,                     -- sweep metric: best over steps
  last_step   INTEGER,
  UNIQUE (sweep_id, idx, attempt)
) STRICT;
CREATE INDEX trials_by_sweep_status ON trials (sweep_id, status);

CREATE TABLE metrics (
  trial_id  INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  step      INTEGER NOT NULL,
  value     REAL,                       -- NULL encodes NaN
  wall_time REAL NOT NULL,              -- epoch ms
  PRIMARY KEY (trial_id, name, step)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  stream   TEXT NOT NULL,               -- stdout | stderr | system
  time     INTEGER NOT NULL,
  line     TEXT NOT NULL,
  PRIMARY KEY (trial_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE artifacts (
  id         INTEGER PRIMARY KEY,
  trial_id   INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL,
  path       TEXT,
  size       INTEGER,
  meta_json  TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX artifacts_by_trial ON artifacts (trial_id);

-- Requests from another process (the CLI's "cancel", the app) to the engine that runs a sweep;
-- that engine polls for unhandled rows, acts, and stamps handled_at.
CREATE TABLE control_requests (
  id         INTEGER PRIMARY KEY,
  sweep_id   INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  trial_id   INTEGER REFERENCES trials(id) ON DELETE CASCADE,
  action     TEXT NOT NULL,             -- cancel-sweep | cancel-trial
  created_at INTEGER NOT NULL,
  handled_at INTEGER
) STRICT;
CREATE INDEX control_requests_pending ON control_requests (handled_at, sweep_id);
`,
}
