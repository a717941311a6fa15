import { useMemo } from 'react'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { useMetricSeries } from '../../data/queries.ts'
import type { PointSpread } from '../../plots/scatter-data.ts'
import { useStableArray } from './use-stable-array.ts'

/** The API takes at most this many trial ids per series request. */
const MAX_IDS = 10_000

/** `cv: {folds: k}` of a stored spec, or null. */
export function cvFoldsOfSpec(spec: unknown): number | null {
  const cv = typeof spec === 'object' && spec !== null ? (spec as { cv?: { folds?: unknown } }).cv : undefined
  return typeof cv?.folds === 'number' && Number.isInteger(cv.folds) && cv.folds > 1 ? cv.folds : null
}

/**
 * k-fold CV sweeps: each completed trial's standard deviation over its folds, read from the
 * `<metric>_std` the cross-validation reports beside the mean, for the scatter's error bars.
 * Undefined for other sweeps, or until it is loaded.
 */
export function useCvSpread(spec: unknown, metricName: string | null, trials: readonly TrialSummary[]): ReadonlyMap<number, PointSpread> | undefined {
  const folds = cvFoldsOfSpec(spec)
  const ids = useStableArray(useMemo(
    () => (folds === null ? [] : trials.filter((t) => t.status === 'completed' && t.finalValue !== null).map((t) => t.id).slice(0, MAX_IDS)),
    [folds, trials],
  ))
  const series = useMetricSeries(ids, folds !== null && metricName ? `${metricName}_std` : undefined, 2)
  return useMemo(() => {
    if (folds === null || !series.data) return undefined
    const out = new Map<number, PointSpread>()
    for (const s of series.data) {
      const std = s.values.at(-1)
      if (std !== undefined) out.set(s.trialId, { std, n: folds, repeats: folds, unit: 'folds' })
    }
    return out
  }, [folds, series.data])
}
