import { SweeplabError } from '../../shared/errors.ts'
import type { SweepSpec } from '../../shared/sweep-spec.ts'
import { selectWarmStart, type WarmStart } from './search/warm-start.ts'
import type { Store } from './store/store-types.ts'

/**
 * A `bayes.warm_start.sweeps` entry → a sweep id of this workspace: a number is an id, a string a
 * name that exactly one sweep has. `exceptId` (the sweep being warm-started) may not name itself.
 */
export function resolveWarmStartRef(store: Store, ref: number | string, exceptId?: number): number {
  let id: number
  if (typeof ref === 'number') {
    if (!store.sweeps.get(ref)) throw new SweeplabError('spec/warm-start', `bayes.warm_start: no sweep with id ${ref} in this workspace (see sweeplab ls)`)
    id = ref
  } else {
    const matches = store.sweeps.list().filter((s) => s.name === ref)
    if (matches.length === 0) throw new SweeplabError('spec/warm-start', `bayes.warm_start: no sweep named "${ref}" in this workspace (see sweeplab ls)`)
    if (matches.length > 1) {
      throw new SweeplabError('spec/warm-start', `bayes.warm_start: ${matches.length} sweeps are named "${ref}" (ids ${matches.map((s) => s.id).join(', ')}); give the id instead`)
    }
    id = matches[0]!.id
  }
  if (id === exceptId) throw new SweeplabError('spec/warm-start', `bayes.warm_start: sweep ${id} cannot warm-start itself`)
  return id
}

/**
 * The warm start of a bayes spec from the store, or null when it has none. Throws `spec/warm-start`
 * for a reference that names no sweep (or several) or a source with another metric or goal.
 * `missingOk` (a resume): a source deleted since the sweep was created is left out, not an error.
 */
export function loadWarmStart(store: Store, spec: Pick<SweepSpec, 'method' | 'bayes' | 'metric' | 'parameters'>, opts: { exceptId?: number; missingOk?: boolean } = {}): WarmStart | null {
  const refs = spec.method === 'bayes' ? spec.bayes?.warm_start?.sweeps : undefined
  if (!refs || refs.length === 0) return null
  if (!spec.metric) throw new SweeplabError('spec/warm-start', 'bayes.warm_start needs the sweep to have a metric')
  const ids: number[] = []
  for (const ref of refs) {
    try {
      const id = resolveWarmStartRef(store, ref, opts.exceptId)
      if (!ids.includes(id)) ids.push(id)
    } catch (e) {
      if (!opts.missingOk) throw e
    }
  }
  const sources = ids.map((id) => {
    const row = store.sweeps.get(id)!
    return { sweepId: id, name: row.name, metricName: row.metricName, metricGoal: row.metricGoal, trials: store.trials.listBySweep(id) }
  })
  return selectWarmStart({ parameters: spec.parameters, metric: spec.metric }, sources)
}

/** One line per source for logs and the CLI: `warm start: 12 of 15 trials of sweep 3 "lr-search" (3 dropped: …)`. */
export function describeWarmStart(w: WarmStart): string[] {
  return w.sources.map((s) => {
    const total = s.used + Object.values(s.dropped).reduce((a, b) => a + b, 0)
    const reasons = Object.entries(s.dropped).map(([why, n]) => `${n} ${why}`)
    return `warm start: ${s.used} of ${total} trials of sweep ${s.sweepId} "${s.name}"${reasons.length > 0 ? ` (dropped: ${reasons.join('; ')})` : ''}`
  })
}

/**
 * The spec the sampler runs with: the warm trials count toward `startup_trials`, so a sweep seeded
 * with enough of them lets the model choose from its first trial.
 */
export function warmStartedSpec<S extends Pick<SweepSpec, 'bayes'>>(spec: S, warm: WarmStart | null): S {
  if (!warm || warm.used === 0 || !spec.bayes) return spec
  return { ...spec, bayes: { ...spec.bayes, startup_trials: Math.max(0, spec.bayes.startup_trials - warm.used) } }
}
