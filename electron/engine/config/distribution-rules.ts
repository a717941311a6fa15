import type { Distribution } from '../../../shared/sweep-spec.ts'

export type LeafKey = 'value' | 'values' | 'probabilities' | 'min' | 'max' | 'mu' | 'sigma' | 'q' | 'a' | 'b'

export interface DistributionRule {
  /** Keys this distribution takes (besides `distribution`). */
  keys: ReadonlyArray<LeafKey>
  required: ReadonlyArray<LeafKey>
  /** W&B's defaults for the optional ones. */
  defaults: Readonly<Partial<Record<LeafKey, number>>>
  /** min/max must be integers. */
  integer?: boolean
  /** min must be > 0 (bounds are values on a log scale). */
  positiveMin?: boolean
  /** min/max are natural-log exponents: exp(max) (or exp(-min) for inv_*) must stay finite. */
  exponent?: 'exp' | 'inverse-exp'
}

const RANGE = ['min', 'max'] as const
const RANGE_Q = ['min', 'max', 'q'] as const
const GAUSS = ['mu', 'sigma'] as const
const GAUSS_Q = ['mu', 'sigma', 'q'] as const
const BETA = ['a', 'b'] as const
const BETA_Q = ['a', 'b', 'q'] as const

/** Per distribution, the keys W&B's schema allows and the defaults it fills (wandb/sweeps config/schema.json). */
export const DISTRIBUTION_RULES: Readonly<Record<Distribution, DistributionRule>> = {
  constant: { keys: ['value'], required: ['value'], defaults: {} },
  categorical: { keys: ['values', 'probabilities'], required: ['values'], defaults: {} },
  int_uniform: { keys: RANGE, required: RANGE, defaults: {}, integer: true },
  uniform: { keys: RANGE, required: RANGE, defaults: {} },
  q_uniform: { keys: RANGE_Q, required: RANGE, defaults: { q: 1 } },
  log_uniform: { keys: RANGE, required: RANGE, defaults: {}, exponent: 'exp' },
  log_uniform_values: { keys: RANGE, required: RANGE, defaults: {}, positiveMin: true },
  q_log_uniform: { keys: RANGE_Q, required: RANGE, defaults: { q: 1 }, exponent: 'exp' },
  q_log_uniform_values: { keys: RANGE_Q, required: RANGE, defaults: { q: 1 }, positiveMin: true },
  inv_log_uniform: { keys: RANGE, required: RANGE, defaults: {}, exponent: 'inverse-exp' },
  inv_log_uniform_values: { keys: RANGE, required: RANGE, defaults: {}, positiveMin: true },
  normal: { keys: GAUSS, required: [], defaults: { mu: 0, sigma: 1 } },
  q_normal: { keys: GAUSS_Q, required: [], defaults: { mu: 0, sigma: 1, q: 1 } },
  log_normal: { keys: GAUSS, required: [], defaults: { mu: 0, sigma: 1 } },
  q_log_normal: { keys: GAUSS_Q, required: [], defaults: { mu: 0, sigma: 1, q: 1 } },
  beta: { keys: BETA, required: [], defaults: { a: 1, b: 1 } },
  q_beta: { keys: BETA_Q, required: [], defaults: { a: 1, b: 1, q: 1 } },
}

/** W&B's grid enumerates only these (wandb/sweeps grid_search.py). */
export const GRID_DISTRIBUTIONS: ReadonlySet<Distribution> = new Set(['constant', 'categorical', 'int_uniform', 'q_uniform'])

/** Tolerance on the sum of categorical probabilities. */
export const PROBABILITY_SUM_TOLERANCE = 1e-6
