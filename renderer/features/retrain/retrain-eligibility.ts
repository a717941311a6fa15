import type { SweepDetail } from '../../../shared/api/types.ts'

/**
 * Why this sweep cannot be retrained (the engine refuses the same cases), or null when it can: a
 * command sweep reads its own data, a sweep without a dataset or metric has nothing to swap or rank,
 * and a sweep with no finished trial has no best configs yet.
 */
export function retrainBlocker(sweep: Pick<SweepDetail, 'spec' | 'metricName' | 'bestTrialId'>): string | null {
  const spec = (sweep.spec ?? {}) as { program?: unknown; command?: unknown; dataset?: unknown }
  if (spec.program !== undefined || spec.command !== undefined) return 'A command sweep reads its own data; pass the data path as a parameter and start a new sweep instead.'
  if (spec.dataset === undefined) return 'This sweep has no dataset: key to replace.'
  if (sweep.metricName === null) return 'This sweep has no metric to rank its configs by.'
  if (sweep.bestTrialId === null) return 'No trial has finished with a value yet.'
  return null
}
