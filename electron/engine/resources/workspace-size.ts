import type { Dirent } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { WorkspaceSize } from '../../../shared/api/types.ts'

/** A size this old is answered from the cache; a walk of a big workspace takes a while. */
const FRESH_MS = 10_000

/** Bytes under `path` (0 when missing). Links are counted as links, never followed. */
export async function treeBytes(path: string): Promise<number> {
  const s = await lstat(path).catch(() => null)
  if (!s) return 0
  if (!s.isDirectory()) return s.isFile() ? s.size : 0
  let entries: Dirent[]
  try {
    entries = await readdir(path, { withFileTypes: true })
  } catch {
    return 0
  }
  let total = 0
  // One entry at a time: a walk of many small files must not flood the thread pool the engine also uses.
  for (const e of entries) total += await treeBytes(join(path, e.name))
  return total
}

/**
 * The workspace's size: its database (with -wal, -shm and the disk-full reserve), each sweep's trial
 * folders, and the rest of its files folder (imported datasets, the prepared-data cache). Walked
 * asynchronously, one call at a time (concurrent callers share it), and cached for FRESH_MS.
 */
export function createWorkspaceSizer(dbPath: string, filesDir: string, now: () => number = Date.now) {
  let cached: WorkspaceSize | null = null
  let running: Promise<WorkspaceSize> | null = null

  async function measure(): Promise<WorkspaceSize> {
    let databaseBytes = 0
    for (const suffix of ['', '-wal', '-shm', '-reserve']) databaseBytes += await treeBytes(`${dbPath}${suffix}`)
    const trialsDir = join(filesDir, 'trials')
    const sweeps: WorkspaceSize['sweeps'] = []
    const names = await readdir(trialsDir).catch(() => [] as string[])
    for (const name of names) {
      const sweepId = Number(name)
      if (!Number.isSafeInteger(sweepId) || sweepId <= 0) continue
      sweeps.push({ sweepId, bytes: await treeBytes(join(trialsDir, name)) })
    }
    sweeps.sort((a, b) => a.sweepId - b.sweepId)
    const trialBytes = sweeps.reduce((a, s) => a + s.bytes, 0)
    let otherBytes = 0
    for (const name of await readdir(filesDir).catch(() => [] as string[])) if (name !== 'trials') otherBytes += await treeBytes(join(filesDir, name))
    return { totalBytes: databaseBytes + trialBytes + otherBytes, databaseBytes, trialBytes, otherBytes, sweeps, measuredAt: now() }
  }

  return {
    get(opts: { fresh?: boolean } = {}): Promise<WorkspaceSize> {
      if (!opts.fresh && cached && now() - cached.measuredAt < FRESH_MS) return Promise.resolve(cached)
      running ??= measure().then(
        (size) => {
          cached = size
          running = null
          return size
        },
        (e: unknown) => {
          running = null
          throw e
        },
      )
      return running
    },
  }
}
