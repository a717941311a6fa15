import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { checkIndex } from './check-index.ts'
import { sampleLeaf } from './distributions.ts'
import { assignAt, collectLeaves } from './parameter-leaves.ts'
import { createRng, deriveSeed } from './rng.ts'
import type { Sampler } from './sampler-types.ts'

/**
 * Random search: trial i draws every leaf, in file order, from the stream keyed by the full
 * (sweep seed, i) pair. Keying by the pair rather than by the 31-bit trial seed means two trials never
 * share draws even when their trial seeds collide (likely past ~50k trials).
 */
export function createRandomSampler(spec: Pick<SweepSpec, 'parameters' | 'run_cap'>, sweepSeed: number): Sampler {
  const leaves = collectLeaves(spec.parameters)
  const total = spec.run_cap ?? null
  return {
    total,
    sample(index) {
      checkIndex(index, total)
      const rng = createRng(sweepSeed, index)
      const params: Record<string, unknown> = {}
      for (const leaf of leaves) assignAt(params, leaf.path, sampleLeaf(leaf.param, rng))
      return { params, seed: deriveSeed(sweepSeed, index) }
    },
  }
}
