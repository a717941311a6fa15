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
    const c = repeatOf(r.index, repeats).configIndex
    const g = groups.get(c)
    if (g) g.push(r)
    else groups.set(c, [r])
  }
  const out: TrialRecord[] = []
  for (const [index, group] of groups) {
    const stats = aggregateRepeats(group.map((r) => ({ repeat: repeatOf(r.index, repeats).repeat, attempt: r.attempt, status: r.status, value: r.finalValue })))
    out.push({ index, attempt: 1, status: stats.status, params: group[0]!.params, finalValue: stats.mean })
  }
  return out.sort((a, b) => a.index - b.index)
}
