import { assertNever } from '../../../shared/errors.ts'
import { BAYES_DEFAULTS } from '../../../shared/sweep-spec.ts'
import type { BayesOptions, SweepSpec } from '../../../shared/sweep-spec.ts'
import { checkIndex } from './check-index.ts'
import { buildCategoricalParzen, buildNumericParzen, numericLogMass, numericLogPdf, sampleCategorical, sampleNumeric } from './parzen.ts'
import { copyValue } from './parameter-leaves.ts'
import { createRandomSampler, drawValid } from './random.ts'
import { createRng, deriveSeed } from './rng.ts'
import type { Rng } from './rng.ts'
import type { Sampler } from './sampler-types.ts'
import { DEFAULT_IMPUTE, recencyWeights, splitHistory } from './tpe-history.ts'
import type { ImputeOptions, Observation, TrialRecord } from './tpe-history.ts'
import { leafSpace } from './tpe-space.ts'
import { buildSearchSpace, canonicalKey, finishPoint } from './search-space.ts'
import type { CategoricalSpace, LeafSpace, NumericSpace } from './tpe-space.ts'

/** The model needs two ranked trials: one good, one to contrast it with. */
const MIN_SCORED = 2

/**
 * `method: bayes`: a Tree-structured Parzen Estimator (Bergstra et al. 2011, with Optuna's
 * bandwidths and weights). Trials below `startup_trials`, and any trial while fewer than two have a
 * metric value, are the random sampler's very draws. After that each leaf is modelled on its own:
 * the ranked history splits into good and bad (tpe-history.ts), a Parzen density is fitted to each,
 * `candidates` points drawn from the good one, and the point with the largest good/bad ratio wins.
 *
 * `sample(i)` reads `history()` (the sweep's trial rows) when called and is a pure function of
 * (spec, sweep seed, i, history): a resumed sweep that sees the same rows suggests the same point.
 */
export function createTpeSampler(
  spec: Pick<SweepSpec, 'parameters' | 'run_cap' | 'metric' | 'bayes'> & Partial<Pick<SweepSpec, 'derived' | 'constraints'>>,
  sweepSeed: number,
  history: () => ReadonlyArray<TrialRecord>,
): Sampler {
  const options: BayesOptions = { ...BAYES_DEFAULTS, ...spec.bayes }
  const goal = spec.metric?.goal ?? 'minimize'
  const impute: ImputeOptions = { impute: spec.metric?.impute ?? DEFAULT_IMPUTE.impute, whileRunning: spec.metric?.impute_while_running ?? DEFAULT_IMPUTE.whileRunning }
  const search = buildSearchSpace(spec)
  const leaves = search.axes.map((axis) => ({ path: axis.path, members: axis.members, space: leafSpace(axis.param) }))
  const random = createRandomSampler(spec, sweepSeed)
  const total = spec.run_cap ?? null
  return {
    total,
    sample(index) {
      checkIndex(index, total)
      if (index < options.startup_trials) return random.sample(index)
      const split = splitHistory(history(), goal, options.gamma, index, impute)
      if (split.scored < MIN_SCORED) return random.sample(index)
      // The random sampler's stream for this index: an index is drawn either at random or by the model, never both.
      const rng = createRng(sweepSeed, index)
      const seed = deriveSeed(sweepSeed, index)
      // Every axis is suggested (parents first), then those whose when: fails are dropped; only trials
      // where an axis was active inform its densities (observedValues skips absent values).
      for (let draw = 0; draw < MAX_MODEL_DRAWS; draw++) {
        const values = leaves.map((leaf) => suggestLeaf(leaf.space, leaf, split.good, split.bad, options, rng))
        const active = search.activity(values)
        for (let k = 0; k < values.length; k++) if (!active[k]) values[k] = undefined
        const done = finishPoint(search, values, active, index)
        if (done.ok) return draw === 0 ? { params: done.params, seed } : { params: done.params, seed, skipped: draw }
      }
      // The model keeps proposing points the constraints forbid: this index is drawn at random instead.
      const fallback = drawValid(search, createRng(sweepSeed, index), index, seed)
      return { ...fallback, skipped: MAX_MODEL_DRAWS + (fallback.skipped ?? 0) }
    },
  }
}

/** Model proposals per index that may break the constraints before the index is drawn at random. */
const MAX_MODEL_DRAWS = 100

/** Where an axis's value is read from a trial's params: its path, or for a group the members beside it. */
interface AxisRef {
  path: ReadonlyArray<string>
  members?: ReadonlyArray<string> | undefined
}

function suggestLeaf(space: LeafSpace, path: AxisRef, good: ReadonlyArray<Observation>, bad: ReadonlyArray<Observation>, options: BayesOptions, rng: Rng): unknown {
  switch (space.kind) {
    case 'constant':
      return copyValue(space.value)
    case 'categorical':
      return copyValue(space.values[suggestCategory(space, path, good, bad, options, rng)])
    case 'numeric':
      return suggestNumber(space, path, good, bad, options, rng)
    default:
      return assertNever(space, 'leaf space')
  }
}

/** The leaf's values in the observations (in index order already), dropping those that are not in its space. */
function observedValues<T>(obs: ReadonlyArray<Observation>, ref: AxisRef, read: (v: unknown) => T | null): { values: T[]; weights: number[] } {
  const values: T[] = []
  for (const o of obs) {
    const v = read(axisValue(o.params, ref))
    if (v !== null) values.push(v)
  }
  return { values, weights: recencyWeights(values.length) }
}

/** A group's row is rebuilt from its members; a trial that lacks one (the group was inactive) has none. */
function axisValue(params: Readonly<Record<string, unknown>>, ref: AxisRef): unknown {
  if (!ref.members) return valueAt(params, ref.path)
  const prefix = ref.path.slice(0, -1)
  const row: Record<string, unknown> = {}
  for (const m of ref.members) {
    const v = valueAt(params, [...prefix, m])
    if (v === undefined) return undefined
    row[m] = v
  }
  return row
}

function valueAt(params: Readonly<Record<string, unknown>>, path: ReadonlyArray<string>): unknown {
  let v: unknown = params
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function suggestNumber(space: NumericSpace, path: AxisRef, good: ReadonlyArray<Observation>, bad: ReadonlyArray<Observation>, options: BayesOptions, rng: Rng): number {
  const read = (v: unknown): number | null => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return null
    const u = space.toInternal(v)
    return Number.isFinite(u) ? Math.min(space.high, Math.max(space.low, u)) : null
  }
  const g = observedValues(good, path, read)
  const b = observedValues(bad, path, read)
  const l = buildNumericParzen(space, g.values, g.weights, options.prior_weight)
  const gBad = buildNumericParzen(space, b.values, b.weights, options.prior_weight)
  let best: number | undefined
  let bestScore = -Infinity
  for (let c = 0; c < options.candidates; c++) {
    const value = space.fromInternal(sampleNumeric(l, rng))
    const bin = space.binOf?.(value)
    // exp then log can land one ulp outside the bounds, where both densities are 0.
    const u = Math.min(space.high, Math.max(space.low, space.toInternal(value)))
    const ratio = bin
      ? numericLogMass(l, bin[0], bin[1]) - numericLogMass(gBad, bin[0], bin[1])
      : numericLogPdf(l, u) - numericLogPdf(gBad, u)
    // ∞ - ∞ (both densities 0) scores as the worst; `>` keeps the first of equal scores.
    const score = Number.isNaN(ratio) ? -Infinity : ratio
    if (best === undefined || score > bestScore) {
      best = value
      bestScore = score
    }
  }
  // The schema asks for candidates >= 1; the prior's centre stands in should a caller pass 0.
  return best ?? space.fromInternal(space.priorMu)
}

function suggestCategory(space: CategoricalSpace, path: AxisRef, good: ReadonlyArray<Observation>, bad: ReadonlyArray<Observation>, options: BayesOptions, rng: Rng): number {
  const keys = space.values.map((v) => canonicalKey(v))
  const read = (v: unknown): number | null => {
    const i = v === undefined ? -1 : keys.indexOf(canonicalKey(v))
    return i < 0 ? null : i
  }
  const g = observedValues(good, path, read)
  const b = observedValues(bad, path, read)
  const l = buildCategoricalParzen(space, g.values, g.weights, options.prior_weight)
  const gBad = buildCategoricalParzen(space, b.values, b.weights, options.prior_weight)
  let best = -1
  let bestScore = -Infinity
  for (let c = 0; c < options.candidates; c++) {
    const i = sampleCategorical(l, rng)
    const ratio = Math.log(l[i] as number) - Math.log(gBad[i] as number)
    const score = Number.isNaN(ratio) ? -Infinity : ratio
    if (best < 0 || score > bestScore) {
      best = i
      bestScore = score
    }
  }
  // As for numbers: without candidates the first value stands in.
  return Math.max(best, 0)
}
