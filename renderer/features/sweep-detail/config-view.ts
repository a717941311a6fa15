import type { ConfigSummary, TrialSummary } from '../../../shared/api/types.ts'
import { summarizeConfigs } from '../../../shared/config-summaries.ts'
import type { PointSpread } from '../../plots/scatter-data.ts'

/** A sweep with `repeats: n` seen per config: what the plots draw instead of single trials. */
export interface ConfigView {
  /**
   * One trial per config, standing for it: its first repeat, with the config's status and its mean
   * as `finalValue`/`bestValue`. Parallel coordinates and the scatter draw these.
   */
  trials: TrialSummary[]
  /** The config of every trial id (each repeat, each attempt). */
  configOf: ReadonlyMap<number, ConfigSummary>
  /** The spread of each standing trial, for error bars. */
  spread: ReadonlyMap<number, PointSpread>
}

/** The per-config view of a sweep's trials, or null when the sweep has no repeats. */
export function buildConfigView(trials: readonly TrialSummary[], repeats: number): ConfigView | null {
  if (repeats <= 1) return null
  const configs = summarizeConfigs(trials, repeats)
  const byId = new Map(trials.map((t) => [t.id, t]))
  const configOf = new Map<number, ConfigSummary>()
  const byConfig = new Map(configs.map((c) => [c.configIndex, c]))
  for (const t of trials) {
    const c = byConfig.get(t.configIndex ?? t.index)
    if (c) configOf.set(t.id, c)
  }
  const standing: TrialSummary[] = []
  const spread = new Map<number, PointSpread>()
  for (const c of configs) {
    const first = byId.get(c.trialIds[0]!)
    if (!first) continue
    standing.push({ ...first, status: c.status, finalValue: c.mean, bestValue: c.mean })
    spread.set(first.id, { std: c.std, n: c.n, repeats: c.repeats })
  }
  return { trials: standing, configOf, spread }
}

/**
 * The trials whose curves to draw, one per config (its standing trial), in order, keeping the first
 * trial seen of each config: a selection of two repeats of one config draws that config once.
 */
export function curveConfigs(trialIds: readonly number[], view: ConfigView): number[] {
  const seen = new Set<number>()
  const out: number[] = []
  for (const id of trialIds) {
    const c = view.configOf.get(id)
    if (!c) continue
    if (seen.has(c.configIndex)) continue
    seen.add(c.configIndex)
    out.push(c.trialIds[0]!)
  }
  return out
}

/** `0.25 ± 0.012 (n=3)`; without a value `—`. */
export function formatMeanStd(c: Pick<ConfigSummary, 'mean' | 'std' | 'n' | 'repeats'>, format: (v: number) => string): string {
  if (c.mean === null) return '—'
  return `${format(c.mean)}${c.std === null ? '' : ` ± ${format(c.std)}`} (${c.n}/${c.repeats})`
}
