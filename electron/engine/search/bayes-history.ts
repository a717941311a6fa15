import type { MetricSpec } from '../../../shared/sweep-spec.ts'
import type { TrialRepo } from '../store/store-types.ts'
import type { TrialRecord } from './tpe-history.ts'

const IMPUTED = new Set(['failed', 'crashed', 'diverged', 'running'])

/**
 * The sweep's trial rows as `method: bayes` reads them. With `impute: latest` (or while running), a
 * trial whose last point was not finite also gets its last finite one, read from its points.
 */
export function readBayesHistory(trials: TrialRepo, sweepId: number, metric: MetricSpec | undefined): TrialRecord[] {
  const rows = trials.listBySweep(sweepId)
  if (!metric || (metric.impute !== 'latest' && metric.impute_while_running !== 'latest')) return rows
  const need = rows.filter((r) => r.finalValue === null && IMPUTED.has(r.status)).map((r) => r.id)
  if (need.length === 0) return rows
  const last = trials.lastFiniteValues(need, metric.name)
  return rows.map((r) => (last.has(r.id) ? { ...r, lastFiniteValue: last.get(r.id)! } : r))
}
