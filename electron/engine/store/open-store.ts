import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { SweeplabError, isSweeplabError } from '../../../shared/errors.ts'
import { checkSchema, migrate, SCHEMA_VERSION } from './migrate.ts'
import { isDiskFullError } from './disk-full.ts'
import { createDiskReserve } from './disk-reserve.ts'
import type { Store } from './store-types.ts'
import { createSweepRepo } from './sweep-repo.ts'
import { createTrialRepo } from './trial-repo.ts'
import { createMetricRepo } from './metric-repo.ts'
import { createLogRepo } from './log-repo.ts'
import { createControlRepo } from './control-repo.ts'
import { createVersionRepo } from './version-repo.ts'
import { createArtifactRepo } from './artifact-repo.ts'
import { createDatasetRepo } from './dataset-repo.ts'
import { createProvenanceRepo } from './provenance-repo.ts'

export interface OpenStoreOptions {
  /** Opens an existing, current workspace for reading (CLI `ls`/`show`/`export`); never migrates or creates. */
  readonly?: boolean
}

/**
 * Opens (creating it and its folder when missing) and migrates the workspace database, running
 * `quick_check` first when the last session did not close it cleanly.
 * Throws SweeplabError `store/open-failed`, `store/corrupt`, `store/schema-newer-than-app` or
 * `store/migration-edited`; never falls back to `:memory:` and never deletes or replaces the file.
 */
export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  const readonly = opts.readonly === true
  if (path === '' || path === ':memory:') throw new SweeplabError('store/open-failed', `"${path}" is not a workspace file path`)
  // Read before SQLite opens (and may recover) the file: see `stoppedUncleanly`.
  const unclean = stoppedUncleanly(path)
  let db: Database.Database
  try {
    if (!readonly) mkdirSync(dirname(path), { recursive: true })
    db = new Database(path, { readonly, fileMustExist: readonly })
  } catch (e) {
    throw openFailed(path, e)
  }
  try {
    // Connection-level settings only: nothing below writes to the file before checkSchema accepted it.
    db.pragma('busy_timeout = 5000') // the CLI may read while the engine commits a batch; 5 s covers a long checkpoint
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL') // WAL + NORMAL: a committed batch survives an app crash; power loss may drop the last ones
    // 32 MiB page cache (default 2 MiB): 100 trials appending to the metrics b-tree touch ~100 leaf pages per batch.
    db.pragma('cache_size = -32768')
    if (unclean) quickCheck(db, path)
    if (readonly) {
      const version = checkSchema(db, path)
      if (version < SCHEMA_VERSION) {
        throw new SweeplabError('store/open-failed', `${path} has schema version ${version} and needs an upgrade to ${SCHEMA_VERSION}; open it once without read-only mode`, {
          details: { file: path, version, known: SCHEMA_VERSION },
        })
      }
    } else {
      checkSchema(db, path)
      db.pragma('journal_mode = WAL')
      // Checkpoint every 10,000 pages (~40 MiB) instead of 1,000: metric ingest measured ~30% faster,
      // and the WAL is cut back to 64 MiB afterwards so it never stays large.
      db.pragma('wal_autocheckpoint = 10000')
      db.pragma('journal_size_limit = 67108864')
      migrate(db, path)
    }
    return createStore(db, path, readonly)
  } catch (e) {
    db.close()
    if (isSweeplabError(e)) throw e
    throw classify(path, e)
  }
}

function createStore(db: Database.Database, path: string, readonly: boolean): Store {
  const reserve = readonly ? null : createDiskReserve(path)
  return {
    db,
    path,
    sweeps: createSweepRepo(db),
    trials: createTrialRepo(db),
    metrics: createMetricRepo(db),
    logs: createLogRepo(db),
    control: createControlRepo(db),
    versions: createVersionRepo(db),
    artifacts: createArtifactRepo(db),
    datasets: createDatasetRepo(db),
    provenance: createProvenanceRepo(db),
    checkIntegrity() {
      let rows: Array<{ integrity_check: string }>
      try {
        rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>
      } catch (e) {
        // Damage bad enough that SQLite cannot even walk the tree is an answer, not a failure.
        if (isCorruptError(e)) return [errorMessage(e)]
        throw e
      }
      const messages = rows.map((r) => r.integrity_check)
      return messages.length === 1 && messages[0] === 'ok' ? [] : messages
    },
    releaseReserve() {
      return reserve?.release() ?? false
    },
    close() {
      if (!db.open) return
      // Lets SQLite refresh planner statistics it found stale during this session (cheap; see sqlite.org/lang_analyze.html).
      if (!readonly) {
        try {
          db.pragma('optimize')
        } catch (e) {
          // Best effort only: on a full disk (or a busy one) the statistics can wait, the close cannot.
          if (!isDiskFullError(e) && (e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e
        }
      }
      db.close()
    },
  }
}

/**
 * Whether the last process to use the workspace stopped without closing it (a crash, kill -9,
 * power loss). The last connection to close cleanly checkpoints the WAL and deletes `<db>-wal`;
 * a non-empty one left behind means nobody did. Then (and only then: quick_check reads every
 * b-tree page, ~100 ms at a million metric points, which every `sweeplab ls` would pay) the file
 * is checked before use. A WAL of a process still running counts too: rare, and merely cautious.
 */
export function stoppedUncleanly(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0
  } catch {
    return false
  }
}

function quickCheck(db: Database.Database, path: string): void {
  const result = db.pragma('quick_check', { simple: true })
  if (result !== 'ok') throw new SweeplabError('store/corrupt', `${path} is damaged (quick_check: ${String(result)}); restore it from a backup such as ${path}.bak-v*`, { details: { file: path } })
}

function isCorruptError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_CORRUPT_INDEX'
}

function classify(path: string, e: unknown): SweeplabError {
  if (isCorruptError(e)) {
    return new SweeplabError('store/corrupt', `${path} is damaged (${errorMessage(e)}); restore it from a backup such as ${path}.bak-v*`, { cause: e, details: { file: path } })
  }
  return openFailed(path, e)
}

function openFailed(path: string, e: unknown): SweeplabError {
  const code = (e as { code?: unknown }).code
  const why = code === 'SQLITE_NOTADB' ? 'it is not an SQLite database (is this really a Sweeplab workspace?)' : errorMessage(e)
  return new SweeplabError('store/open-failed', `cannot open workspace ${path}: ${why}`, { cause: e, details: { file: path } })
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
