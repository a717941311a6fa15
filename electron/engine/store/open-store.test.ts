import { spawn, spawnSync } from 'node:child_process'
import { existsSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { SweeplabError } from '../../../shared/errors.ts'
import { openStore, stoppedUncleanly } from './open-store.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()

/** A workspace closed cleanly, then damaged on disk: pages 3..6 (4 KiB pages) overwritten, the header (page 1) intact so SQLite opens it. */
function damagedWorkspace(): string {
  const file = join(dir(), 'workspace.db')
  const store = openStore(file)
  const sweepId = store.sweeps.insert(newSweep())
  for (let i = 0; i < 400; i++) store.trials.insert(newTrial(sweepId, i, { params: { note: 'x'.repeat(200) } }))
  store.close()
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(4 * 4096, 0x5a), 0, 4 * 4096, 2 * 4096)
  closeSync(fd)
  return file
}

function errorOf(fn: () => unknown): SweeplabError {
  try {
    fn()
  } catch (e) {
    if (isSweeplabError(e)) return e
    throw e
  }
  throw new Error('expected an error')
}

describe('openStore', () => {
  it('creates the missing parent folders and sets the pragmas', () => {
    const file = join(dir(), 'a', 'b', 'workspace.db')
    const store = openStore(file)
    expect(existsSync(file)).toBe(true)
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000)
    store.close()
  })

  it('reports a file that is not SQLite as store/open-failed naming it, and leaves it alone', () => {
    const file = join(dir(), 'workspace.db')
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200))
    const before = readFileSync(file)
    const err = errorOf(() => openStore(file))
    expect(err.code).toBe('store/open-failed')
    expect(err.message).toContain(file)
    expect(err.message).toContain('not an SQLite database')
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('reports a damaged database as store/corrupt', () => {
    const file = damagedWorkspace()
    // quick_check runs on open only after an unclean stop: leave what a killed process leaves, a WAL.
    writeFileSync(`${file}-wal`, Buffer.alloc(4096, 0x5a))
    const err = errorOf(() => openStore(file))
    expect(err.code).toBe('store/corrupt')
    expect(err.message).toContain(file)
  })

  it('skips quick_check after a clean close; checkIntegrity still finds the damage', () => {
    const file = damagedWorkspace()
    expect(stoppedUncleanly(file)).toBe(false)
    const pragmas = vi.spyOn(Database.prototype, 'pragma')
    try {
      const store = openStore(file, { readonly: true })
      expect(pragmas.mock.calls.map((c) => c[0])).not.toContain('quick_check')
      expect(store.checkIntegrity().length).toBeGreaterThan(0)
      store.close()
    } finally {
      pragmas.mockRestore()
    }
  })

  it('runs quick_check when the last process was killed with the workspace open (WAL left behind)', () => {
    const file = join(dir(), 'workspace.db')
    openStore(file).close()
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', [
      `const { openStore } = await import(${JSON.stringify(new URL('./open-store.ts', import.meta.url).href)})`,
      `const store = openStore(${JSON.stringify(file)})`,
      `store.sweeps.insert(${JSON.stringify(newSweep({ name: 'k' }))})`,
      "process.kill(process.pid, 'SIGKILL')",
    ].join('\n')], { encoding: 'utf8' })
    expect(child.signal, child.stderr).toBe('SIGKILL')
    expect(stoppedUncleanly(file)).toBe(true)
    const pragmas = vi.spyOn(Database.prototype, 'pragma')
    try {
      const store = openStore(file)
      expect(pragmas.mock.calls.map((c) => c[0])).toContain('quick_check')
      // The killed process's committed row survives in the WAL.
      expect(store.sweeps.list().map((s) => s.name)).toEqual(['k'])
      expect(store.checkIntegrity()).toEqual([])
      store.close()
    } finally {
      pragmas.mockRestore()
    }
    // A clean close checkpoints and removes the WAL: the next open is a clean one again.
    expect(stoppedUncleanly(file)).toBe(false)
  })

  it('refuses an empty path and :memory: instead of silently keeping data in memory', () => {
    expect(errorOf(() => openStore(':memory:')).code).toBe('store/open-failed')
    expect(errorOf(() => openStore('')).code).toBe('store/open-failed')
  })

  it('opens read-only without creating a missing file', () => {
    const file = join(dir(), 'missing.db')
    expect(errorOf(() => openStore(file, { readonly: true })).code).toBe('store/open-failed')
    expect(existsSync(file)).toBe(false)
  })

  it('reads an existing workspace read-only and refuses writes', () => {
    const file = join(dir(), 'workspace.db')
    const rw = openStore(file)
    const id = rw.sweeps.insert(newSweep({ name: 'kept' }))
    rw.close()
    const ro = openStore(file, { readonly: true })
    expect(ro.sweeps.get(id)?.name).toBe('kept')
    expect(() => ro.sweeps.insert(newSweep())).toThrow(/readonly/)
    ro.close()
  })
})

describe('several processes opening one new workspace at once (two CLI runs, app + CLI)', () => {
  it('migrates it once: every process opens it, every migration is recorded once', async () => {
    const file = join(dir(), 'shared.db')
    const openStoreModule = fileURLToPath(new URL('./open-store.ts', import.meta.url))
    const script = `import { openStore } from ${JSON.stringify(openStoreModule)}
try { openStore(${JSON.stringify(file)}).close(); process.stdout.write('ok') } catch (e) { process.stdout.write(String(e.message)) }`
    const run = () => new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (c: Buffer) => (out += c.toString()))
      child.on('close', () => resolve(out))
    })
    // Before each step took the write lock first, 4 at once failed every time ("table … already exists", "database is locked").
    expect(await Promise.all([run(), run(), run(), run()])).toEqual(['ok', 'ok', 'ok', 'ok'])
    const db = new Database(file, { readonly: true })
    const versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version)
    db.close()
    expect(new Set(versions).size).toBe(versions.length)
  })
})
