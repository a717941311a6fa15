import type { Store, SweepRow } from './store/store-types.ts'
import { isProcessAlive } from './scheduler/recover.ts'

/** How often an engine looks for cancel requests from other processes (a reader query on an index). */
const CONTROL_POLL_MS = 500
const HEARTBEAT_EVERY_TICKS = 4
/** A sweep whose owner has not refreshed its heartbeat for this long is taken for dead (10 missed beats). */
const HEARTBEAT_STALE_MS = 20_000

/**
 * The pid of another live engine process running this sweep, if any. Alive means the process
 * exists AND it refreshed the sweep's heartbeat recently: after a reboot the pid may belong to an
 * unrelated process, but that one never writes a heartbeat.
 */
export function liveOwner(row: SweepRow, now = Date.now()): number | null {
  const pid = row.enginePid
  if ((row.status !== 'running' && row.status !== 'paused') || pid === null || pid === process.pid) return null
  const fresh = row.heartbeatAt !== null && now - row.heartbeatAt < HEARTBEAT_STALE_MS
  return fresh && isProcessAlive(pid) ? pid : null
}

/** Sweeps whose engine died (kill -9, power loss) show as interrupted, ready for `resume`. */
export function markStaleSweeps(store: Store): void {
  for (const s of store.sweeps.list()) {
    if (s.status !== 'running' || liveOwner(s) !== null) continue
    store.sweeps.setStatus(s.id, 'interrupted', { error: 'the engine stopped while the sweep was running; resume it to continue' })
  }
}

/**
 * While this engine runs sweeps: keep their heartbeat fresh and act on the cancel requests other
 * processes (the CLI's `cancel`, the app) leave in the database. Returns a stop function.
 */
export function startOwnershipLoop(opts: {
  store: Store
  runningSweeps: () => number[]
  cancelSweep: (sweepId: number) => void
  cancelTrial: (trialId: number) => void
  /** Re-read the sweep's paused state, config version and queued reruns (steering from another process). */
  refresh: (sweepId: number) => void
  log: (msg: string) => void
}): () => void {
  const { store, log } = opts
  let ticks = 0
  const timer = setInterval(() => {
    try {
      const running = opts.runningSweeps()
      if (running.length === 0) return
      for (const req of store.control.pending(running)) {
        if (req.action === 'cancel-sweep') {
          log(`sweep ${req.sweepId}: cancel requested by another process`)
          opts.cancelSweep(req.sweepId)
        } else if (req.action === 'refresh') {
          opts.refresh(req.sweepId)
        } else if (req.trialId !== null) {
          opts.cancelTrial(req.trialId)
        }
        store.control.markHandled(req.id)
      }
      if (ticks++ % HEARTBEAT_EVERY_TICKS === 0) store.sweeps.heartbeat(process.pid)
    } catch (e) {
      // A busy or full database must not stop the engine: the next tick tries again.
      log(`control requests: ${(e as Error).message}`)
    }
  }, CONTROL_POLL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
