import { logNormalPdf, normalMass, normalQuantile, normalCdf } from './normal-math.ts'
import type { Rng } from './rng.ts'
import type { CategoricalSpace, NumericSpace } from './tpe-space.ts'

/**
 * A Parzen estimator over one numeric leaf (Bergstra et al. 2011; Optuna's univariate TPE): a
 * weighted mixture of Gaussians truncated to [low, high], one per observation plus one prior
 * kernel, in the leaf's internal space.
 */
export interface NumericParzen {
  low: number
  high: number
  mus: Float64Array
  sigmas: Float64Array
  /** Mixture weights, summing to 1 (used to pick a kernel when sampling). */
  weights: Float64Array
  /** log(weight) - log(σ) - log(mass of the kernel inside [low, high]): the per-kernel density constant. */
  logScales: Float64Array
}

/** At most 100 kernels' worth of resolution: Optuna's "magic clip" keeps early kernels from collapsing. */
const MAX_RESOLUTION = 100

/**
 * Bandwidths by Optuna's neighbour rule: each kernel is as wide as the larger gap to its sorted
 * neighbours (the outermost ones use their inner gap only), clipped to [span / min(100, 1 + n), span].
 * The prior kernel keeps its own σ.
 */
export function buildNumericParzen(space: NumericSpace, observations: ReadonlyArray<number>, obsWeights: ReadonlyArray<number>, priorWeight: number): NumericParzen {
  const n = observations.length + 1
  const mus = new Float64Array(n)
  observations.forEach((x, i) => (mus[i] = x))
  mus[n - 1] = space.priorMu
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (mus[a] as number) - (mus[b] as number) || a - b)
  const sorted = order.map((i) => mus[i] as number)
  const left = Math.min(finiteOr(space.low, space.priorMu - space.span / 2), sorted[0] as number)
  const right = Math.max(finiteOr(space.high, space.priorMu + space.span / 2), sorted[n - 1] as number)
  const withEnds = [left, ...sorted, right]
  const minSigma = space.span / Math.min(MAX_RESOLUTION, 1 + n)
  const sigmas = new Float64Array(n)
  order.forEach((kernel, rank) => {
    const lowGap = (withEnds[rank + 1] as number) - (withEnds[rank] as number)
    const highGap = (withEnds[rank + 2] as number) - (withEnds[rank + 1] as number)
    // Optuna's consider_endpoints=False: an outermost kernel is not stretched to the range's end.
    const gap = n >= 2 && rank === 0 ? highGap : n >= 2 && rank === n - 1 ? lowGap : Math.max(lowGap, highGap)
    sigmas[kernel] = Math.min(space.span, Math.max(minSigma, gap))
  })
  sigmas[n - 1] = space.priorSigma

  const weights = new Float64Array(n)
  obsWeights.forEach((w, i) => (weights[i] = w))
  weights[n - 1] = priorWeight
  const total = weights.reduce((a, b) => a + b, 0)
  const logScales = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    weights[k] = (weights[k] as number) / total
    const mu = mus[k] as number
    const sigma = sigmas[k] as number
    const inside = normalMass((space.low - mu) / sigma, (space.high - mu) / sigma)
    logScales[k] = Math.log(weights[k] as number) - Math.log(sigma) - Math.log(inside)
  }
  return { low: space.low, high: space.high, mus, sigmas, weights, logScales }
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback
}

/** Log density at an internal point (continuous leaves). */
export function numericLogPdf(est: NumericParzen, u: number): number {
  if (u < est.low || u > est.high) return -Infinity
  let max = -Infinity
  const terms = new Float64Array(est.mus.length)
  for (let k = 0; k < est.mus.length; k++) {
    const z = (u - (est.mus[k] as number)) / (est.sigmas[k] as number)
    const t = (est.logScales[k] as number) + logNormalPdf(z)
    terms[k] = t
    if (t > max) max = t
  }
  return sumExpFrom(terms, max)
}

/** Log probability of the internal interval [lo, hi] (a quantized value's bin). */
export function numericLogMass(est: NumericParzen, lo: number, hi: number): number {
  const a = Math.max(lo, est.low)
  const b = Math.min(hi, est.high)
  if (!(b > a)) return -Infinity
  let mass = 0
  for (let k = 0; k < est.mus.length; k++) {
    const mu = est.mus[k] as number
    const sigma = est.sigmas[k] as number
    // exp(logScale) * σ = weight / (kernel mass inside the bounds).
    mass += Math.exp((est.logScales[k] as number) + Math.log(sigma)) * normalMass((a - mu) / sigma, (b - mu) / sigma)
  }
  return Math.log(mass)
}

function sumExpFrom(terms: Float64Array, max: number): number {
  if (max === -Infinity) return -Infinity
  let sum = 0
  for (const t of terms) sum += Math.exp(t - max)
  return max + Math.log(sum)
}

/** One internal point drawn from the mixture: a kernel by weight, then its truncated Gaussian by inverse CDF. */
export function sampleNumeric(est: NumericParzen, rng: Rng): number {
  const k = pickIndex(est.weights, rng.next())
  const mu = est.mus[k] as number
  const sigma = est.sigmas[k] as number
  const a = (est.low - mu) / sigma
  const b = (est.high - mu) / sigma
  const u = rng.next()
  // Sample on the side where the CDF keeps its digits: a kernel far right of the range has Φ(a) ≈ 1.
  const flip = a > 0
  const lo = flip ? normalCdf(-b) : normalCdf(a)
  const hi = flip ? normalCdf(-a) : normalCdf(b)
  const z = hi - lo > 0 ? normalQuantile(lo + u * (hi - lo)) : Math.min(Math.max(0, flip ? -b : a), flip ? -a : b)
  const x = mu + sigma * (flip ? -z : z)
  return Math.min(est.high, Math.max(est.low, x))
}

/** The index whose cumulative weight first exceeds u (weights sum to 1 up to rounding). */
function pickIndex(weights: ArrayLike<number>, u: number): number {
  let cumulative = 0
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] as number
    if (u < cumulative) return i
  }
  return weights.length - 1
}

/**
 * The categorical counterpart: each observation puts its weight on its value, the prior spreads
 * `priorWeight` by the spec's probabilities (uniform without them). Probabilities sum to 1.
 */
export function buildCategoricalParzen(space: CategoricalSpace, observed: ReadonlyArray<number>, obsWeights: ReadonlyArray<number>, priorWeight: number): Float64Array {
  const p = new Float64Array(space.values.length)
  space.prior.forEach((q, i) => (p[i] = priorWeight * q))
  observed.forEach((c, i) => (p[c] = (p[c] as number) + (obsWeights[i] as number)))
  const total = p.reduce((a, b) => a + b, 0)
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / total
  return p
}

export function sampleCategorical(probabilities: Float64Array, rng: Rng): number {
  return pickIndex(probabilities, rng.next())
}
