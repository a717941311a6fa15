import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { newSweep, useTempDir } from '../store/test-helpers.ts'
import { createDiskHold } from './disk-hold.ts'

const dir = useTempDir()
let store: Store
beforeEach(() => {
  store = openStore(join(dir(), 'w.db'))
})
afterEach(() => store.close())

describe('the disk hold', () => {
  it('records a change once on the sweep and as an event, and reads the disk at most as often as asked', () => {
    const id = store.sweeps.insert(newSweep())
    let free = 1e8
    let reads = 0
    const changed: number[] = []
    const hold = createDiskHold({ store, path: '/ws', statfs: () => (reads++, { freeBytes: free, totalBytes: 1e11 }), sweepChanged: (s) => changed.push(s), log: () => {} })
    expect(hold.holds(id, '1GB', 60_000)).toBe(true)
    expect(hold.holds(id, '1GB', 60_000)).toBe(true)
    expect(reads).toBe(1)
    expect(changed).toEqual([id])
    expect(store.sweeps.summary(id)?.waiting).toMatch(/^paused: 100 MB free on \/ws, needs 1\.0 GB/)
    free = 5e9
    expect(hold.holds(id, '1GB', 60_000)).toBe(true)
    expect(hold.holds(id, '1GB', 0)).toBe(false)
    expect(changed).toEqual([id, id])
    expect(store.sweeps.summary(id)?.waiting).toBeNull()
    expect(hold.isHeld(id)).toBe(false)
  })

  it('holds nothing when the disk cannot be read, and says so once', () => {
    const id = store.sweeps.insert(newSweep())
    const logs: string[] = []
    const hold = createDiskHold({ store, path: '/gone', statfs: () => { throw new Error('EACCES') }, sweepChanged: () => {}, log: (m) => logs.push(m) })
    expect(hold.holds(id, '1GB', 0)).toBe(false)
    expect(hold.holds(id, '1GB', 0)).toBe(false)
    expect(logs).toEqual(['cannot read the free space of /gone: EACCES; disk.min_free is not checked'])
  })
})
