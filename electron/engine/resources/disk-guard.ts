import { existsSync, statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import { formatBytes, parseByteThreshold, type ByteThreshold } from '../../../shared/byte-size.ts'

/** Free and total bytes of the file system holding a path (what an unprivileged process may use). */
export interface DiskStats {
  freeBytes: number
  totalBytes: number
}

/** Reads a file system's space; injected in tests (a real full disk needs root). */
export type StatFs = (path: string) => DiskStats

/** fs.statfs of `path`, or of its nearest existing parent (the workspace folder may not exist yet). */
export const nodeStatFs: StatFs = (path) => {
  let p = path
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p)
  const s = statfsSync(p)
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize }
}

/** The default `disk.min_free`: 1 GB, or 5% of a disk smaller than 20 GB. */
export const DEFAULT_MIN_FREE_BYTES = 1e9
export const DEFAULT_MIN_FREE_PERCENT = 5

/** `disk.min_free` in bytes for a disk of `totalBytes` (undefined: the default; 0: the check is off). */
export function minFreeBytes(minFree: number | string | undefined, totalBytes: number): number {
  const t: ByteThreshold | undefined = minFree === undefined ? undefined : parseByteThreshold(minFree)
  if (t === undefined) return Math.min(DEFAULT_MIN_FREE_BYTES, (totalBytes * DEFAULT_MIN_FREE_PERCENT) / 100)
  return 'bytes' in t ? t.bytes : (totalBytes * t.percent) / 100
}

/**
 * Whether a sweep may start a trial with this much space left: null when it may, else the message
 * the sweep shows while it waits. Only launching stops: running trials go on, and the same check
 * lets the sweep go on by itself once space is back. A failed write is handled elsewhere
 * (store/disk-full.ts): that one stops the sweep, this one only holds new trials back before it.
 */
export function lowDiskMessage(stats: DiskStats, minFree: number | string | undefined, path: string): string | null {
  const need = minFreeBytes(minFree, stats.totalBytes)
  if (need <= 0 || stats.freeBytes >= need) return null
  return `paused: ${formatBytes(stats.freeBytes)} free on ${path}, needs ${formatBytes(need)} (disk.min_free); running trials go on and new ones start once space is freed`
}
