import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDiskReserve, DISK_RESERVE_BYTES } from './disk-reserve.ts'
import { openStore } from './open-store.ts'
import { useTempDir } from './test-helpers.ts'

const dir = useTempDir()

describe('the disk-full reserve', () => {
  it('is a real 1 MiB file beside a writable workspace, given back once on release, and made again at the next open', () => {
    const db = join(dir(), 'w.db')
    const store = openStore(db)
    expect(statSync(`${db}-reserve`).size).toBe(DISK_RESERVE_BYTES)
    // Allocated blocks, not a sparse file: only those come back when it is deleted.
    expect(statSync(`${db}-reserve`).blocks * 512).toBeGreaterThanOrEqual(DISK_RESERVE_BYTES)
    expect([store.releaseReserve(), existsSync(`${db}-reserve`), store.releaseReserve()]).toEqual([true, false, false])
    store.close()
    openStore(db).close()
    expect(statSync(`${db}-reserve`).size).toBe(DISK_RESERVE_BYTES)
  })

  it('is not made by a read-only open, and a truncated one is rewritten whole', () => {
    const db = join(dir(), 'w.db')
    openStore(db).close()
    const reader = openStore(db, { readonly: true })
    expect(reader.releaseReserve()).toBe(false)
    reader.close()
    writeFileSync(`${db}-reserve`, 'short')
    createDiskReserve(db)
    expect(statSync(`${db}-reserve`).size).toBe(DISK_RESERVE_BYTES)
  })
})
