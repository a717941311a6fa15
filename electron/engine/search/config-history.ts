import { aggregateRepeats, repeatOf } from '../../../shared/config-stats.ts'
import type { TrialRecord } from './tpe-history.ts'

/**
 * The trial rows of a sweep with `repeats: n` as one record per config, for the TPE: index = config
 * index, status and value from `aggregateRepeats` (the mean over completed repeats; a config with a
 * repeat still queued or running is running, so it stays a constant liar until all its repeats ended).
 * Params are those of the config's first row.
 */
export function configHistory(records: ReadonlyArray<TrialRecord>, repeats: number): TrialRecord[] {
  const groups = new Map<number, TrialRecord[]>()
  for (const r of records) {
    // Reruns (negative indices) are no config of the search.
    if (r.index < 0) continue
    const c = repeatOf(r.index, repeats).configIndex
    const g = groups.get(c)
    if (g) g.push(r)
    else groups.set(c, [r])
  }
  const out: TrialRecord[] = []
  for (const [index, group] of groups) {
    const stats = aggregateRepeats(group.map((r) => ({ repeat: repeatOf(r.index, repeats).repeat, attempt: r.attempt, status: r.status, value: r.finalValue })))
    out.push({ index, attempt: 1, status: stats.status, params: group[0]!.params, finalValue: stats.mean, ...(stats.mean === null ? imputedOf(group) : {}) })
  }
  return out.sort((a, b) => a.index - b.index)
}

/** For `metric.impute: best | latest`: a config none of whose repeats gave a value is the mean of its repeats' imputed values. */
function imputedOf(group: ReadonlyArray<TrialRecord>): Pick<TrialRecord, 'bestValue' | 'lastFiniteValue'> {
  const best = meanOf(group.map((r) => r.bestValue))
  const last = meanOf(group.map((r) => r.lastFiniteValue ?? r.finalValue))
  return { ...(best !== null ? { bestValue: best } : {}), ...(last !== null ? { lastFiniteValue: last } : {}) }
}

function meanOf(values: ReadonlyArray<number | null | undefined>): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length
}
