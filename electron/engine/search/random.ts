import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { checkIndex } from './check-index.ts'
import { sampleLeaf } from './distributions.ts'
import { createRng, deriveSeed } from './rng.ts'
import type { Rng } from './rng.ts'
import type { Sampler, TrialSample } from './sampler-types.ts'
import { MAX_REJECTED_DRAWS, buildSearchSpace, finishPoint, tooManyRejections } from './search-space.ts'
import type { SearchSpace, SpaceSpec } from './search-space.ts'

/**
 * Random search: trial i draws every axis, parents before children and otherwise in file order, from
 * the stream keyed by the full (sweep seed, i) pair; an axis whose `when:` does not hold is not drawn.
 * A point that breaks a constraint is drawn again from the same stream (the rejections are counted in
 * `skipped`). Keying by the pair rather than by the 31-bit trial seed means two trials never share
 * draws even when their trial seeds collide (likely past ~50k trials).
 */
export function createRandomSampler(spec: SpaceSpec & Pick<SweepSpec, 'run_cap'>, sweepSeed: number): Sampler {
  const space = buildSearchSpace(spec)
  const total = spec.run_cap ?? null
  return {
    total,
    sample(index) {
      checkIndex(index, total)
      return drawValid(space, createRng(sweepSeed, index), index, deriveSeed(sweepSeed, index))
    },
  }
}

/** Draws points from `rng` until one meets the constraints. */
export function drawValid(space: SearchSpace, rng: Rng, index: number, seed: number): TrialSample {
  const rejectedBy = space.constraints.map(() => 0)
  for (let draw = 0; draw < MAX_REJECTED_DRAWS; draw++) {
    const values = new Array<unknown>(space.axes.length)
    const active = new Array<boolean>(space.axes.length)
    space.axes.forEach((axis, k) => {
      active[k] = space.axisActive(k, values, active)
      if (active[k]) values[k] = sampleLeaf(axis.param, rng)
    })
    const done = finishPoint(space, values, active, index)
    if (done.ok) return draw === 0 ? { params: done.params, seed } : { params: done.params, seed, skipped: draw }
    rejectedBy[done.constraint] = (rejectedBy[done.constraint] as number) + 1
  }
  throw tooManyRejections(space, index, rejectedBy)
}
