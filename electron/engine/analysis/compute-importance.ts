import type { ImportanceResult, ParamImportance, TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { createRng, type Rng } from '../search/rng.ts'
import { treeMainEffects } from './fanova.ts'
import { buildFeatureColumns, type FeatureColumn, type ImportanceSample } from './importance-features.ts'
import { fitRegressionTree, type TreeOptions } from './regression-tree.ts'

export interface ImportanceInput {
  trials: ReadonlyArray<Pick<TrialSummary, 'status' | 'params' | 'finalValue'>>
  metricName: string | null
  goal: MetricGoal
  /** The sweep spec's parameters: they say which ones are sampled on a log scale. */
  parameters?: Readonly<Record<string, SweepParameter>>
}

export interface ImportanceOptions {
  trees?: number
  resamples?: number
  /** Trees per bootstrap refit. */
  resampleTrees?: number
  /** Trials each tree is fitted on (a bootstrap sample of at most this many). */
  maxTreeSamples?: number
  maxDepth?: number
  minSamplesLeaf?: number
  seed?: number
}

/** Trials below this never give a ranking worth showing, whatever the number of parameters. */
export const MIN_TRIALS = 10
/** Trials needed per varying parameter. */
export const TRIALS_PER_PARAM = 2
const DEFAULT_TREES = 48
const DEFAULT_RESAMPLES = 30
// Fewer trees per refit than in the main forest: 30 × 8 trees cost 5× the main fit, and the spread
// between resamples (what the interval measures) dwarfs the extra tree-to-tree noise of small forests.
const DEFAULT_RESAMPLE_TREES = 8
// Each tree sees a bootstrap sample of at most this many trials: measured on 10k trials × 10 params,
// 2048 moved no share by more than 0.015 and cost 2-3× the time; the cap bounds the fit for any sweep size.
const MAX_TREE_SAMPLES = 1024
// Grown nearly fully, as Optuna's fANOVA does (depth 64): shallow trees spend their splits on the
// dominant parameter and understate the rest. Leaves of 2 keep single noisy trials from splitting off.
const MAX_DEPTH = 64
const MIN_SAMPLES_LEAF = 2
const INTERVAL = 0.9

/**
 * Parameter importance of a sweep's metric: fANOVA main effects of a random forest fitted on the
 * finished trials, normalized to sum 1, with 90% intervals and rank stability from refits on
 * bootstrap resamples of the trials, and each parameter's Pearson correlation with the metric.
 * Deterministic: the same trials give the same answer.
 */
export function computeImportance(input: ImportanceInput, opts: ImportanceOptions = {}): ImportanceResult {
  const { metricName, goal } = input
  const samples: ImportanceSample[] = []
  for (const t of input.trials) {
    if ((t.status === 'completed' || t.status === 'pruned') && typeof t.finalValue === 'number' && Number.isFinite(t.finalValue)) {
      samples.push({ params: t.params, value: t.finalValue })
    }
  }
  const have = samples.length
  const refuse = (reason: 'no-metric' | 'no-varying-params' | 'too-few-trials' | 'constant-metric', minimum: number, message: string): ImportanceResult =>
    ({ ok: false, reason, metric: metricName, have, minimum, needed: Math.max(0, minimum - have), message })
  if (!metricName) return refuse('no-metric', 0, 'the sweep has no metric; add `metric: {name, goal}` to the sweep file to rank its parameters')
  const columns = buildFeatureColumns(samples, input.parameters)
  const minimum = Math.max(MIN_TRIALS, TRIALS_PER_PARAM * columns.length)
  if (have < minimum) {
    return refuse('too-few-trials', minimum, `${minimum - have} more finished trial${minimum - have === 1 ? '' : 's'} with a value of ${metricName} needed (${have} of ${minimum}${columns.length > 0 ? ` for ${columns.length} parameter${columns.length === 1 ? '' : 's'}` : ''})`)
  }
  if (columns.length === 0) return refuse('no-varying-params', minimum, 'every finished trial has the same parameters; nothing to rank')
  const y = Float64Array.from(samples, (s) => s.value)
  if (y.every((v) => v === y[0])) return refuse('constant-metric', minimum, `every finished trial has ${metricName} = ${y[0]}; nothing to explain`)

  const seed = opts.seed ?? 0
  const trees = opts.trees ?? DEFAULT_TREES
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES
  const all = Int32Array.from(samples, (_, i) => i)
  const fit: ForestOptions = {
    maxTreeSamples: opts.maxTreeSamples ?? MAX_TREE_SAMPLES,
    maxDepth: opts.maxDepth ?? MAX_DEPTH,
    minSamplesLeaf: opts.minSamplesLeaf ?? MIN_SAMPLES_LEAF,
  }
  const point = forestImportance(columns, y, all, trees, fit, createRng(seed, 0))
  const boot: Float64Array[] = []
  for (let b = 0; b < resamples; b++) {
    const rng = createRng(seed, b + 1)
    boot.push(forestImportance(columns, y, bootstrapRows(all, all.length, rng), opts.resampleTrees ?? DEFAULT_RESAMPLE_TREES, fit, rng))
  }
  const rank = ranksOf(point, columns)
  const bootRanks = boot.map((imp) => ranksOf(imp, columns))
  const params: ParamImportance[] = columns.map((col, f) => {
    const shares = Float64Array.from(boot, (imp) => imp[f]!).sort()
    return {
      name: col.name,
      scale: col.scale,
      importance: unit(point[f]!),
      low: unit(Math.min(point[f]!, quantile(shares, (1 - INTERVAL) / 2))),
      high: unit(Math.max(point[f]!, quantile(shares, (1 + INTERVAL) / 2))),
      rank: rank[f]!,
      rankProbability: bootRanks.filter((r) => r[f] === rank[f]).length / resamples,
      correlation: col.values ? pearson(col.values, y) : null,
    }
  })
  params.sort((a, b) => a.rank - b.rank)
  return { ok: true, metric: metricName, goal, trials: have, trees, resamples, params }
}

interface ForestOptions extends TreeOptions {
  maxTreeSamples: number
}

/** Mean fANOVA main effects over a forest fitted on `rows`, normalized to sum 1. */
function forestImportance(columns: ReadonlyArray<FeatureColumn>, y: Float64Array, rows: Int32Array, trees: number, fit: ForestOptions, rng: Rng): Float64Array {
  const perTree = Math.min(rows.length, fit.maxTreeSamples)
  const opts: TreeOptions = { maxDepth: fit.maxDepth, minSamplesLeaf: fit.minSamplesLeaf }
  const sum = new Float64Array(columns.length)
  let fitted = 0
  for (let t = 0; t < trees; t++) {
    const effects = treeMainEffects(fitRegressionTree(columns, y, bootstrapRows(rows, perTree, rng), rng, opts), columns)
    if (!effects) continue
    effects.forEach((e, f) => (sum[f]! += e))
    fitted++
  }
  const total = sum.reduce((a, b) => a + b, 0)
  // A forest of constant trees (a resample where the metric did not vary) says nothing: equal shares.
  return fitted === 0 || !(total > 0) ? sum.fill(1 / columns.length) : sum.map((s) => s / total)
}

function bootstrapRows(rows: Int32Array, size: number, rng: Rng): Int32Array {
  const out = new Int32Array(size)
  for (let i = 0; i < size; i++) out[i] = rows[Math.floor(rng.next() * rows.length)]!
  return out
}

/** 1-based ranks by descending share; ties go to the parameter listed first. */
function ranksOf(shares: Float64Array, columns: ReadonlyArray<FeatureColumn>): Int32Array {
  const order = columns.map((_, f) => f).sort((a, b) => shares[b]! - shares[a]! || a - b)
  const ranks = new Int32Array(columns.length)
  order.forEach((f, i) => (ranks[f] = i + 1))
  return ranks
}

/** Shares are in [0, 1] by construction; this only absorbs rounding (a sum of 1 + 2⁻⁵²). */
const unit = (share: number): number => Math.min(1, Math.max(0, share))

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i]!
    my += y[i]!
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx
    const dy = y[i]! - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  if (!(sxx > 0 && syy > 0)) return null
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
}
