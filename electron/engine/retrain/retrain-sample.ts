import type { RetrainInfo } from '../../../shared/sweep-provenance.ts'
import type { TrialSample } from '../search/sampler-types.ts'

/**
 * The trial sequence of a retrain: index i runs config floor(i / seeds) with the parent trial's seed
 * plus (i mod seeds), so seed 0 repeats the parent's run on the new data and the others add spread.
 */
export function retrainSampler(info: Pick<RetrainInfo, 'configs' | 'seeds'>): { total: number; sample(i: number): TrialSample } {
  const total = info.configs.length * info.seeds
  return {
    total,
    sample(i) {
      const c = info.configs[Math.floor(i / info.seeds)]
      if (c === undefined) throw new RangeError(`retrain trial index ${i} is past the ${total} planned`)
      return { params: structuredClone(c.params), seed: c.seed + (i % info.seeds) }
    },
  }
}

/** Which config (0-based) and seed offset a retrain trial index is. */
export function retrainSlot(info: Pick<RetrainInfo, 'seeds'>, index: number): { config: number; seed: number } {
  return { config: Math.floor(index / info.seeds), seed: index % info.seeds }
}
