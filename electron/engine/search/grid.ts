import { SweeplabError } from '../../../shared/errors.ts'
import type { LeafParameter, SweepParameter, SweepSpec } from '../../../shared/sweep-spec.ts'
import { decimalPlaces, roundToDecimals } from './decimal.ts'
import { assignAt, collectLeaves, copyValue } from './parameter-leaves.ts'
import { deriveSeed } from './rng.ts'
import type { Sampler } from './sampler-types.ts'
import { checkIndex } from './check-index.ts'

/**
 * Points on one grid axis, as W&B enumerates them (grid_search.py): a constant is 1, values are
 * each visited, int_uniform is min..max inclusive, q_uniform is numpy's arange(min, max, q), which
 * stops *below* max. May exceed Number.MAX_SAFE_INTEGER for absurd ranges; callers check.
 */
export function gridAxisSize(p: LeafParameter): number {
  switch (p.distribution) {
    case 'constant':
      return 1
    case 'categorical':
      return p.values?.length ?? 0
    case 'int_uniform':
      return (p.max ?? 0) - (p.min ?? 0) + 1
    case 'q_uniform':
      return Math.max(0, Math.ceil(((p.max ?? 0) - (p.min ?? 0)) / (p.q ?? 1)))
    default:
      throw new SweeplabError('spec/grid-continuous', `distribution ${p.distribution} cannot be enumerated in a grid`)
  }
}

/** The value at position `digit` of an axis; nothing is materialized. */
export function gridAxisValue(p: LeafParameter, digit: number): unknown {
  switch (p.distribution) {
    case 'constant':
      return copyValue(p.value)
    case 'categorical':
      return copyValue(p.values?.[digit])
    case 'int_uniform':
      return (p.min ?? 0) + digit
    case 'q_uniform': {
      const min = p.min ?? 0
      const q = p.q ?? 1
      // arange's start + i * step, printed at the precision the bounds were written with.
      return roundToDecimals(min + digit * q, Math.max(decimalPlaces(min), decimalPlaces(q)))
    }
    default:
      throw new SweeplabError('spec/grid-continuous', `distribution ${p.distribution} cannot be enumerated in a grid`)
  }
}

/** Size of the full cartesian product, exact (BigInt) however large. */
export function countGridPoints(parameters: Readonly<Record<string, SweepParameter>>): bigint {
  let total = 1n
  for (const { param } of collectLeaves(parameters)) {
    const size = gridAxisSize(param)
    if (!Number.isSafeInteger(size)) return BigInt(Number.MAX_SAFE_INTEGER) + 1n
    total *= BigInt(size)
  }
  return total
}

/**
 * Grid search: index → point by mixed-radix decoding over the leaves in file order, the last leaf
 * varying fastest (like itertools.product). `total` is the product, capped by run_cap.
 */
export function createGridSampler(spec: Pick<SweepSpec, 'parameters' | 'run_cap'>, sweepSeed: number): Sampler {
  const leaves = collectLeaves(spec.parameters)
  const sizes = leaves.map(({ param }) => gridAxisSize(param))
  const points = countGridPoints(spec.parameters)
  const capped = spec.run_cap !== undefined && BigInt(spec.run_cap) < points ? BigInt(spec.run_cap) : points
  if (capped > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SweeplabError('spec/too-large', `the grid has ${points} points, more than ${Number.MAX_SAFE_INTEGER}; set run_cap or use method: random`)
  }
  const total = Number(capped)
  return {
    total,
    sample(index) {
      checkIndex(index, total)
      const params: Record<string, unknown> = {}
      // Indexes below total <= 2^53 - 1 decode exactly in doubles: each step is an exact integer division.
      let rest = index
      for (let i = leaves.length - 1; i >= 0; i--) {
        const size = sizes[i] as number
        const digit = rest % size
        rest = Math.floor(rest / size)
        const leaf = leaves[i] as (typeof leaves)[number]
        assignAt(params, leaf.path, gridAxisValue(leaf.param, digit))
      }
      return { params: reorder(params, spec.parameters), seed: deriveSeed(sweepSeed, index) }
    },
  }
}

/** Decoding runs last-to-first; rebuild the object so keys read in file order. */
function reorder(params: Record<string, unknown>, parameters: Readonly<Record<string, SweepParameter>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(parameters)) {
    const value = params[name]
    out[name] = def.parameters !== undefined ? reorder(value as Record<string, unknown>, def.parameters) : value
  }
  return out
}
