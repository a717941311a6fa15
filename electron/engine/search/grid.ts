import { SweeplabError } from '../../../shared/errors.ts'
import type { LeafParameter, SweepParameter, SweepSpec } from '../../../shared/sweep-spec.ts'
import { decimalPlaces, roundToDecimals } from './decimal.ts'
import { collectLeaves, copyValue } from './parameter-leaves.ts'
import { deriveSeed } from './rng.ts'
import type { Sampler } from './sampler-types.ts'
import { checkIndex } from './check-index.ts'
import { buildSearchSpace, finishPoint } from './search-space.ts'
import type { Axis, SearchSpace, SpaceSpec } from './search-space.ts'

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
      return (p.values ?? p.group)?.length ?? 0
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
      return copyValue((p.values ?? p.group)?.[digit])
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

/** Size of the full cartesian product, exact (BigInt) however large; a group is one axis. */
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
 * A grid with `when:` or `constraints:` is enumerated up front (its points are not a plain product);
 * at most this many active combinations are visited.
 */
export const MAX_ENUMERATED_GRID = 1_000_000

/** What enumerating a conditional or constrained grid found. */
export interface GridEnumeration {
  /** Mixed-radix indexes (over the space's axes; an inactive axis has digit 0) of the points that run, in run order. */
  points: Float64Array
  /** Distinct combinations of active parameters (the grid without constraints). */
  combinations: number
  /** Combinations skipped by constraints: combinations - points.length. */
  skipped: number
  /** Per constraint, how many combinations it was the first to reject. */
  skippedBy: number[]
}

/**
 * Visits every distinct combination of *active* parameters once (an inactive parameter adds no
 * duplicates), checks the constraints and keeps the points that pass. Also evaluates the derived
 * values of every point, so an expression that fails somewhere in the grid fails here (validation),
 * not in the middle of the sweep. Throws `spec/too-large` past MAX_ENUMERATED_GRID combinations.
 */
export function enumerateGrid(space: SearchSpace, limit = MAX_ENUMERATED_GRID): GridEnumeration {
  const { axes } = space
  const n = axes.length
  const sizes = axes.map((a) => gridAxisSize(a.param))
  const digits = new Array<number>(n).fill(0)
  const values = new Array<unknown>(n)
  const points: number[] = []
  const skippedBy = space.constraints.map(() => 0)
  let combinations = 0
  let active = refresh(0)
  function refresh(from: number): boolean[] {
    // Values of inactive axes stay undefined: conditions and expressions must not see them.
    for (let k = from; k < n; k++) values[k] = gridAxisValue((axes[k] as Axis).param, digits[k] as number)
    const on = space.activity(values)
    for (let k = 0; k < n; k++) if (!on[k]) values[k] = undefined
    return on
  }
  for (;;) {
    combinations++
    if (combinations > limit) {
      throw new SweeplabError('spec/too-large', `this grid has more than ${limit} combinations; a grid with when: or constraints is enumerated up front: narrow it, or use method: random`)
    }
    const done = space.finish(values, active, false)
    if (done.ok) points.push(encode(digits, sizes))
    else skippedBy[done.constraint] = (skippedBy[done.constraint] as number) + 1
    // Odometer over the active axes, last fastest; an inactive axis has one position.
    let k = n - 1
    while (k >= 0) {
      if (active[k] && (digits[k] as number) + 1 < (sizes[k] as number)) {
        digits[k] = (digits[k] as number) + 1
        break
      }
      digits[k] = 0
      k--
    }
    if (k < 0) break
    active = refresh(k)
  }
  return { points: Float64Array.from(points), combinations, skipped: combinations - points.length, skippedBy }
}

function encode(digits: ReadonlyArray<number>, sizes: ReadonlyArray<number>): number {
  let index = 0
  for (let k = 0; k < digits.length; k++) index = index * (sizes[k] as number) + (digits[k] as number)
  return index
}

/**
 * Grid search: index → point by mixed-radix decoding over the axes in file order, the last varying
 * fastest (like itertools.product); a group is one axis. With `when:` or `constraints:` the sequence
 * is the enumerated list of distinct active points that meet the constraints. `total` is capped by run_cap.
 */
export function createGridSampler(spec: SpaceSpec & Pick<SweepSpec, 'run_cap'>, sweepSeed: number): Sampler & { enumeration: GridEnumeration | null } {
  const space = buildSearchSpace(spec)
  const { axes } = space
  const sizes = axes.map((a) => gridAxisSize(a.param))
  const enumeration = space.conditional || space.constraints.length > 0 ? enumerateGrid(space) : null
  const points = enumeration ? BigInt(enumeration.points.length) : countGridPoints(spec.parameters)
  const capped = spec.run_cap !== undefined && BigInt(spec.run_cap) < points ? BigInt(spec.run_cap) : points
  if (capped > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SweeplabError('spec/too-large', `the grid has ${points} points, more than ${Number.MAX_SAFE_INTEGER}; set run_cap or use method: random`)
  }
  const total = Number(capped)
  return {
    total,
    enumeration,
    sample(index) {
      checkIndex(index, total)
      // Indexes below total <= 2^53 - 1 decode exactly in doubles: each step is an exact integer division.
      let rest = enumeration ? (enumeration.points[index] as number) : index
      const values = new Array<unknown>(axes.length)
      for (let k = axes.length - 1; k >= 0; k--) {
        const size = sizes[k] as number
        values[k] = gridAxisValue((axes[k] as Axis).param, rest % size)
        rest = Math.floor(rest / size)
      }
      const active = space.activity(values)
      for (let k = 0; k < axes.length; k++) if (!active[k]) values[k] = undefined
      const done = finishOrFail(space, values, active, index)
      return { params: done, seed: deriveSeed(sweepSeed, index) }
    },
  }
}

/** The point's params; a grid point was checked when enumerated, so a failure here is a changed spec. */
function finishOrFail(space: SearchSpace, values: ReadonlyArray<unknown>, active: ReadonlyArray<boolean>, index: number): Record<string, unknown> {
  const done = finishPoint(space, values, active, index)
  if (!done.ok) throw new SweeplabError('internal', `grid point ${index} breaks constraint ${done.constraint}, which enumeration should have skipped`)
  return done.params
}
