import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { migrate, migrationChecksum, SCHEMA_VERSION } from './migrate.ts'
import { MIGRATIONS } from './migrations/index.ts'
import type { Migration } from './migrations/migration.ts'
import { openStore } from './open-store.ts'
import { newSweep, useTempDir } from './test-helpers.ts'

const dir = useTempDir()

// Test migrations come after the shipped ones, whatever their number.
const second: Migration = { version: SCHEMA_VERSION + 1, name: 'sweep-tags', up: 'ALTER TABLE sweeps ADD COLUMN tags TEXT' }
const third: Migration = {
  version: SCHEMA_VERSION + 2,
  name: 'tag-default',
  up: (db) => {
    db.prepare("UPDATE sweeps SET tags = 'none' WHERE tags IS NULL").run()
  },
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return isSweeplabError(e) ? e.code : `not a SweeplabError: ${String(e)}`
  }
  return 'no error'
}

describe('migrations', () => {
  it('applies every migration in order on a new file and records each one', () => {
    const file = join(dir(), 'ws', 'workspace.db')
    const store = openStore(file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const rows = store.db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all()
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, sha256: migrationChecksum(m) })))
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    store.close()
    expect(existsSync(`${file}.bak-v0`)).toBe(false)
  })

  it('is idempotent on reopen and keeps the data', () => {
    const file = join(dir(), 'workspace.db')
    const a = openStore(file)
    const id = a.sweeps.insert(newSweep())
    a.close()
    const b = openStore(file)
    expect(b.sweeps.get(id)?.name).toBe('lr-sweep')
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length })
    b.close()
    expect(existsSync(`${file}.bak-v${SCHEMA_VERSION}`)).toBe(false) // nothing to migrate, nothing to back up
  })

  it('applies later migrations in order, string and function alike, after backing the file up', () => {
    const file = join(dir(), 'workspace.db')
    const store = openStore(file)
    store.sweeps.insert(newSweep())
    const backup = migrate(store.db, file, [...MIGRATIONS, second, third])
    expect(backup).toBe(`${file}.bak-v${SCHEMA_VERSION}`)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 2)
    expect(store.db.prepare('SELECT tags FROM sweeps').get()).toEqual({ tags: 'none' })
    store.close()
    const copy = new Database(`${file}.bak-v${SCHEMA_VERSION}`, { readonly: true })
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(copy.prepare('SELECT COUNT(*) AS n FROM sweeps').get()).toEqual({ n: 1 })
    copy.close()
  })

  it('never overwrites an older backup of the same version', () => {
    const file = join(dir(), 'workspace.db')
    const store = openStore(file)
    writeFileSync(`${file}.bak-v${SCHEMA_VERSION}`, 'older backup')
    const backup = migrate(store.db, file, [...MIGRATIONS, second])
    store.close()
    expect(readFileSync(`${file}.bak-v${SCHEMA_VERSION}`, 'utf8')).toBe('older backup')
    expect(backup).toMatch(new RegExp(`\\.bak-v${SCHEMA_VERSION}-\\d+$`))
    expect(existsSync(backup as string)).toBe(true)
  })

  it('rolls a failing migration back whole, bookkeeping included', () => {
    const file = join(dir(), 'workspace.db')
    const store = openStore(file)
    const broken: Migration = { version: SCHEMA_VERSION + 1, name: 'broken', up: 'ALTER TABLE sweeps ADD COLUMN x TEXT; SELECT * FROM no_such_table' }
    expect(() => migrate(store.db, file, [...MIGRATIONS, broken])).toThrow(/no_such_table/)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM pragma_table_info('sweeps') WHERE name = 'x'").get()).toEqual({ n: 0 })
    expect(store.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: SCHEMA_VERSION })
    store.close()
  })

  it('refuses a migration that was edited after it was applied', () => {
    const file = join(dir(), 'workspace.db')
    const store = openStore(file)
    migrate(store.db, file, [...MIGRATIONS, second])
    const edited: Migration = { ...second, up: 'ALTER TABLE sweeps ADD COLUMN labels TEXT' }
    expect(codeOf(() => migrate(store.db, file, [...MIGRATIONS, edited]))).toBe('store/migration-edited')
    store.close()
  })

  it('refuses a newer schema and leaves the file byte-identical', () => {
    const file = join(dir(), 'workspace.db')
    openStore(file).close()
    const raw = new Database(file)
    // Versions need not be contiguous (each area owns its number), so "newer" is one past the last.
    const newer = SCHEMA_VERSION + 1
    raw.pragma(`user_version = ${newer}`)
    raw.close()
    const before = readFileSync(file)
    let message = ''
    try {
      openStore(file)
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe('store/schema-newer-than-app')
      message = (e as Error).message
    }
    expect(message).toContain(`${file} has schema version ${newer}; this Sweeplab knows up to ${SCHEMA_VERSION}. Update Sweeplab`)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(existsSync(`${file}.bak-v${newer}`)).toBe(false)
  })

  it('refuses an SQLite file of another application without touching it', () => {
    const file = join(dir(), 'other.db')
    const raw = new Database(file)
    raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)')
    raw.close()
    const before = readFileSync(file)
    expect(codeOf(() => openStore(file))).toBe('store/open-failed')
    expect(readFileSync(file).equals(before)).toBe(true)
  })
})
