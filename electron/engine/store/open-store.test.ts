import { existsSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { SweeplabError } from '../../../shared/errors.ts'
import { openStore } from './open-store.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()

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
    const file = join(dir(), 'workspace.db')
    const store = openStore(file)
    const sweepId = store.sweeps.insert(newSweep())
    for (let i = 0; i < 400; i++) store.trials.insert(newTrial(sweepId, i, { params: { note: 'x'.repeat(200) } }))
    store.close()
    // Scribble over pages 3..6 (4 KiB pages); the header (page 1) stays valid so SQLite opens it.
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4 * 4096, 0x5a), 0, 4 * 4096, 2 * 4096)
    closeSync(fd)
    const err = errorOf(() => openStore(file))
    expect(err.code).toBe('store/corrupt')
    expect(err.message).toContain(file)
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
