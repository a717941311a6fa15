import { SweeplabError, assertNever } from '../../../shared/errors.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { createGridSampler } from './grid.ts'
import { createRandomSampler } from './random.ts'
import type { Sampler } from './sampler-types.ts'

export type { Sampler, TrialSample } from './sampler-types.ts'

/** The search sequence of a parsed spec (see parseSweepSpec), deterministic in (spec, sweepSeed). */
export function createSampler(spec: Pick<SweepSpec, 'method' | 'parameters' | 'run_cap'>, sweepSeed: number): Sampler {
  switch (spec.method) {
    case 'grid':
      return createGridSampler(spec, sweepSeed)
    case 'random':
      return createRandomSampler(spec, sweepSeed)
    case 'bayes':
      throw new SweeplabError('spec/unsupported-method', 'method bayes arrives in a later version of Sweeplab; use method: random meanwhile')
    default:
      return assertNever(spec.method, 'search method')
  }
}
