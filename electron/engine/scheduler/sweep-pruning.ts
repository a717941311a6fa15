import { earlyTerminateSchema, type EarlyTerminateSpec } from '../../../shared/sweep-spec.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import { createCurveBook } from '../pruning/curves.ts'
import { createPruner, earlyTerminateProblem } from '../pruning/create-pruner.ts'
import type { PruneDecision } from '../pruning/pruner-types.ts'
import type { Store } from '../store/store-types.ts'
import type { WorkerMetricRow } from '../workers/protocol.ts'

/** One sweep's early termination: its metric curves so far and the pruner that reads them. */
export interface SweepPruning {
  /** Takes a batch of a trial's rows; true when the sweep metric's curve grew (time to decide). */
  add(trialId: number, rows: readonly WorkerMetricRow[]): boolean
  /** The running trials to stop now (the pruner sees the curves that grew since the last call). */
  decide(running: ReadonlySet<number>): PruneDecision[]
}

/** The sweep's early_terminate as stored with it (the normalized spec), or null when it has none. */
export function storedEarlyTerminate(store: Store, sweepId: number): EarlyTerminateSpec | null {
  const row = store.sweeps.get(sweepId)
  if (!row) return null
  const raw = (JSON.parse(row.specJson) as { early_terminate?: unknown }).early_terminate
  if (raw === undefined) return null
  const parsed = earlyTerminateSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`early_terminate: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
  return parsed.data
}

/**
 * Early termination for a sweep (null when its spec has none), or why it cannot run. Curves start
 * from what the store holds, so a resumed sweep judges new trials against the earlier ones.
 */
export function createSweepPruning(
  store: Store,
  sweepId: number,
  metric: { name: string; goal: MetricGoal } | null,
): { pruning: SweepPruning | null } | { problem: string } {
  let et: EarlyTerminateSpec | null
  try {
    et = storedEarlyTerminate(store, sweepId)
  } catch (e) {
    return { problem: (e as Error).message }
  }
  if (!et) return { pruning: null }
  const problem = earlyTerminateProblem(et, metric !== null)
  if (problem || !metric) return { problem: problem ?? 'early_terminate needs a metric' }
  const pruner = createPruner(et)
  const book = createCurveBook(metric.goal)
  const ids = store.trials.listBySweep(sweepId).map((t) => t.id)
  if (ids.length) {
    for (const s of store.metrics.series(ids, metric.name, Number.MAX_SAFE_INTEGER)) {
      for (let i = 0; i < s.steps.length; i++) book.add(s.trialId, s.steps[i]!, s.values[i] ?? null)
    }
  }
  let grown = new Map<number, number>()
  return {
    pruning: {
      add(trialId, rows) {
        const before = book.curves.get(trialId)?.values.length ?? 0
        let grew = false
        for (const [name, step, value] of rows) {
          if (name === metric.name && book.add(trialId, step, value)) grew = true
        }
        if (grew && !grown.has(trialId)) grown.set(trialId, before)
        return grew
      },
      decide(running) {
        const g = grown
        grown = new Map()
        return pruner.decide(book, running, g)
      },
    },
  }
}
