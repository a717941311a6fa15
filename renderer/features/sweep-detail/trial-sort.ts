import type { TrialSummary } from '../../../shared/api/types.ts'
import { TRIAL_STATUSES } from '../../../shared/status.ts'
import { FAILURE_REASONS } from '../../../shared/failure-reasons.ts'
import { categoryLabel } from '../../plots/axis-scale.ts'
import { flatParams } from '../../plots/trial-params.ts'

/** A table column to sort by; parameters are `param:<name>`. */
export type SortKey = 'index' | 'status' | 'reason' | 'final' | 'best' | 'mean' | 'duration' | `param:${string}`
export interface SortState {
  key: SortKey
  dir: 'asc' | 'desc'
}

/** Wall time a trial ran, or runs so far; null before it started. */
export function trialDuration(t: TrialSummary, now: number): number | null {
  if (t.startedAt === null) return null
  return (t.endedAt ?? now) - t.startedAt
}

const STATUS_RANK = new Map(TRIAL_STATUSES.map((s, i) => [s, i]))
const REASON_RANK = new Map(FAILURE_REASONS.map((r, i) => [r, i]))

function sortValue(t: TrialSummary, key: SortKey, now: number, meanOf?: (t: TrialSummary) => number | null): unknown {
  switch (key) {
    case 'mean': return meanOf ? meanOf(t) : null
    case 'index': return t.index * 1000 + t.attempt
    case 'status': return STATUS_RANK.get(t.status)
    case 'reason': return t.failureReason === null ? undefined : REASON_RANK.get(t.failureReason)
    case 'final': return t.finalValue
    case 'best': return t.bestValue
    case 'duration': return trialDuration(t, now)
    default: {
      const p = flatParams(t)
      const name = key.slice('param:'.length)
      return name in p ? p[name] : undefined
    }
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  // Numbers before text, then text in natural order ("2" before "10").
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return categoryLabel(a).localeCompare(categoryLabel(b), 'en', { numeric: true })
}

/**
 * Trials sorted by one column. Missing values (no metric yet, a parameter the trial lacks) go last
 * in both directions, and ties keep sweep order, so a re-sort of live data does not shuffle rows.
 * `meanOf` gives the `mean` column (the config mean of a sweep with repeats).
 */
export function sortTrials(trials: readonly TrialSummary[], sort: SortState, now: number, meanOf?: (t: TrialSummary) => number | null): TrialSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1
  const keyed = trials.map((t) => ({ t, v: sortValue(t, sort.key, now, meanOf) }))
  keyed.sort((x, y) => {
    const xm = x.v === null || x.v === undefined
    const ym = y.v === null || y.v === undefined
    if (xm || ym) return xm === ym ? x.t.index - y.t.index || x.t.attempt - y.t.attempt : xm ? 1 : -1
    return sign * compare(x.v, y.v) || x.t.index - y.t.index || x.t.attempt - y.t.attempt
  })
  return keyed.map((k) => k.t)
}
