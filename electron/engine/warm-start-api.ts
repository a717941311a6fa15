import type { WarmStartCandidates, WarmStartReport } from '../../shared/api/compare-types.ts'
import type { ErrorLocation } from '../../shared/errors.ts'
import { SweeplabError, isSweeplabError } from '../../shared/errors.ts'
import { BAYES_DEFAULTS, type SweepSpec } from '../../shared/sweep-spec.ts'
import { parseSweepSpec } from './config/parse-sweep-spec.ts'
import { selectWarmStart, type WarmStart } from './search/warm-start.ts'
import type { Store } from './store/store-types.ts'
import { loadWarmStart, resolveWarmStartRef } from './warm-start-sources.ts'

/**
 * The spec with `extra` references (createSweep's `warmStart`, CLI `--warm-start`) added to
 * `bayes.warm_start.sweeps`, and every reference resolved to an id, so the stored spec names the
 * same sweeps after a rename. Without any warm start the spec is returned as it is.
 */
export function withWarmStartRefs(store: Store, spec: SweepSpec, extra: ReadonlyArray<number | string> | undefined): SweepSpec {
  const listed = spec.bayes?.warm_start?.sweeps ?? []
  if (listed.length === 0 && (!extra || extra.length === 0)) return spec
  if (spec.method !== 'bayes') {
    throw new SweeplabError('spec/warm-start', `warm start seeds a bayes model; this sweep is method: ${spec.method} (set method: bayes)`)
  }
  const ids: number[] = []
  for (const ref of [...listed, ...(extra ?? [])]) {
    const id = resolveWarmStartRef(store, ref)
    if (!ids.includes(id)) ids.push(id)
  }
  return { ...spec, bayes: { ...BAYES_DEFAULTS, ...spec.bayes, warm_start: { sweeps: ids } } }
}

/** A warm-start reference this workspace cannot satisfy, as a validation problem (null when fine). */
export function warmStartProblem(store: Store, spec: () => SweepSpec, fileName: string | undefined): ErrorLocation | null {
  try {
    // Parsed inside the try: whatever the parser refuses is reported as a problem, not thrown at the editor.
    loadWarmStart(store, withWarmStartRefs(store, spec(), undefined))
    return null
  } catch (e) {
    if (!isSweeplabError(e)) throw e
    return { ...(fileName !== undefined ? { file: fileName } : {}), ...(e.code === 'spec/warm-start' ? { path: 'bayes.warm_start.sweeps' } : {}), message: e.message }
  }
}

export function warmStartReport(w: WarmStart): WarmStartReport {
  return {
    used: w.used,
    dropped: w.droppedCount,
    sources: w.sources.map((s) => ({
      sweepId: s.sweepId, name: s.name, used: s.used,
      dropped: Object.entries(s.dropped).map(([reason, count]) => ({ reason, count })),
    })),
  }
}

/**
 * Every sweep of the workspace with how many of its trials a bayes spec could learn from; the
 * new-sweep form lists the compatible ones in its "warm start from" picker.
 */
export function warmStartCandidates(store: Store, text: string, fileName: string | undefined): WarmStartCandidates {
  let spec: SweepSpec
  try {
    spec = parseSweepSpec(text, fileName)
  } catch (e) {
    if (isSweeplabError(e)) return { unavailable: 'the sweep file has problems; fix them first', candidates: [] }
    throw e
  }
  if (spec.method !== 'bayes') return { unavailable: `warm start needs method: bayes (this sweep is method: ${spec.method})`, candidates: [] }
  const metric = spec.metric
  if (!metric) return { unavailable: 'warm start needs a metric', candidates: [] }
  const candidates = store.sweeps.summaries().map((s) => {
    const base = { sweepId: s.id, name: s.name, status: s.status, metricName: s.metricName, metricGoal: s.metricGoal }
    if (s.metricName !== metric.name || s.metricGoal !== metric.goal) {
      const theirs = s.metricName === null ? 'no metric' : `${s.metricName} (${s.metricGoal})`
      return { ...base, compatible: false, reason: `optimizes ${theirs}, not ${metric.name} (${metric.goal})`, used: 0, dropped: 0 }
    }
    const w = selectWarmStart({ parameters: spec.parameters, metric }, [{ ...base, trials: store.trials.listBySweep(s.id) }])
    const reason = w.used > 0 ? null : w.droppedCount === 0 ? 'no finished trials' : 'none of its trials fits this search space'
    return { ...base, compatible: w.used > 0, reason, used: w.used, dropped: w.droppedCount }
  })
  return { unavailable: null, candidates: candidates.sort((a, b) => Number(b.compatible) - Number(a.compatible) || b.sweepId - a.sweepId) }
}
