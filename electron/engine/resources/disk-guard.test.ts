import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lowDiskMessage, minFreeBytes, nodeStatFs } from './disk-guard.ts'

const GB = 1e9

describe('the free-space guard', () => {
  it('defaults to 1 GB, or 5% of a disk smaller than 20 GB', () => {
    expect(minFreeBytes(undefined, 500 * GB)).toBe(GB)
    expect(minFreeBytes(undefined, 10 * GB)).toBe(0.5 * GB)
    expect(minFreeBytes('2GB', 500 * GB)).toBe(2 * GB)
    expect(minFreeBytes('10%', 500 * GB)).toBe(50 * GB)
    expect(minFreeBytes(0, 500 * GB)).toBe(0)
  })

  it('holds launches below the threshold with a message that says where, how much and what it needs', () => {
    expect(lowDiskMessage({ freeBytes: 3 * GB, totalBytes: 100 * GB }, '2GB', '/data/ws.files')).toBeNull()
    expect(lowDiskMessage({ freeBytes: 0.8 * GB, totalBytes: 100 * GB }, '2GB', '/data/ws.files')).toBe(
      'paused: 800 MB free on /data/ws.files, needs 2.0 GB (disk.min_free); running trials go on and new ones start once space is freed',
    )
    // 0 turns the check off, even on a full disk.
    expect(lowDiskMessage({ freeBytes: 0, totalBytes: 100 * GB }, 0, '/d')).toBeNull()
  })

  it('reads a real file system, from the nearest existing folder when the path is not there yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweeplab-'))
    try {
      const s = nodeStatFs(join(dir, 'not', 'yet', 'made'))
      expect(s.totalBytes).toBeGreaterThan(0)
      expect(s.freeBytes).toBeGreaterThanOrEqual(0)
      expect(s.freeBytes).toBeLessThanOrEqual(s.totalBytes)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
