import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { SweeplabError } from '../../../shared/errors.ts'
import type { Migration } from './migrations/migration.ts'
import { MIGRATIONS } from './migrations/index.ts'

/** The schema version this build writes: the number of the last known migration. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0

const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  applied_at INTEGER NOT NULL           -- epoch ms
) STRICT`

/**
 * The checksum recorded for a migration. SQL text is hashed as written (line endings normalised).
 * A function migration is hashed by version and name only: bundlers (electron-vite) and type
 * stripping rewrite function source, so hashing `fn.toString()` would flag unedited code as edited.
 */
export function migrationChecksum(m: Migration): string {
  const text = typeof m.up === 'string' ? m.up.replace(/\r\n/g, '\n').trim() : `function:${m.version}:${m.name}`
  return createHash('sha256').update(text).digest('hex')
}

export function readUserVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Refuses a schema this build cannot read: newer than SCHEMA_VERSION, or an applied migration that
 * was edited since. Reads only, so a refused file stays byte-identical.
 */
export function checkSchema(db: Database, file: string, migrations: ReadonlyArray<Migration> = MIGRATIONS): number {
  const known = migrations.at(-1)?.version ?? 0
  const version = readUserVersion(db)
  const applied = hasTable(db, 'schema_migrations')
    ? (db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as AppliedRow[])
    : []
  const newest = Math.max(version, applied.at(-1)?.version ?? 0)
  if (newest > known) {
    throw new SweeplabError(
      'store/schema-newer-than-app',
      `${file} has schema version ${newest}; this Sweeplab knows up to ${known}. Update Sweeplab to open this workspace (the file was not changed).`,
      { details: { file, version: newest, known } },
    )
  }
  for (const row of applied) {
    const m = migrations.find((x) => x.version === row.version)
    if (!m || m.name !== row.name || migrationChecksum(m) !== row.sha256) {
      throw new SweeplabError(
        'store/migration-edited',
        `${file}: migration ${row.version} (${row.name}) was changed after it was applied to this workspace; restore it and add a new migration instead.`,
        { details: { file, version: row.version, name: row.name } },
      )
    }
  }
  if (version === 0 && applied.length === 0 && hasForeignTables(db)) {
    throw new SweeplabError('store/open-failed', `${file} is an SQLite database but not a Sweeplab workspace; refusing to change it.`, {
      details: { file },
    })
  }
  return version
}

/**
 * Brings the schema up to the last migration. Each migration, its schema_migrations row and the
 * user_version bump commit in one transaction, so a crash leaves the previous version intact.
 * An existing workspace is first copied to `<file>.bak-v<N>`; a brand-new empty file is not.
 * Returns the path of the backup, or null when none was needed.
 */
export function migrate(db: Database, file: string, migrations: ReadonlyArray<Migration> = MIGRATIONS): string | null {
  const from = checkSchema(db, file, migrations)
  const pending = migrations.filter((m) => m.version > from)
  if (pending.length === 0) return null
  // checkSchema refused version 0 with foreign tables, so version 0 here is a brand-new empty file.
  const backup = from > 0 ? backUp(db, file, from) : null
  for (const m of pending) {
    if (!Number.isSafeInteger(m.version) || m.version <= 0) throw new SweeplabError('internal', `migration ${m.name}: bad version ${m.version}`)
    // IMMEDIATE takes the write lock before reading the version (the busy timeout waits for it), so
    // two processes opening a new workspace at once apply each step once instead of one failing with
    // "database is locked" when its read snapshot went stale under the other's commit.
    db.transaction(() => {
      if (readUserVersion(db) >= m.version) return
      db.exec(BOOKKEEPING_DDL)
      if (typeof m.up === 'string') db.exec(m.up)
      else m.up(db)
      const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (@version, @name, @sha256, @appliedAt)')
      record.run({ version: m.version, name: m.name, sha256: migrationChecksum(m), appliedAt: Date.now() })
      // PRAGMA takes no bound parameters; the version was checked to be a positive integer above.
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
  return backup
}

interface AppliedRow {
  version: number
  name: string
  sha256: string
}

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = @name").get({ name }) !== undefined
}

function hasForeignTables(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined
}

/**
 * Copies the database to `<file>.bak-v<N>` (or `…-<epoch ms>` when that name is taken: an older
 * backup is never overwritten). `VACUUM INTO` rather than `db.backup()`: the latter is async and
 * opening a store is synchronous; both produce a consistent snapshot of a live WAL database.
 */
function backUp(db: Database, file: string, version: number): string {
  let target = `${file}.bak-v${version}`
  if (existsSync(target)) target = `${target}-${Date.now()}`
  db.prepare('VACUUM INTO @target').run({ target })
  return target
}
