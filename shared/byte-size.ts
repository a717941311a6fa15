/**
 * Sizes as written in a sweep file (`2GB`, `500 MiB`, `5%`, or a number of bytes) and as shown to a
 * user. Decimal units are powers of 1000 and binary ones powers of 1024, as `df -H` / `df -h` print them.
 */
export const BYTE_SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$/i

const UNITS: Readonly<Record<string, number>> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
}

/** A threshold: an absolute number of bytes, or a share of the file system's size. */
export type ByteThreshold = { bytes: number } | { percent: number }

/** `2GB` → {bytes: 2e9}; `5%` → {percent: 5}; a number is bytes; undefined for anything else. */
export function parseByteThreshold(v: number | string): ByteThreshold | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? { bytes: v } : undefined
  const m = BYTE_SIZE_PATTERN.exec(v.trim())
  if (!m) return undefined
  const n = Number(m[1])
  const unit = m[2]!.toLowerCase()
  if (unit === '%') return n <= 100 ? { percent: n } : undefined
  return { bytes: n * UNITS[unit]! }
}

/** `3.5 MB (database 1.0 MB, trial files 2.0 MB, datasets and cache 500 kB)`: a workspace's size in one line. */
export function describeWorkspaceSize(s: { totalBytes: number; databaseBytes: number; trialBytes: number; otherBytes: number }): string {
  return `${formatBytes(s.totalBytes)} (database ${formatBytes(s.databaseBytes)}, trial files ${formatBytes(s.trialBytes)}, datasets and cache ${formatBytes(s.otherBytes)})`
}

/** 1_234_567_890 → `1.2 GB` (decimal units, like the sizes users type). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?'
  if (bytes < 1000) return `${Math.round(bytes)} B`
  const units = ['kB', 'MB', 'GB', 'TB', 'PB']
  let v = bytes
  let i = -1
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`
}
