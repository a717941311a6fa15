import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs'

/** 1 MiB: room for the few hundred pages that end a sweep cleanly (trial ends, sweep status, queued points). */
export const DISK_RESERVE_BYTES = 1024 * 1024

/**
 * A ballast file beside the workspace (`<db>-reserve`): written while there is space, deleted the
 * moment a write fails for lack of it, so the engine can still record why it stopped. Without it
 * the status write that says "disk full" fails for the very same reason. Recreated at next open.
 */
export function createDiskReserve(dbPath: string, bytes = DISK_RESERVE_BYTES): { release(): boolean } {
  const path = `${dbPath}-reserve`
  try {
    if (statSync(path).size !== bytes) write(path, bytes)
  } catch {
    try {
      write(path, bytes)
    } catch {
      // Already no room for the reserve: nothing to give back later, and nothing half-written left.
      rmSync(path, { force: true })
    }
  }
  return {
    release() {
      try {
        rmSync(path)
        return true
      } catch {
        return false
      }
    },
  }
}

function write(path: string, bytes: number): void {
  const fd = openSync(path, 'w')
  try {
    // Real zero blocks, not a sparse file (ftruncate): only allocated blocks come back when deleted.
    const chunk = Buffer.alloc(64 * 1024)
    for (let done = 0; done < bytes; done += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - done))
  } finally {
    closeSync(fd)
  }
}
