import { SweeplabError } from '../../../shared/errors.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { createSampler, type Sampler, type TrialRecord } from '../search/create-sampler.ts'
import { countGridPoints, createGridSampler } from '../search/grid.ts'
import { deriveSeed } from '../search/rng.ts'

/** A grid edit enumerates the new grid to find the points not yet run; past this it is refused. */
export const MAX_EDITED_GRID_POINTS = 1_000_000

/**
 * The search sequence of a sweep's current config version. Version 1 is the plain sampler (so a
 * sweep that was never edited behaves exactly as before). After an edit, indices go on from
 * `nextIndex` (the sweep stays one sequence, and `run_cap` still counts every sampled trial):
 * - random and bayes sample index i from the new space (bayes reads every stored trial: points
 *   outside the new space are ignored by the model, see tpe-history.ts);
 * - grid runs the points of the new grid that no trial of the sweep has run yet (by params, any
 *   version), in grid order, from `nextIndex` on.
 */
export function createVersionedSampler(opts: {
  spec: SweepSpec
  seed: number
  version: number
  nextIndex: number
  history: () => ReadonlyArray<TrialRecord>
}): Sampler {
  const { spec, seed } = opts
  if (opts.version === 1 || spec.method !== 'grid') return createSampler(spec, seed, opts.history)
  const remaining = remainingGridPoints(spec, seed, opts.history())
  const base = opts.nextIndex
  const uncapped = base + remaining.length
  const total = spec.run_cap === undefined ? uncapped : Math.max(base, Math.min(uncapped, spec.run_cap))
  return {
    total,
    sample(index) {
      const params = remaining[index - base]
      if (index < base || index >= total || params === undefined) {
        throw new SweeplabError('internal', `index ${index} is outside the search sequence of this grid version (${base}..${total - 1})`)
      }
      return { params, seed: deriveSeed(seed, index) }
    },
  }
}

/** The new grid's points, in grid order, that no searched trial of the sweep has run (reruns aside). */
export function remainingGridPoints(spec: SweepSpec, seed: number, trials: ReadonlyArray<TrialRecord>): Record<string, unknown>[] {
  const points = countGridPoints(spec.parameters)
  if (points > BigInt(MAX_EDITED_GRID_POINTS)) {
    throw new SweeplabError('spec/too-large', `the edited grid has ${points} points; a grid edit checks each against the trials already run, at most ${MAX_EDITED_GRID_POINTS}. Narrow it or use method: random in a new sweep`)
  }
  const run = new Set(trials.filter((t) => t.index >= 0).map((t) => paramsKey(t.params)))
  // The edited file's conditions, derived values and constraints hold for the remaining points as for the first.
  const grid = createGridSampler({ parameters: spec.parameters, derived: spec.derived, constraints: spec.constraints }, seed)
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < (grid.total ?? 0); i++) {
    const { params } = grid.sample(i)
    if (!run.has(paramsKey(params))) out.push(params)
  }
  return out
}

/** Params as a key independent of key order (nested objects included). */
export function paramsKey(params: unknown): string {
  if (Array.isArray(params)) return `[${params.map(paramsKey).join(',')}]`
  if (typeof params === 'object' && params !== null) {
    const entries = Object.entries(params as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${paramsKey(v)}`).join(',')}}`
  }
  return JSON.stringify(params) ?? 'undefined'
}
