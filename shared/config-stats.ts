import type { TrialStatus } from './status.ts'

/** One attempt of one repeat of a config, as the aggregation reads it. */
export interface RepeatRun {
  repeat: number
  attempt: number
  status: TrialStatus
  /** The sweep metric's last value (null when none or not finite). */
  value: number | null
}

/** A config's standing over its repeats. */
export interface RepeatStats {
  /** See `aggregateRepeats`. */
  status: TrialStatus
  /** Mean over the repeats that count (null when none does). */
  mean: number | null
  /** Sample standard deviation (n − 1, as k-fold CV's `_std`); null below two values. */
  std: number | null
  /** Repeats whose value is in the mean. */
  n: number
}

const UNFINISHED: ReadonlySet<TrialStatus> = new Set(['queued', 'running'])
/** Without a completed repeat, the status a config shows: the first of these its repeats have. */
const FALLBACK_ORDER: ReadonlyArray<TrialStatus> = ['diverged', 'pruned', 'timeout', 'completed', 'failed', 'crashed', 'cancelled', 'interrupted']

/**
 * A config's metric over its repeats (each repeat's latest attempt only):
 * - a repeat still queued or running makes the config `running` (`queued` when none runs yet);
 *   the mean so far covers its completed repeats;
 * - otherwise, with a completed repeat that has a value, the config is `completed` and its mean
 *   covers exactly those repeats (failed, diverged, pruned ones are left out and `n` says how many count);
 * - otherwise pruned or timed-out repeats with a last value give a `pruned` (or `timeout`) config
 *   whose mean is over those values;
 * - otherwise the config has no value and takes the first status of FALLBACK_ORDER its repeats have.
 */
export function aggregateRepeats(runs: ReadonlyArray<RepeatRun>): RepeatStats {
  const latest = new Map<number, RepeatRun>()
  for (const r of runs) {
    const seen = latest.get(r.repeat)
    if (!seen || r.attempt > seen.attempt) latest.set(r.repeat, r)
  }
  const all = [...latest.values()]
  const scored = (statuses: ReadonlyArray<TrialStatus>): number[] =>
    all.filter((r) => statuses.includes(r.status) && r.value !== null && Number.isFinite(r.value)).map((r) => r.value as number)
  const completed = scored(['completed'])
  if (all.some((r) => UNFINISHED.has(r.status))) {
    const status = all.some((r) => r.status === 'running') ? 'running' : 'queued'
    return { status, ...meanStd(completed) }
  }
  if (completed.length > 0) return { status: 'completed', ...meanStd(completed) }
  const partial = scored(['pruned', 'timeout'])
  if (partial.length > 0) return { status: all.some((r) => r.status === 'pruned' && r.value !== null) ? 'pruned' : 'timeout', ...meanStd(partial) }
  const status = FALLBACK_ORDER.find((s) => all.some((r) => r.status === s)) ?? 'queued'
  return { status, mean: null, std: null, n: 0 }
}

/** Mean and sample standard deviation (null below two values) of finite numbers. */
export function meanStd(values: ReadonlyArray<number>): { mean: number | null; std: number | null; n: number } {
  const n = values.length
  if (n === 0) return { mean: null, std: null, n: 0 }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { mean, std: null, n }
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
  return { mean, std: Math.sqrt(variance), n }
}

/** Config and repeat of search index `index` in a sweep with `repeats` seeds per config. */
export function repeatOf(index: number, repeats: number): { configIndex: number; repeat: number } {
  return { configIndex: Math.floor(index / repeats), repeat: index % repeats }
}
