import { repeatOf } from '../../../shared/config-stats.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { checkIndex } from './check-index.ts'
import { deriveSeed } from './rng.ts'
import type { Sampler } from './sampler-types.ts'
import type { TrialRecord } from './tpe-history.ts'

/**
 * `repeats: n`: the search sequence of configs, each run n times. Search index i is repeat i mod n of
 * config ⌊i / n⌋, so one trial row per (config, repeat) keeps retries and resume per repeat.
 * Config c's seeds are `repeatSeeds(deriveSeed(sweepSeed, c), n)`: repeat 0 runs with the seed the
 * config has without repeats.
 *
 * `historyDependent` (bayes): a config is drawn once, when its first repeat is sampled, and the other
 * repeats reuse it (a second draw would see a newer history and differ). After a resume, the params
 * come from a stored repeat of the config. The config sampler itself must read
 * `configHistory(history, n)` so the model sees one observation per config.
 */
export function createRepeatSampler(
  configs: Sampler,
  opts: { repeats: number; sweepSeed: number; historyDependent: boolean; history: () => ReadonlyArray<TrialRecord> },
): Sampler {
  const { repeats } = opts
  const total = configs.total === null ? null : configs.total * repeats
  // Only fresh indices are sampled, in increasing order: the newest config is all a cache needs.
  let last: { configIndex: number; params: Record<string, unknown> } | null = null

  function paramsOf(c: number, r: number): Record<string, unknown> {
    if (!opts.historyDependent) return configs.sample(c).params
    if (last?.configIndex === c) return last.params
    const stored = r === 0 ? undefined : opts.history().find((t) => repeatOf(t.index, repeats).configIndex === c)
    last = { configIndex: c, params: stored ? stored.params : configs.sample(c).params }
    return last.params
  }

  return {
    total,
    sample(index) {
      checkIndex(index, total)
      const { configIndex, repeat } = repeatOf(index, repeats)
      const params = paramsOf(configIndex, repeat)
      return { params, seed: repeatSeeds(deriveSeed(opts.sweepSeed, configIndex), repeats)[repeat]! }
    },
  }
}

/** The n seeds of a config whose own seed is `configSeed`: distinct, in [0, 2^31 − 1], the first one `configSeed`. */
export function repeatSeeds(configSeed: number, repeats: number): number[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new SweeplabError('internal', `repeats must be a positive integer, got ${repeats}`)
  const seeds = [configSeed]
  const seen = new Set(seeds)
  // A 31-bit collision is rare but possible; the next salt then gives the repeat its own seed.
  for (let salt = 1; seeds.length < repeats; salt++) {
    const s = deriveSeed(configSeed, salt)
    if (seen.has(s)) continue
    seen.add(s)
    seeds.push(s)
  }
  return seeds
}
