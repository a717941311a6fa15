import { BAYES_DEFAULTS } from '../../../shared/sweep-spec.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { createGridSampler } from './grid.ts'
import { createRandomSampler } from './random.ts'

/** Points a sweep's constraints kept from running (see docs/sweep-file.md "Constraints"). */
export interface SkippedPoints {
  count: number
  /** False when part of the count is unknown (bayes proposals made by an engine process that has since stopped). */
  exact: boolean
  /** Grid: the distinct combinations the constraints were checked on. */
  combinations?: number
}

/** Replayed random draws, kept per sweep so each look only draws the indexes added since the last. */
export interface SkipCache {
  upTo: number
  count: number
  /** A grid's count, computed once (enumerating a large grid takes a while). */
  grid?: SkippedPoints
}

/**
 * The count is derived rather than stored. A grid's skipped points follow from the spec; random search
 * is a pure function of (seed, index), so its rejected draws are replayed up to `nextIndex`; bayes draws
 * its start-up trials the same way, and its model's rejected proposals are counted by the engine that
 * made them (`live`: index → rejected draws), so after a restart those of earlier runs are missing.
 */
export function countSkippedPoints(
  spec: SweepSpec,
  seed: number,
  nextIndex: number,
  live: ReadonlyMap<number, number> = new Map(),
  cache?: SkipCache,
): SkippedPoints | null {
  if (!spec.constraints || spec.constraints.length === 0) return null
  if (spec.method === 'grid') {
    if (cache?.grid) return cache.grid
    const e = createGridSampler(spec, seed).enumeration
    const grid = e ? { count: e.skipped, exact: true, combinations: e.combinations } : { count: 0, exact: true }
    if (cache) cache.grid = grid
    return grid
  }
  const random = createRandomSampler({ ...spec, run_cap: undefined }, seed)
  const replayUpTo = spec.method === 'bayes' ? Math.min(nextIndex, spec.bayes?.startup_trials ?? BAYES_DEFAULTS.startup_trials) : nextIndex
  const start = cache && cache.upTo <= replayUpTo ? cache : { upTo: 0, count: 0 }
  let count = start.count
  for (let i = start.upTo; i < replayUpTo; i++) count += random.sample(i).skipped ?? 0
  if (cache) {
    cache.upTo = replayUpTo
    cache.count = count
  }
  if (spec.method !== 'bayes') return { count, exact: true }
  let exact = true
  for (let i = replayUpTo; i < nextIndex; i++) {
    const n = live.get(i)
    if (n === undefined) exact = false
    else count += n
  }
  return { count, exact }
}
