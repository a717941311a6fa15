import type { TrialSummary } from '../../../shared/api/types.ts'
import type { RetrainComparison, RetrainComparisonRow, RetrainInfo } from '../../../shared/sweep-provenance.ts'

/**
 * Old vs new per config of a retrain sweep: the parent's value (copied when the retrain was made)
 * beside the mean ± sample std of the new runs' final values. The latest attempt of each index counts;
 * a run that did not complete with a finite value is a null in `newValues` and left out of the mean.
 */
export function compareRetrain(sweepId: number, info: RetrainInfo, trials: ReadonlyArray<TrialSummary>, parentExists: boolean): RetrainComparison {
  const latest = new Map<number, TrialSummary>()
  for (const t of trials) {
    const seen = latest.get(t.index)
    if (seen === undefined || t.attempt > seen.attempt) latest.set(t.index, t)
  }
  const rows: RetrainComparisonRow[] = info.configs.map((c, ci) => {
    const runs = Array.from({ length: info.seeds }, (_, s) => latest.get(ci * info.seeds + s)).filter((t): t is TrialSummary => t !== undefined)
    const newValues = runs.map((t) => (t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue) ? t.finalValue : null))
    const finite = newValues.filter((v): v is number => v !== null)
    const newMean = finite.length === 0 ? null : finite.reduce((a, b) => a + b, 0) / finite.length
    const newStd = finite.length < 2 || newMean === null ? null : Math.sqrt(finite.reduce((a, v) => a + (v - newMean) ** 2, 0) / (finite.length - 1))
    const delta = newMean === null || c.oldValue === null ? null : newMean - c.oldValue
    const improved = delta === null || delta === 0 ? null : info.metric.goal === 'minimize' ? delta < 0 : delta > 0
    return { rank: c.rank, parentTrialId: c.parentTrialId, params: c.params, oldValue: c.oldValue, newValues, newTrialIds: runs.map((t) => t.id), newMean, newStd, delta, improved }
  })
  return {
    sweepId,
    parentSweepId: info.parentSweepId,
    parentExists,
    parentName: info.parentName,
    oldDataset: info.oldDataset,
    newDataset: info.newDataset,
    metric: info.metric,
    rows,
  }
}
