import { assertNever } from '../../../shared/errors.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { createGridSampler } from './grid.ts'
import { createRandomSampler } from './random.ts'
import type { Sampler } from './sampler-types.ts'
import { createTpeSampler } from './tpe.ts'
import type { TrialRecord } from './tpe-history.ts'
import { configHistory } from './config-history.ts'
import { createRepeatSampler } from './repeat-sampler.ts'

export type { Sampler, TrialSample } from './sampler-types.ts'
export type { TrialRecord } from './tpe-history.ts'

/**
 * The search sequence of a parsed spec (see parseSweepSpec), deterministic in (spec, sweepSeed), and
 * for bayes also in `history`: the sweep's trial rows, read at each suggestion (none: random draws).
 * With `repeats: n` each config is n consecutive indices (repeat-sampler.ts).
 */
export function createSampler(
  spec: Pick<SweepSpec, 'method' | 'parameters' | 'run_cap' | 'metric' | 'bayes' | 'repeats'> & Partial<Pick<SweepSpec, 'derived' | 'constraints'>>,
  sweepSeed: number,
  history: () => ReadonlyArray<TrialRecord> = () => [],
): Sampler {
  const repeats = spec.repeats ?? 1
  if (repeats <= 1) return createConfigSampler(spec, sweepSeed, history)
  const configs = createConfigSampler(spec, sweepSeed, () => configHistory(history(), repeats))
  return createRepeatSampler(configs, { repeats, sweepSeed, historyDependent: spec.method === 'bayes', history })
}

function createConfigSampler(
  spec: Pick<SweepSpec, 'method' | 'parameters' | 'run_cap' | 'metric' | 'bayes'>,
  sweepSeed: number,
  history: () => ReadonlyArray<TrialRecord>,
): Sampler {
  switch (spec.method) {
    case 'grid':
      return createGridSampler(spec, sweepSeed)
    case 'random':
      return createRandomSampler(spec, sweepSeed)
    case 'bayes':
      return createTpeSampler(spec, sweepSeed, history)
    default:
      return assertNever(spec.method, 'search method')
  }
}
