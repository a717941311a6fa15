import type { TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'

/** Curves drawn when nothing is selected: the best few of the filtered set. */
export const DEFAULT_CURVES = 10
/** At most this many selected trials get curves (each is a request and a trace). */
export const MAX_CURVES = 20

export interface CurveTrials {
  trialIds: number[]
  source: 'selected' | 'best'
  /** Size of the source before the cap. */
  sourceCount: number
}

function byMetric(goal: MetricGoal) {
  return (a: TrialSummary, b: TrialSummary) => {
    if (a.finalValue === null || b.finalValue === null) {
      // Trials without a value yet: the most recently started first (they are the live ones).
      if (a.finalValue === b.finalValue) return (b.startedAt ?? 0) - (a.startedAt ?? 0) || b.index - a.index
      return a.finalValue === null ? 1 : -1
    }
    return (goal === 'minimize' ? a.finalValue - b.finalValue : b.finalValue - a.finalValue) || a.index - b.index
  }
}

/**
 * Which trials the curves show: the selected ones (best first, capped), or, with no selection, the
 * best of the filtered set, topped up with running trials that have not reported the metric yet so
 * a young sweep shows its first curves.
 */
export function pickCurveTrials(filtered: readonly TrialSummary[], selected: readonly number[], byId: ReadonlyMap<number, TrialSummary>, goal: MetricGoal): CurveTrials {
  if (selected.length > 0) {
    const chosen = selected.flatMap((id) => byId.get(id) ?? []).sort(byMetric(goal))
    return { trialIds: chosen.slice(0, MAX_CURVES).map((t) => t.id), source: 'selected', sourceCount: chosen.length }
  }
  const candidates = filtered.filter((t) => t.finalValue !== null || t.status === 'running' || t.startedAt !== null)
  const best = [...candidates].sort(byMetric(goal)).slice(0, DEFAULT_CURVES)
  return { trialIds: best.map((t) => t.id), source: 'best', sourceCount: filtered.length }
}
