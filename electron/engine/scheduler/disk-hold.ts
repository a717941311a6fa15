import { performance } from 'node:perf_hooks'
import { lowDiskMessage, nodeStatFs, type DiskStats, type StatFs } from '../resources/disk-guard.ts'
import type { Store } from '../store/store-types.ts'

/**
 * The scheduler's side of `disk.min_free`: reads the disk (at most as often as asked), decides per
 * sweep whether low space holds its launches back, and records each change on the sweep row
 * (`sweeps.waiting`, shown by every process) and as an event.
 */
export function createDiskHold(opts: {
  store: Store
  path: string
  statfs?: StatFs
  sweepChanged(sweepId: number): void
  log(msg: string): void
}) {
  const statfs = opts.statfs ?? nodeStatFs
  let stats: DiskStats | null = null
  let readAt = -Infinity
  let readError: string | null = null
  const waiting = new Map<number, string>()

  /** The disk's space, read at most every `maxAgeMs`; null when it cannot be read (then nothing is held). */
  function read(maxAgeMs: number): DiskStats | null {
    if (performance.now() - readAt < maxAgeMs) return stats
    readAt = performance.now()
    try {
      stats = statfs(opts.path)
      readError = null
    } catch (e) {
      const msg = `cannot read the free space of ${opts.path}: ${(e as Error).message}; disk.min_free is not checked`
      if (readError !== msg) opts.log(msg)
      readError = msg
      stats = null
    }
    return stats
  }

  return {
    read,
    /** Whether low space holds the sweep's next launch back (with a reading at most `maxAgeMs` old). */
    holds(sweepId: number, minFree: number | string | undefined, maxAgeMs: number): boolean {
      const s = read(maxAgeMs)
      const msg = s ? lowDiskMessage(s, minFree, opts.path) : null
      if ((waiting.get(sweepId) ?? null) !== msg) {
        if (msg === null) waiting.delete(sweepId)
        else waiting.set(sweepId, msg)
        opts.log(msg === null ? `sweep ${sweepId}: disk space is back; starting trials again` : `sweep ${sweepId} ${msg}`)
        try {
          opts.store.sweeps.setWaiting(sweepId, msg)
        } catch (e) {
          opts.log(`sweep ${sweepId}: could not record why it waits: ${(e as Error).message}`)
        }
        opts.sweepChanged(sweepId)
      }
      return msg !== null
    },
    isHeld(sweepId: number): boolean {
      return waiting.has(sweepId)
    },
    /** The sweep ended: its status change cleared the row's note. */
    forget(sweepId: number): void {
      waiting.delete(sweepId)
    },
  }
}
