import { SweeplabError, assertNever } from '../../../shared/errors.ts'
import type { LeafParameter } from '../../../shared/sweep-spec.ts'
import { quantize } from './decimal.ts'
import { copyValue } from './parameter-leaves.ts'
import type { Rng } from './rng.ts'

/**
 * Draws one value of a normalized leaf parameter, exactly as W&B defines each distribution
 * (wandb/sweeps params.py `ppf`): the `*_values` forms take bounds as values, the others take
 * natural-log exponents, and `q_*` forms return round(x / q) * q with numpy's round-half-even.
 */
export function sampleLeaf(p: LeafParameter, rng: Rng): unknown {
  switch (p.distribution) {
    case 'constant':
      return copyValue(p.value)
    case 'categorical':
      return copyValue(pickCategorical(p.values ?? [], p.probabilities, rng))
    case 'int_uniform': {
      const min = req(p.min)
      // Inclusive of both ends: floor over max - min + 1 equally likely integers.
      return Math.min(req(p.max), min + Math.floor(rng.next() * (req(p.max) - min + 1)))
    }
    case 'uniform':
      return uniform(req(p.min), req(p.max), rng)
    case 'q_uniform':
      return quantize(uniform(req(p.min), req(p.max), rng), req(p.q))
    case 'log_uniform':
      return Math.exp(uniform(req(p.min), req(p.max), rng))
    case 'log_uniform_values':
      return logUniformValues(req(p.min), req(p.max), rng)
    case 'q_log_uniform':
      return quantize(Math.exp(uniform(req(p.min), req(p.max), rng)), req(p.q))
    case 'q_log_uniform_values':
      return quantize(logUniformValues(req(p.min), req(p.max), rng), req(p.q))
    case 'inv_log_uniform':
      // X = exp(-U(min, max)): log(1/X) is uniform over [min, max].
      return Math.exp(-uniform(req(p.min), req(p.max), rng))
    case 'inv_log_uniform_values':
      // W&B: exp(-U(-ln max, -ln min)). log(1/X) uniform over [ln 1/max, ln 1/min], i.e. X log-uniform in [min, max].
      return clamp(Math.exp(-uniform(-Math.log(req(p.max)), -Math.log(req(p.min)), rng)), req(p.min), req(p.max))
    case 'normal':
      return req(p.mu) + req(p.sigma) * standardNormal(rng)
    case 'q_normal':
      return quantize(req(p.mu) + req(p.sigma) * standardNormal(rng), req(p.q))
    case 'log_normal':
      return Math.exp(req(p.mu) + req(p.sigma) * standardNormal(rng))
    case 'q_log_normal':
      return quantize(Math.exp(req(p.mu) + req(p.sigma) * standardNormal(rng)), req(p.q))
    case 'beta':
      return sampleBeta(req(p.a), req(p.b), rng)
    case 'q_beta':
      return quantize(sampleBeta(req(p.a), req(p.b), rng), req(p.q))
    default:
      return assertNever(p.distribution, 'distribution')
  }
}

function req(x: number | undefined): number {
  if (x === undefined) throw new SweeplabError('internal', 'a normalized parameter lacks a bound; parse the spec with parseSweepSpec first')
  return x
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x))
}

/** U(min, max); clamped because min + u * (max - min) can round up to max + 1 ulp. */
function uniform(min: number, max: number, rng: Rng): number {
  return clamp(min + rng.next() * (max - min), min, max)
}

function logUniformValues(min: number, max: number, rng: Rng): number {
  return clamp(Math.exp(uniform(Math.log(min), Math.log(max), rng)), min, max)
}

/** W&B: the first value whose cumulative probability exceeds u; uniform over the values without probabilities. */
function pickCategorical(values: ReadonlyArray<unknown>, probabilities: ReadonlyArray<number> | undefined, rng: Rng): unknown {
  const u = rng.next()
  if (!probabilities) return values[Math.min(values.length - 1, Math.floor(u * values.length))]
  let cumulative = 0
  let lastPossible = 0
  for (let i = 0; i < values.length; i++) {
    const p = probabilities[i] ?? 0
    if (p > 0) lastPossible = i
    cumulative += p
    if (u < cumulative) return values[i]
  }
  // The sum may fall short of 1 by the allowed 1e-6; never land on a zero-probability value.
  return values[lastPossible]
}

/** Box–Muller; 1 - u keeps the log's argument in (0, 1]. One draw pair per normal keeps streams simple. */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next()
  const u2 = rng.next()
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}

/** Marsaglia–Tsang (2000); shapes below 1 use the boost Gamma(k) = Gamma(k + 1) * U^(1/k). */
function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(1 - rng.next(), 1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  // Acceptance is above 95% for every shape, so 1000 rounds never run out in practice.
  for (let round = 0; round < 1000; round++) {
    const x = standardNormal(rng)
    const v = (1 + c * x) ** 3
    if (v <= 0) continue
    const u = 1 - rng.next()
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
  }
  return shape
}

function sampleBeta(a: number, b: number, rng: Rng): number {
  const x = sampleGamma(a, rng)
  const y = sampleGamma(b, rng)
  return x + y === 0 ? 0.5 : x / (x + y)
}
