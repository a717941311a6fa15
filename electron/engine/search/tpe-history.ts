import { assertNever } from '../../../shared/errors.ts'
import type { MetricGoal, TrialStatus } from '../../../shared/status.ts'
import type { ImputeStrategy } from '../../../shared/sweep-spec.ts'

/** What the TPE reads of a trial row: the engine passes its store's rows, the bench its own. */
export interface TrialRecord {
  index: number
  attempt: number
  status: TrialStatus
  params: Record<string, unknown>
  /** The sweep metric's last reported value (null when none, or not finite). */
  finalValue: number | null
  /** Its best finite value (`impute: best`). */
  bestValue?: number | null
  /** Its last finite value, where the last one was not (`impute: latest` of a diverged trial). */
  lastFiniteValue?: number | null
}

/** W&B's `metric.impute` and `metric.impute_while_running` (docs/sweep-file.md "method: bayes"). */
export interface ImputeOptions {
  /** Failed, crashed and diverged trials. */
  impute: ImputeStrategy
  /** Running trials; 'false' keeps them as constant liars. */
  whileRunning: ImputeStrategy | 'false'
}

export const DEFAULT_IMPUTE: ImputeOptions = { impute: 'worst', whileRunning: 'false' }

/** The value a strategy gives a trial, or null for worst (and for a trial with no finite value). */
function imputedValue(r: TrialRecord, strategy: ImputeStrategy | 'false'): number | null {
  const finite = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null)
  if (strategy === 'best') return finite(r.bestValue)
  if (strategy === 'latest') return finite(r.finalValue) ?? finite(r.lastFiniteValue)
  return null
}

/** An observation the densities are fitted on; `index` orders the recency weights. */
export interface Observation {
  index: number
  params: Record<string, unknown>
}

/** Both sides in index order, the order the recency weights follow. */
export interface SplitHistory {
  good: Observation[]
  bad: Observation[]
  /** Observations with a metric value (completed, or pruned / timed out with a last value). */
  scored: number
}

/**
 * How each trial enters the model (Optuna's choices, see docs/sweep-file.md "method: bayes"):
 * 1. completed with a value, ranked by the value in the goal's direction;
 * 2. pruned or timed out with a last value: ranked after every completed one (a value at an earlier
 *    step is not comparable to a final one), among themselves by value;
 * 3. failed, crashed and diverged trials follow `metric.impute` (W&B's key): `worst` (the default)
 *    counts them "bad" (the model only ranks, so a value worse than every other is just that);
 *    `best` / `latest` rank them like completed ones by their best / last finite value, and "bad"
 *    when they have none;
 * 4. queued, running, or pruned without a value: always "bad". For running trials this is the
 *    constant liar: the point is taken, so concurrent workers look elsewhere. With
 *    `impute_while_running: best | latest` a running trial with a value ranks by it instead;
 * excluded: cancelled, interrupted (re-queued on resume), and completed trials that never reported the metric.
 * Only a trial's latest attempt counts. `gamma` of the ranked ones, at least 1, are "good".
 */
export function splitHistory(records: ReadonlyArray<TrialRecord>, goal: MetricGoal, gamma: number, exceptIndex: number, impute: ImputeOptions = DEFAULT_IMPUTE): SplitHistory {
  const latest = new Map<number, TrialRecord>()
  for (const r of records) {
    if (r.index === exceptIndex) continue
    const seen = latest.get(r.index)
    if (!seen || r.attempt > seen.attempt) latest.set(r.index, r)
  }
  const sign = goal === 'maximize' ? -1 : 1
  const completed: Array<{ o: Observation; v: number }> = []
  const partial: Array<{ o: Observation; v: number }> = []
  const liars: Observation[] = []
  for (const r of latest.values()) {
    const o = { index: r.index, params: r.params }
    const v = r.finalValue !== null && Number.isFinite(r.finalValue) ? sign * r.finalValue : null
    switch (r.status) {
      case 'completed':
        if (v !== null) completed.push({ o, v })
        break
      case 'pruned':
      case 'timeout':
        if (v !== null) partial.push({ o, v })
        else if (r.status === 'pruned') liars.push(o)
        break
      case 'running':
      case 'failed':
      case 'crashed':
      case 'diverged': {
        const x = imputedValue(r, r.status === 'running' ? impute.whileRunning : impute.impute)
        if (x === null) liars.push(o)
        else completed.push({ o, v: sign * x })
        break
      }
      case 'queued':
        liars.push(o)
        break
      case 'cancelled':
      case 'interrupted':
        break
      default:
        assertNever(r.status, 'trial status')
    }
  }
  const byValue = (a: { o: Observation; v: number }, b: { o: Observation; v: number }): number => a.v - b.v || a.o.index - b.o.index
  const ranked = [...completed.sort(byValue), ...partial.sort(byValue)].map((x) => x.o)
  const total = ranked.length + liars.length
  const nGood = Math.min(ranked.length, Math.max(1, Math.ceil(gamma * total)))
  const byIndex = (a: Observation, b: Observation): number => a.index - b.index
  return { good: ranked.slice(0, nGood).sort(byIndex), bad: [...ranked.slice(nGood), ...liars].sort(byIndex), scored: ranked.length }
}

/**
 * Optuna's default weights: the newest 25 observations weigh 1, older ones ramp linearly down to
 * 1/n, so an early, unlucky region fades as the search moves on. Observations in index order.
 */
export function recencyWeights(n: number): number[] {
  const FLAT = 25
  if (n <= FLAT) return Array.from({ length: n }, () => 1)
  const ramp = n - FLAT
  // numpy.linspace(1/n, 1, ramp): endpoints included.
  return Array.from({ length: n }, (_, i) => (i >= ramp ? 1 : ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)))
}
