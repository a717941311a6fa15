import type { Migration } from './migration.ts'

/** The dataset registry: one row per imported version of a named dataset. */
export const migration0002: Migration = {
  version: 2,
  name: 'datasets',
  up: `
-- A re-import of the same name adds version n+1 (issue 8); trials refer to (name, version) through
-- their spec, so a version's row and file are never changed after import.
CREATE TABLE datasets (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  name         TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  source_path  TEXT NOT NULL,           -- where the user's file was when imported
  stored_path  TEXT NOT NULL,           -- the copy in <workspace>/datasets/<name>-v<version>.<ext>
  format       TEXT NOT NULL,           -- csv | jsonl | text
  content_hash TEXT NOT NULL,           -- sha256 of the stored file
  bytes        INTEGER NOT NULL,
  rows         INTEGER NOT NULL,
  columns_json TEXT NOT NULL,           -- ["text", "label", ...]
  text_column  TEXT,
  label_column TEXT,
  report_json  TEXT NOT NULL,           -- the import report: duplicates, near-duplicates, PII, class balance
  created_at   INTEGER NOT NULL,        -- epoch ms
  UNIQUE (name, version)
) STRICT;
`,
}
