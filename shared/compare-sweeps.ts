import type { CompareParam, CompareResult, CompareSweep, CompareTrial } from './api/compare-types.ts'
import type { TrialSummary } from './api/types.ts'
import { flattenForDisplay, formatParamText } from './flatten-params.ts'
import type { MetricGoal } from './status.ts'

/** One sweep's data as the engine reads it for a comparison. */
export interface CompareInput {
  sweepId: number
  workspace: string | null
  name: string
  method: string
  status: CompareSweep['status']
  metricName: string | null
  metricGoal: MetricGoal
  spec: unknown
  trials: ReadonlyArray<TrialSummary>
}

/** More distinct categories than this are summarized by their count. */
const MAX_CATEGORIES = 20

/**
 * Aligns sweeps on their parameters: a parameter (nested ones dotted) is `shared` when every sweep
 * has it and gets one common axis; the others are listed with the sweeps that lack them as null.
 * Each sweep's best trial is the completed one with the best final value for its own goal (ties:
 * lower id), as `sweeplab export` picks it. Only the latest attempt of an index is compared.
 */
export function alignSweeps(inputs: ReadonlyArray<CompareInput>): CompareResult {
  const sweeps: CompareSweep[] = []
  const trials: CompareTrial[] = []
  const flatBySweep: Array<Array<Record<string, unknown>>> = []
  const bestFlat: Array<Record<string, unknown> | null> = []
  inputs.forEach((input, s) => {
    const latest = latestAttempts(input.trials)
    const flats: Array<Record<string, unknown>> = []
    let best: TrialSummary | null = null
    let scored = 0
    for (const t of latest) {
      const params = Object.fromEntries(flattenForDisplay(t.params))
      flats.push(params)
      const value = t.finalValue !== null && Number.isFinite(t.finalValue) ? t.finalValue : null
      if (value !== null && (t.status === 'completed' || t.status === 'pruned' || t.status === 'timeout')) scored++
      if (t.status === 'completed' && value !== null && (best === null || better(t, best, input.metricGoal))) best = t
      trials.push({ sweep: s, trialId: t.id, index: t.index, status: t.status, params, value, endedAt: t.endedAt })
    }
    const bp = best ? Object.fromEntries(flattenForDisplay(best.params)) : null
    flatBySweep.push(flats)
    bestFlat.push(bp)
    sweeps.push({
      sweepId: input.sweepId, workspace: input.workspace, name: input.name, method: input.method, status: input.status,
      metricName: input.metricName, metricGoal: input.metricGoal,
      bestValue: best?.finalValue ?? null, bestTrialId: best?.id ?? null, bestParams: bp,
      trialCount: latest.length, scored, spec: input.spec,
    })
  })

  const names = new Set<string>()
  for (const flats of flatBySweep) for (const f of flats) for (const k of Object.keys(f)) names.add(k)
  const params: CompareParam[] = [...names].sort().map((name) => {
    const sides = flatBySweep.map((flats, s) => side(flats, name, bestFlat[s] ?? null))
    return { name, shared: sides.every((x) => x !== null), sides }
  })
  params.sort((a, b) => Number(b.shared) - Number(a.shared) || a.name.localeCompare(b.name))

  const first = sweeps[0]
  const sameMetric = first !== undefined && first.metricName !== null && sweeps.every((s) => s.metricName === first.metricName && s.metricGoal === first.metricGoal)
  return { sweeps, params, metric: sameMetric ? { name: first.metricName!, goal: first.metricGoal } : null, trials }
}

function side(flats: ReadonlyArray<Record<string, unknown>>, name: string, best: Record<string, unknown> | null): CompareParam['sides'][number] {
  let min = Infinity
  let max = -Infinity
  let numeric = true
  let present = false
  const distinct = new Set<string>()
  for (const f of flats) {
    if (!Object.hasOwn(f, name)) continue
    present = true
    const v = f[name]
    distinct.add(formatParamText(v))
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (v < min) min = v
      if (v > max) max = v
    } else numeric = false
  }
  if (!present) return null
  const categories = numeric ? null : [...distinct].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, MAX_CATEGORIES)
  return {
    best: best && Object.hasOwn(best, name) ? best[name] : null,
    min: numeric ? min : null,
    max: numeric ? max : null,
    categories,
    distinct: distinct.size,
  }
}

function latestAttempts(trials: ReadonlyArray<TrialSummary>): TrialSummary[] {
  const latest = new Map<number, TrialSummary>()
  for (const t of trials) {
    const seen = latest.get(t.index)
    if (!seen || t.attempt > seen.attempt) latest.set(t.index, t)
  }
  return [...latest.values()].sort((a, b) => a.index - b.index)
}

function better(a: TrialSummary, b: TrialSummary, goal: MetricGoal): boolean {
  const av = a.finalValue as number
  const bv = b.finalValue as number
  if (av === bv) return a.id < b.id
  return goal === 'minimize' ? av < bv : av > bv
}
