import type { Distribution } from '../../../shared/sweep-spec.ts'

/** How the form edits one parameter: W&B's four shapes, plus one the form can only show. */
export type ParamKind = 'values' | 'value' | 'distribution' | 'nested' | 'yaml-only'

export const PARAM_KIND_LABELS: Readonly<Record<ParamKind, string>> = {
  values: 'Values (list)',
  value: 'Single value',
  distribution: 'Distribution',
  nested: 'Nested parameters',
  'yaml-only': 'Edited in YAML only',
}

/** Numeric keys of a distribution parameter, in the order the form shows them. */
export const NUMBER_KEYS = ['min', 'max', 'mu', 'sigma', 'q', 'a', 'b'] as const
export type NumberKey = (typeof NUMBER_KEYS)[number]

export type ParamField = 'value' | 'values' | 'probabilities' | NumberKey

/** The distributions of the "Distribution" kind (constant and categorical are the value/values kinds). */
export type RangeDistribution = Exclude<Distribution, 'constant' | 'categorical'>

/** Keys of each distribution (docs/sweep-file.md, "Distributions"); `required` have no default. */
export const DISTRIBUTION_KEYS: Readonly<Record<RangeDistribution, { keys: readonly NumberKey[]; required: readonly NumberKey[] }>> = {
  int_uniform: { keys: ['min', 'max'], required: ['min', 'max'] },
  uniform: { keys: ['min', 'max'], required: ['min', 'max'] },
  q_uniform: { keys: ['min', 'max', 'q'], required: ['min', 'max'] },
  log_uniform: { keys: ['min', 'max'], required: ['min', 'max'] },
  log_uniform_values: { keys: ['min', 'max'], required: ['min', 'max'] },
  q_log_uniform: { keys: ['min', 'max', 'q'], required: ['min', 'max'] },
  q_log_uniform_values: { keys: ['min', 'max', 'q'], required: ['min', 'max'] },
  inv_log_uniform: { keys: ['min', 'max'], required: ['min', 'max'] },
  inv_log_uniform_values: { keys: ['min', 'max'], required: ['min', 'max'] },
  normal: { keys: ['mu', 'sigma'], required: [] },
  q_normal: { keys: ['mu', 'sigma', 'q'], required: [] },
  log_normal: { keys: ['mu', 'sigma'], required: [] },
  q_log_normal: { keys: ['mu', 'sigma', 'q'], required: [] },
  beta: { keys: ['a', 'b'], required: [] },
  q_beta: { keys: ['a', 'b', 'q'], required: [] },
}

export const RANGE_DISTRIBUTIONS = Object.keys(DISTRIBUTION_KEYS) as RangeDistribution[]

export function isRangeDistribution(name: unknown): name is RangeDistribution {
  return typeof name === 'string' && Object.hasOwn(DISTRIBUTION_KEYS, name)
}

/** A short hint per distribution for the form (what min/max mean matters: exponents vs values). */
export const DISTRIBUTION_HINTS: Readonly<Record<RangeDistribution, string>> = {
  int_uniform: 'integers min..max, both included',
  uniform: 'uniform on [min, max]',
  q_uniform: 'uniform, rounded to multiples of q',
  log_uniform: 'exp(U(min, max)): min and max are natural-log exponents',
  log_uniform_values: 'uniform on a log scale between the values min and max',
  q_log_uniform: 'log_uniform (exponents), rounded to multiples of q',
  q_log_uniform_values: 'log scale between the values min and max, rounded to multiples of q',
  inv_log_uniform: 'exp(-U(min, max)): exponents',
  inv_log_uniform_values: 'log scale between the values min and max',
  normal: 'N(mu, sigma)',
  q_normal: 'N(mu, sigma), rounded to multiples of q',
  log_normal: 'exp(N(mu, sigma))',
  q_log_normal: 'exp(N(mu, sigma)), rounded to multiples of q',
  beta: 'Beta(a, b) on [0, 1]',
  q_beta: 'Beta(a, b), rounded to multiples of q',
}

/** What min/max start at when a distribution that needs them is picked and they are missing. */
export function defaultBounds(distribution: RangeDistribution): { min: string; max: string } {
  switch (distribution) {
    case 'int_uniform': return { min: '1', max: '10' }
    case 'log_uniform':
    case 'q_log_uniform':
    case 'inv_log_uniform': return { min: '-9.2', max: '-2.3' }
    case 'log_uniform_values':
    case 'q_log_uniform_values':
    case 'inv_log_uniform_values': return { min: '0.0001', max: '0.1' }
    default: return { min: '0.0', max: '1.0' }
  }
}
