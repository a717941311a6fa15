import type { TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import { SweeplabError } from '../../../shared/errors.ts'

/**
 * The best trial by the sweep metric: among `completed` trials with a finite `finalValue` (the
 * last logged value, W&B's summary), the lowest or highest by goal; ties go to the lower id.
 */
export function pickBestTrial(trials: ReadonlyArray<TrialSummary>, goal: MetricGoal): TrialSummary | undefined {
  let best: TrialSummary | undefined
  for (const t of trials) {
    if (t.status !== 'completed' || t.finalValue === null || !Number.isFinite(t.finalValue)) continue
    if (best === undefined || isBetter(t, best, goal)) best = t
  }
  return best
}

function isBetter(a: TrialSummary, b: TrialSummary, goal: MetricGoal): boolean {
  const av = a.finalValue as number
  const bv = b.finalValue as number
  if (av === bv) return a.id < b.id
  return goal === 'minimize' ? av < bv : av > bv
}

/** Like pickBestTrial, for the engine's export: no candidate is a `sweep/no-finished-trials` error. */
export function requireBestTrial(
  trials: ReadonlyArray<TrialSummary>,
  goal: MetricGoal,
  sweep: { id: number; metricName: string | null },
): TrialSummary {
  const best = pickBestTrial(trials, goal)
  if (best) return best
  const message = sweep.metricName
    ? `sweep ${sweep.id} has no completed trial with a value for ${sweep.metricName} yet`
    : `sweep ${sweep.id} has no metric to rank trials by; add "metric: {name, goal}" to the sweep file`
  throw new SweeplabError('sweep/no-finished-trials', message, { details: { sweepId: sweep.id } })
}
