import { flattenForDisplay, formatParamText } from '../../../shared/flatten-params.ts'
import type { Distribution, SweepParameter } from '../../../shared/sweep-spec.ts'
import { collectLeaves } from '../search/parameter-leaves.ts'

/** How the forest sees a parameter. */
export type FeatureScale = 'linear' | 'log' | 'categorical'

/**
 * Bins are stored as bits of a 32-bit mask in the trees, so a feature has at most 32 of them:
 * numeric features are cut at quantiles, categoricals keep their 31 most frequent levels plus "other".
 */
export const MAX_BINS = 32

/** One parameter as a column of the design matrix. */
export interface FeatureColumn {
  name: string
  scale: FeatureScale
  /** Per sample: its numeric bin (ascending values) or its categorical level. */
  codes: Uint8Array
  binCount: number
  /**
   * The share of the parameter's domain each bin covers, summing to 1: value-space widths for
   * numeric features (log10 space for log ones), equal shares for levels. fANOVA integrates over these.
   */
  widths: Float64Array
  /** Per sample: the (log10 for log scale) value the correlation uses; null for categoricals. */
  values: Float64Array | null
}

/** A finished trial as the analysis needs it. */
export interface ImportanceSample {
  params: Readonly<Record<string, unknown>>
  value: number
}

/** Distributions whose values spread over orders of magnitude: their effect is read in log10 space. */
const LOG_DISTRIBUTIONS: ReadonlySet<Distribution> = new Set<Distribution>([
  'log_uniform', 'log_uniform_values', 'q_log_uniform', 'q_log_uniform_values',
  'inv_log_uniform', 'inv_log_uniform_values', 'log_normal', 'q_log_normal',
])

const MISSING = '(not set)'

/**
 * Builds one column per parameter that takes at least two values among the samples, in the order
 * the parameters first appear. Nested params are flattened to dotted names; a parameter whose
 * values are all finite numbers is numeric (log10 when the spec samples it log-scale and all are
 * positive), anything else (strings, booleans, lists, a value missing in some trials) categorical.
 */
export function buildFeatureColumns(
  samples: ReadonlyArray<ImportanceSample>,
  parameters: Readonly<Record<string, SweepParameter>> | undefined,
): FeatureColumn[] {
  const distributions = new Map<string, Distribution>()
  for (const leaf of collectLeaves(parameters ?? {})) distributions.set(leaf.path.join('.'), leaf.param.distribution)
  const raw = new Map<string, unknown[]>()
  samples.forEach((s, i) => {
    for (const [name, value] of flattenForDisplay(s.params)) {
      let col = raw.get(name)
      if (!col) raw.set(name, (col = new Array<unknown>(samples.length).fill(undefined)))
      col[i] = value
    }
  })
  const columns: FeatureColumn[] = []
  for (const [name, values] of raw) {
    const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (values as number[]) : null
    if (numeric) {
      const dist = distributions.get(name)
      const log = dist !== undefined && LOG_DISTRIBUTIONS.has(dist) && numeric.every((v) => v > 0)
      const column = numericColumn(name, log ? numeric.map(Math.log10) : numeric, log ? 'log' : 'linear')
      if (column) columns.push(column)
    } else {
      const column = categoricalColumn(name, values.map((v) => (v === undefined ? MISSING : formatParamText(v))))
      if (column) columns.push(column)
    }
  }
  return columns
}

function numericColumn(name: string, values: number[], scale: 'linear' | 'log'): FeatureColumn | null {
  const sorted = Float64Array.from(values).sort()
  const distinct: number[] = []
  for (const v of sorted) if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v)
  if (distinct.length < 2) return null
  // Upper edges: a value goes to the first bin whose edge is >= it.
  let uppers: number[]
  if (distinct.length <= MAX_BINS) uppers = distinct
  else {
    const set = new Set<number>()
    for (let q = 1; q <= MAX_BINS; q++) set.add(sorted[Math.min(sorted.length - 1, Math.ceil((q * sorted.length) / MAX_BINS) - 1)]!)
    uppers = [...set].sort((a, b) => a - b)
  }
  const binCount = uppers.length
  const codes = new Uint8Array(values.length)
  const lowest = new Float64Array(binCount).fill(Infinity)
  values.forEach((v, i) => {
    const b = lowerBound(uppers, v)
    codes[i] = b
    if (v < lowest[b]!) lowest[b] = v
  })
  // Bins meet halfway between the data on either side; the outer ones reach out by the same half gap.
  const bounds = new Float64Array(binCount + 1)
  for (let b = 1; b < binCount; b++) bounds[b] = (uppers[b - 1]! + lowest[b]!) / 2
  bounds[0] = lowest[0]! - (bounds[1]! - uppers[0]!)
  bounds[binCount] = uppers[binCount - 1]! + (lowest[binCount - 1]! - bounds[binCount - 1]!)
  const total = bounds[binCount]! - bounds[0]!
  const widths = new Float64Array(binCount)
  for (let b = 0; b < binCount; b++) widths[b] = (bounds[b + 1]! - bounds[b]!) / total
  return { name, scale, codes, binCount, widths, values: Float64Array.from(values) }
}

function categoricalColumn(name: string, labels: string[]): FeatureColumn | null {
  const counts = new Map<string, number>()
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  if (counts.size < 2) return null
  const byFrequency = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1))
  const kept = byFrequency.length <= MAX_BINS ? byFrequency : byFrequency.slice(0, MAX_BINS - 1)
  const level = new Map(kept.map((l, i) => [l, i]))
  const binCount = byFrequency.length <= MAX_BINS ? kept.length : MAX_BINS
  const codes = Uint8Array.from(labels, (l) => level.get(l) ?? MAX_BINS - 1)
  return { name, scale: 'categorical', codes, binCount, widths: new Float64Array(binCount).fill(1 / binCount), values: null }
}

function lowerBound(sorted: ReadonlyArray<number>, v: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}
