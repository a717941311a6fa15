import { assertNever } from '../../../shared/errors.ts'
import type { LeafParameter } from '../../../shared/sweep-spec.ts'
import { quantize } from './decimal.ts'

/**
 * A numeric leaf as the TPE models it: a value lives in an internal space (the natural log for the
 * log-scale distributions, the value itself otherwise, then scaled to [0, 1] or to standard units)
 * where the Parzen kernels are Gaussians truncated to [low, high]. Quantized leaves (int_uniform, q_*) score a value by the probability
 * mass of its bin, so a coarse step is not mistaken for a sharp density.
 */
export interface NumericSpace {
  kind: 'numeric'
  /** Truncation bounds in the internal space: [0, 1], or ±∞ for the normal families. */
  low: number
  high: number
  /** The prior kernel (W&B's distribution, moment-matched where it is not a Gaussian). */
  priorMu: number
  priorSigma: number
  /** The width the kernel bandwidths are clipped by (high - low, or 6σ when unbounded). */
  span: number
  toInternal(value: number): number
  /** An internal point to the value a trial gets (exp, quantize, round, clamp). */
  fromInternal(u: number): number
  /** The internal interval of the bin a value stands for, or null for a continuous leaf. */
  binOf: ((value: number) => [number, number]) | null
}

export interface CategoricalSpace {
  kind: 'categorical'
  values: ReadonlyArray<unknown>
  /** Prior probability of each value: the spec's `probabilities`, else uniform. */
  prior: ReadonlyArray<number>
}

export interface ConstantSpace {
  kind: 'constant'
  value: unknown
}

export type LeafSpace = NumericSpace | CategoricalSpace | ConstantSpace

const identity = (x: number): number => x

/** The search space of one normalized leaf (see parseSweepSpec), in W&B's meaning of its distribution. */
export function leafSpace(p: LeafParameter): LeafSpace {
  const min = p.min ?? 0
  const max = p.max ?? 1
  const q = p.q ?? 1
  const mu = p.mu ?? 0
  const sigma = p.sigma ?? 1
  switch (p.distribution) {
    case 'constant':
      return { kind: 'constant', value: p.value }
    case 'categorical': {
      const values = p.values ?? []
      return { kind: 'categorical', values, prior: p.probabilities ?? values.map(() => 1 / values.length) }
    }
    case 'int_uniform':
      // Each integer owns [k - 1/2, k + 1/2], so both ends are as likely as the middle ones.
      return bounded(min - 0.5, max + 0.5, identity, (u) => Math.min(max, Math.max(min, Math.round(u))), binOfStep(1, identity))
    case 'uniform':
      return bounded(min, max, identity, identity, null)
    case 'q_uniform':
      return bounded(min, max, identity, (u) => quantize(u, q), binOfStep(q, identity))
    case 'log_uniform':
      return bounded(min, max, Math.log, Math.exp, null)
    case 'log_uniform_values':
      return bounded(Math.log(min), Math.log(max), Math.log, (u) => clamp(Math.exp(u), min, max), null)
    case 'q_log_uniform':
      return bounded(min, max, Math.log, (u) => quantize(Math.exp(u), q), binOfStep(q, Math.log))
    case 'q_log_uniform_values':
      return bounded(Math.log(min), Math.log(max), Math.log, (u) => quantize(clamp(Math.exp(u), min, max), q), binOfStep(q, Math.log))
    case 'inv_log_uniform':
      // X = exp(-U(min, max)): -ln X is the uniform variable.
      return bounded(min, max, (x) => -Math.log(x), (u) => Math.exp(-u), null)
    case 'inv_log_uniform_values':
      return bounded(Math.log(min), Math.log(max), Math.log, (u) => clamp(Math.exp(u), min, max), null)
    case 'normal':
      return unbounded(mu, sigma, identity, identity, null)
    case 'q_normal':
      return unbounded(mu, sigma, identity, (u) => quantize(u, q), binOfStep(q, identity))
    case 'log_normal':
      return unbounded(mu, sigma, Math.log, Math.exp, null)
    case 'q_log_normal':
      return unbounded(mu, sigma, Math.log, (u) => quantize(Math.exp(u), q), binOfStep(q, Math.log))
    case 'beta':
      return betaSpace(p.a ?? 1, p.b ?? 1, null)
    case 'q_beta':
      return betaSpace(p.a ?? 1, p.b ?? 1, q)
    default:
      return assertNever(p.distribution, 'distribution')
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x))
}

/**
 * A bounded leaf is modelled on [0, 1]: the affine map is taken in halves so that a range as wide as
 * ±1.7e308 (whose width overflows) still maps finitely. The prior is Optuna's: centred, as wide as the
 * range (close to flat, like W&B's uniform).
 */
function bounded(low: number, high: number, toRaw: (x: number) => number, fromRaw: (u: number) => number, binOf: RawBin | null): NumericSpace {
  const half = high / 2 - low / 2
  const toUnit = (u: number): number => (u / 2 - low / 2) / half
  const fromUnit = (t: number): number => 2 * (low / 2 + t * half)
  return {
    kind: 'numeric', low: 0, high: 1, priorMu: 0.5, priorSigma: 1, span: 1,
    toInternal: (x) => toUnit(toRaw(x)),
    fromInternal: (t) => fromRaw(Math.min(high, Math.max(low, fromUnit(t)))),
    binOf: binOf && mapBin(binOf, toUnit),
  }
}

/** The normal families are modelled in standard units of their own prior N(mu, sigma); 6σ is the width their kernels are clipped by. */
function unbounded(mu: number, sigma: number, toRaw: (x: number) => number, fromRaw: (u: number) => number, binOf: RawBin | null): NumericSpace {
  const toStd = (u: number): number => (u - mu) / sigma
  return {
    kind: 'numeric', low: -Infinity, high: Infinity, priorMu: 0, priorSigma: 1, span: 6,
    toInternal: (x) => toStd(toRaw(x)),
    fromInternal: (t) => fromRaw(mu + t * sigma),
    binOf: binOf && mapBin(binOf, toStd),
  }
}

/** Beta(a, b) on [0, 1], its prior the Gaussian with the beta's mean and standard deviation. */
function betaSpace(a: number, b: number, q: number | null): NumericSpace {
  const s = a + b
  const sd = Math.sqrt((a * b) / (s * s * (s + 1)))
  const fromInternal = q === null ? identity : (u: number) => quantize(u, q)
  return { kind: 'numeric', low: 0, high: 1, priorMu: a / s, priorSigma: sd, span: 1, toInternal: identity, fromInternal, binOf: q === null ? null : binOfStep(q, identity) }
}

/** A value's bin in a leaf's raw (log or linear, not yet normalized) coordinate. */
type RawBin = (value: number) => [number, number]

function mapBin(bin: RawBin, f: (u: number) => number): RawBin {
  return (value) => {
    const [a, b] = bin(value)
    return [f(a), f(b)]
  }
}

/** The bin of a value quantized with step q in value space, mapped to the raw coordinate. */
function binOfStep(q: number, toInternal: (x: number) => number): RawBin {
  // A log-scale bin may reach below 0: ln(0) = -∞, which the kernels' CDF reads as "from the left end".
  const floor = toInternal === Math.log ? 0 : -Infinity
  return (value) => [toInternal(Math.max(floor, value - q / 2)), toInternal(value + q / 2)]
}
