import { isSweeplabError } from '../../../shared/errors.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { sampleLeaf } from '../search/distributions.ts'
import { countGridPoints, enumerateGrid } from '../search/grid.ts'
import { createRng } from '../search/rng.ts'
import { PointExpressionError, buildSearchSpace } from '../search/search-space.ts'
import type { SearchSpace } from '../search/search-space.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/** A grid with `when:` or `constraints:`, counted exactly. */
export interface GridCount {
  /** Points that run (before run_cap). */
  points: number
  /** Distinct combinations of active parameters. */
  combinations: number
  /** Combinations the constraints skip. */
  skipped: number
}

/** A grid with derived values only (no when:, no constraints) is evaluated at validation up to this size. */
const MAX_CHECKED_DERIVED_GRID = 100_000

/** Random draws validation makes to find expressions that fail and constraints nothing passes. */
export const CHECK_DRAWS = 1000

type SpaceCheck = { ok: true; grid?: GridCount } | { ok: false; problems: SpecProblem[] }

/**
 * Checks that need the search space itself: a grid with conditions or constraints is enumerated
 * (exact count, every derived value and constraint evaluated at every point); random and bayes
 * draw CHECK_DRAWS points, so an expression that fails or constraints that reject everything are
 * reported now, with the key and position, rather than in the middle of a sweep.
 */
export function checkSpace(spec: SweepSpec): SpaceCheck {
  if (!usesSuperset(spec)) return { ok: true }
  let space: SearchSpace
  try {
    space = buildSearchSpace(spec)
  } catch (e) {
    if (isSweeplabError(e)) return { ok: false, problems: [problem('spec/invalid', ['parameters'], 'key', e.message)] }
    throw e
  }
  try {
    if (spec.method === 'grid') {
      const mustEnumerate = space.conditional || space.constraints.length > 0
      if (!mustEnumerate && (space.derived.length === 0 || countGridPoints(spec.parameters) > BigInt(MAX_CHECKED_DERIVED_GRID))) return { ok: true }
      const found = enumerateGrid(space)
      if (!mustEnumerate) return { ok: true }
      if (found.points.length === 0) {
        return { ok: false, problems: [problem('spec/invalid', ['constraints'], 'key', `the constraints skip every one of the grid's ${found.combinations} points; nothing would run`)] }
      }
      return { ok: true, grid: { points: found.points.length, combinations: found.combinations, skipped: found.skipped } }
    }
    return drawCheck(space)
  } catch (e) {
    if (e instanceof PointExpressionError) return { ok: false, problems: [{ ...problem('spec/invalid', keyPath(e.key), 'value', e.message.slice(e.key.length + 2)), offset: e.offset }] }
    if (isSweeplabError(e) && e.code === 'spec/too-large') return { ok: false, problems: [problem('spec/too-large', ['parameters'], 'key', e.message)] }
    throw e
  }
}

function drawCheck(space: SearchSpace): SpaceCheck {
  const rng = createRng(0, 0)
  const rejectedBy = space.constraints.map(() => 0)
  let passed = 0
  for (let i = 0; i < CHECK_DRAWS; i++) {
    const values = new Array<unknown>(space.axes.length)
    const active = new Array<boolean>(space.axes.length)
    space.axes.forEach((axis, k) => {
      active[k] = space.axisActive(k, values, active)
      if (active[k]) values[k] = sampleLeaf(axis.param, rng)
    })
    const done = space.finish(values, active, false)
    if (done.ok) passed++
    else rejectedBy[done.constraint] = (rejectedBy[done.constraint] as number) + 1
  }
  if (space.constraints.length > 0 && passed === 0) {
    const worst = rejectedBy.indexOf(Math.max(...rejectedBy))
    return {
      ok: false,
      problems: [problem('spec/invalid', ['constraints', worst], 'value', `none of ${CHECK_DRAWS} random draws meets the constraints (this one rejected ${rejectedBy[worst]}); loosen them or narrow the parameters`)],
    }
  }
  return { ok: true }
}

function usesSuperset(spec: SweepSpec): boolean {
  if (spec.derived !== undefined || spec.constraints !== undefined) return true
  const stack = [spec.parameters]
  while (stack.length > 0) {
    for (const p of Object.values(stack.pop() as SweepSpec['parameters'])) {
      if (p.when !== undefined || p.group !== undefined) return true
      if (p.parameters !== undefined) stack.push(p.parameters)
    }
  }
  return false
}

/** `derived.warmup` → ['derived', 'warmup']; `constraints.2` → ['constraints', 2]. */
function keyPath(key: string): DocPath {
  const dot = key.indexOf('.')
  const head = key.slice(0, dot)
  const rest = key.slice(dot + 1)
  return head === 'constraints' ? [head, Number(rest)] : [head, rest]
}
