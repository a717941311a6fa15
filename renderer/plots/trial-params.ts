import type { TrialSummary } from '../../shared/api/types.ts'
import { formatMetric } from '../ui/format.ts'
import { categoryLabel } from './axis-scale.ts'

const cache = new WeakMap<TrialSummary, Record<string, unknown>>()

/**
 * A trial's parameters with nested ones flattened to dotted names (`optimizer.lr`), as the plots
 * and the table show them. Cached per trial object: engine events replace a trial's object when it
 * changes, so the cache never serves a stale value.
 */
export function flatParams(trial: TrialSummary): Record<string, unknown> {
  let flat = cache.get(trial)
  if (!flat) {
    flat = {}
    flatten(trial.params, '', flat)
    cache.set(trial, flat)
  }
  return flat
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
      flatten(v as Record<string, unknown>, `${prefix}${k}.`, out)
    } else {
      out[prefix + k] = v
    }
  }
}

/** Parameter names across trials, sorted (conditional parameters appear in only some trials). */
export function paramNames(trials: readonly TrialSummary[]): string[] {
  const names = new Set<string>()
  for (const t of trials) for (const k of Object.keys(flatParams(t))) names.add(k)
  return [...names].sort()
}

/** Trial label used in legends and tooltips: its position in the sweep, plus the attempt after a retry. */
export function trialLabel(t: Pick<TrialSummary, 'index' | 'attempt'>): string {
  // Reruns count down from -1, outside the search sequence.
  const base = t.index < 0 ? `rerun ${-t.index}` : `#${t.index}`
  return t.attempt > 1 ? `${base} (attempt ${t.attempt})` : base
}

/** A parameter value for a table cell or tooltip: numbers to four significant digits, others as text. */
export function formatParamValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatMetric(v)
  return categoryLabel(v)
}
