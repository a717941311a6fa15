import type { EarlyTerminateSpec } from '../../../shared/sweep-spec.ts'
import { createAshaPruner } from './asha.ts'
import { createHyperbandPruner, hyperbandBands } from './hyperband.ts'
import { createMedianPruner } from './median.ts'
import type { Pruner } from './pruner-types.ts'

/** W&B's default eta (and Ray Tune's and Optuna's reduction factor). */
export const DEFAULT_ETA = 3
/** Optuna's MedianPruner default n_startup_trials. */
export const DEFAULT_MEDIAN_MIN_TRIALS = 5

/**
 * Why the sweep's early_terminate cannot work, or null. W&B raises the same for hyperband (no
 * metric, neither min_iter nor max_iter, no band); Sweeplab says so before the first trial runs.
 */
export function earlyTerminateProblem(et: EarlyTerminateSpec, hasMetric: boolean): string | null {
  if (!hasMetric) return `early_terminate (${et.type}) needs a metric: {name, goal} section: trials are compared by it`
  const eta = et.eta ?? DEFAULT_ETA
  if (et.type === 'hyperband') {
    if (et.max_iter === undefined && et.min_iter === undefined) return 'early_terminate: hyperband needs min_iter, or max_iter with s'
    // W&B reads max_iter first when both are set, and then needs s too.
    if (et.max_iter !== undefined && et.s === undefined) {
      const both = et.min_iter !== undefined ? ' (with both min_iter and max_iter set, W&B uses max_iter)' : ''
      return `early_terminate: hyperband with max_iter needs s (how many bands below max_iter)${both}`
    }
    if (hyperbandBands({ maxIter: et.max_iter, minIter: et.min_iter, s: et.s, eta, strict: false }).length === 0) {
      return `early_terminate: no band: max_iter/eta (${et.max_iter}/${eta}) is below 1; raise max_iter or lower eta`
    }
  }
  if (et.type === 'asha' && et.max_iter !== undefined && (et.min_iter ?? 1) >= et.max_iter) {
    return `early_terminate: asha has no rung below max_iter ${et.max_iter}; lower min_iter (the first rung, ${et.min_iter ?? 1})`
  }
  return null
}

/** The pruner a (checked) early_terminate asks for. */
export function createPruner(et: EarlyTerminateSpec): Pruner {
  const eta = et.eta ?? DEFAULT_ETA
  switch (et.type) {
    case 'hyperband':
      return createHyperbandPruner({
        ...(et.max_iter !== undefined ? { maxIter: et.max_iter, s: et.s } : { minIter: et.min_iter }),
        eta,
        strict: et.strict ?? false,
      })
    case 'asha':
      return createAshaPruner({ minIter: et.min_iter ?? 1, ...(et.max_iter !== undefined ? { maxIter: et.max_iter } : {}), eta })
    case 'median':
      return createMedianPruner({ warmupSteps: et.warmup_steps ?? 0, minTrials: et.min_trials ?? DEFAULT_MEDIAN_MIN_TRIALS })
  }
}
