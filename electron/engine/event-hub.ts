import type { SweeplabEvent, SweeplabEvents } from '../../shared/api/contract.ts'
import type { Store, MetricPointRow, LogRow } from './store/store-types.ts'

/** Sweep summaries are recomputed at most this often per sweep while trials stream in. */
const SWEEP_EVENT_INTERVAL_MS = 250

/**
 * Turns engine changes into events for subscribers. Nothing is computed when no one listens, so
 * the CLI's `--json` runs and the benchmarks pay nothing for the UI.
 */
export function createEventHub(store: Store) {
  const listeners = new Set<(ev: SweeplabEvent) => void>()
  const dirtySweeps = new Set<number>()
  let timer: NodeJS.Timeout | undefined

  function emit(ev: SweeplabEvent): void {
    for (const l of listeners) {
      try {
        l(ev)
      } catch {
        // A failing listener (a closed SSE stream, a buggy UI) must not stop the engine or other listeners.
      }
    }
  }

  function flushSweeps(): void {
    timer = undefined
    for (const id of dirtySweeps) {
      const sweep = store.sweeps.summary(id)
      if (sweep) emit({ type: 'sweep-updated', payload: { sweep } })
    }
    dirtySweeps.clear()
  }

  return {
    subscribe(cb: (ev: SweeplabEvent) => void): () => void {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    trialChanged(trialId: number): void {
      if (listeners.size === 0) return
      const trial = store.trials.get(trialId)
      if (trial) emit({ type: 'trial-updated', payload: { trial } })
    },
    /** `now` skips the throttle (status changes the UI must not miss). */
    sweepChanged(sweepId: number, now = false): void {
      if (listeners.size === 0) return
      dirtySweeps.add(sweepId)
      if (now) {
        clearTimeout(timer)
        flushSweeps()
      } else {
        timer ??= setTimeout(flushSweeps, SWEEP_EVENT_INTERVAL_MS)
      }
    },
    /** Sent at once, not throttled: a deleted sweep must leave every open view now; a pending update for it is dropped. */
    sweepDeleted(sweepId: number): void {
      dirtySweeps.delete(sweepId)
      emit({ type: 'sweep-deleted', payload: { sweepId } })
    },
    metricsFlushed(rows: ReadonlyArray<MetricPointRow>, logs: ReadonlyArray<LogRow>, sweepOf: (trialId: number) => number | undefined): void {
      if (listeners.size === 0) return
      if (rows.length > 0) {
        const groups = new Map<string, SweeplabEvents['metric-points'][number]>()
        for (const [trialId, name, step, value] of rows) {
          const key = `${trialId}\u0000${name}`
          let g = groups.get(key)
          if (!g) {
            const sweepId = sweepOf(trialId)
            if (sweepId === undefined) continue
            g = { sweepId, trialId, name, steps: [], values: [] }
            groups.set(key, g)
          }
          g.steps.push(step)
          g.values.push(value !== null && Number.isFinite(value) ? value : null)
        }
        if (groups.size) emit({ type: 'metric-points', payload: [...groups.values()] })
      }
      if (logs.length > 0) {
        emit({
          type: 'log-lines',
          payload: logs.map(([trialId, stream, time, line]) => ({ trialId, stream, time, line, seq: -1 })),
        })
      }
    },
    close(): void {
      clearTimeout(timer)
      listeners.clear()
    },
  }
}
