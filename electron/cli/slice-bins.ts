import type { TrialSummary } from '../../shared/api/types.ts'
import { flattenForDisplay, formatParamText } from '../../shared/flatten-params.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { formatMetric } from './format.ts'

/** Bins per numeric parameter. */
export const SLICE_BINS = 5
/** Two decades or more between the smallest and largest positive value: bins on a log scale (as the app's axes). */
const LOG_SPAN = 100

export interface SliceBin {
  label: string
  count: number
  best: number
  mean: number
}

export interface ParamSlice {
  name: string
  scale: 'linear' | 'log' | 'categorical'
  bins: SliceBin[]
}

/**
 * The text form of the app's slice plots: for each parameter that varies, the finished trials (a
 * completed one with a value, latest attempt) grouped by the parameter's value (categories, or
 * SLICE_BINS equal bins, log-spaced over two decades or more) with each bin's count, best and mean.
 */
export function sliceBins(trials: ReadonlyArray<TrialSummary>, goal: MetricGoal): ParamSlice[] {
  const latest = new Map<number, TrialSummary>()
  for (const t of trials) {
    const seen = latest.get(t.index)
    if (!seen || t.attempt > seen.attempt) latest.set(t.index, t)
  }
  const done = [...latest.values()].filter((t): t is TrialSummary & { finalValue: number } => t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue))
  const rows = done.map((t) => ({ value: t.finalValue, params: new Map(flattenForDisplay(t.params)) }))
  const names = [...new Set(rows.flatMap((r) => [...r.params.keys()]))].sort()
  const out: ParamSlice[] = []
  for (const name of names) {
    const pts = rows.flatMap((r) => (r.params.has(name) ? [{ x: r.params.get(name), y: r.value }] : []))
    if (new Set(pts.map((p) => formatParamText(p.x))).size < 2) continue
    const numeric = pts.every((p) => typeof p.x === 'number' && Number.isFinite(p.x))
    if (!numeric) {
      const groups = new Map<string, number[]>()
      for (const p of pts) groups.set(formatParamText(p.x), [...(groups.get(formatParamText(p.x)) ?? []), p.y])
      const bins = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([label, ys]) => summarize(label, ys, goal))
      out.push({ name, scale: 'categorical', bins })
      continue
    }
    const xs = pts.map((p) => p.x as number)
    const min = Math.min(...xs)
    const max = Math.max(...xs)
    const log = min > 0 && max / min >= LOG_SPAN
    const to = log ? Math.log10 : (v: number) => v
    const from = log ? (v: number) => 10 ** v : (v: number) => v
    const lo = to(min)
    const width = (to(max) - lo) / SLICE_BINS
    const groups: number[][] = Array.from({ length: SLICE_BINS }, () => [])
    for (const p of pts) groups[Math.min(SLICE_BINS - 1, Math.floor((to(p.x as number) - lo) / width))]!.push(p.y)
    const bins = groups.flatMap((ys, i) => (ys.length === 0 ? [] : [summarize(`${formatMetric(from(lo + i * width))} … ${formatMetric(from(lo + (i + 1) * width))}`, ys, goal)]))
    out.push({ name, scale: log ? 'log' : 'linear', bins })
  }
  return out
}

function summarize(label: string, ys: readonly number[], goal: MetricGoal): SliceBin {
  const best = goal === 'minimize' ? Math.min(...ys) : Math.max(...ys)
  return { label, count: ys.length, best, mean: ys.reduce((a, b) => a + b, 0) / ys.length }
}
