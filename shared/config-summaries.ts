import type { ConfigSummary, TrialSummary } from './api/types.ts'
import { aggregateRepeats } from './config-stats.ts'
import type { MetricGoal } from './status.ts'

/**
 * The configs of a sweep with repeats, in config order, from its trial rows (any attempts, any
 * order). A trial without `configIndex` (a sweep without repeats) is a config of its own. The
 * params and seeds are those of each repeat's latest attempt.
 */
export function summarizeConfigs(trials: ReadonlyArray<TrialSummary>, repeats: number): ConfigSummary[] {
  const groups = new Map<number, TrialSummary[]>()
  for (const t of trials) {
    const key = t.configIndex ?? t.index
    const g = groups.get(key)
    if (g) g.push(t)
    else groups.set(key, [t])
  }
  const out: ConfigSummary[] = []
  for (const [configIndex, group] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const latest = new Map<number, TrialSummary>()
    for (const t of group) {
      const r = t.repeat ?? 0
      const seen = latest.get(r)
      if (!seen || t.attempt > seen.attempt) latest.set(r, t)
    }
    const ordered = [...latest.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t)
    const stats = aggregateRepeats(group.map((t) => ({ repeat: t.repeat ?? 0, attempt: t.attempt, status: t.status, value: t.finalValue })))
    out.push({
      configIndex,
      params: ordered[0]!.params,
      repeats,
      trialIds: ordered.map((t) => t.id),
      seeds: ordered.map((t) => t.seed),
      ...stats,
    })
  }
  return out
}

/**
 * The best config by its mean: among `completed` configs with a mean, lowest or highest by goal;
 * ties go to the earlier config.
 */
export function pickBestConfig(configs: ReadonlyArray<ConfigSummary>, goal: MetricGoal): ConfigSummary | undefined {
  let best: ConfigSummary | undefined
  for (const c of configs) {
    if (c.status !== 'completed' || c.mean === null) continue
    if (best === undefined || (goal === 'minimize' ? c.mean < best.mean! : c.mean > best.mean!)) best = c
  }
  return best
}

/** The `repeats` of a stored spec (the API's `getSweep().spec`): 1 when absent or malformed. */
export function repeatsOfSpec(spec: unknown): number {
  const n = typeof spec === 'object' && spec !== null ? (spec as { repeats?: unknown }).repeats : undefined
  return typeof n === 'number' && Number.isInteger(n) && n > 1 ? n : 1
}
