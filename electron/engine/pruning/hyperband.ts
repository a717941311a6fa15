import type { Pruner, PruneDecision } from './pruner-types.ts'
import { fmt } from './pruner-types.ts'

export interface HyperbandOptions {
  minIter?: number
  maxIter?: number
  s?: number
  eta: number
  strict: boolean
}

/** No trial reports its metric this often; W&B lists 100 bands, which is the same in practice. */
const BAND_LIMIT = 2 ** 31

/**
 * W&B's bands (wandb/sweeps `hyperband_stopping.py`): from `max_iter`, s divisions by eta
 * (max_iter/eta, /eta², …, while ≥ 1), ascending; from `min_iter`, min_iter·eta^k. Each is
 * truncated to an integer as W&B's `int(band)` does. Empty when max_iter/eta < 1.
 */
export function hyperbandBands(o: HyperbandOptions): number[] {
  const bands: number[] = []
  if (o.maxIter !== undefined) {
    let band = o.maxIter
    for (let i = 0; i < (o.s ?? 0); i++) {
      band /= o.eta
      if (band < 1) break
      bands.push(Math.trunc(band))
    }
    return bands.sort((a, b) => a - b)
  }
  let band = o.minIter ?? 1
  while (band < BAND_LIMIT && bands.length < 100) {
    bands.push(Math.trunc(band))
    band *= o.eta
  }
  return bands
}

/**
 * W&B's hyperband stopping, decision for decision (wandb/sweeps `hyperband_stop_runs`, the version
 * with `strict`). A run reaches band b with its b-th report of the metric. The band's threshold is
 * the value at index ⌊n/eta⌋ of the sorted b-th reports of the n runs (any state) that have made at
 * least b. Every running run is judged at the highest band it has reached, again at each call
 * (thresholds tighten as runs arrive): stopped when its best value so far (strict: its b-th report)
 * is worse than the threshold.
 */
export function createHyperbandPruner(o: HyperbandOptions): Pruner {
  const bands = hyperbandBands(o)
  const r = 1 / o.eta
  return {
    decide(book, running) {
      // Only the bands running trials are at need a threshold (a sweep can hold thousands of curves).
      const thresholds = new Map<number, number>()
      const thresholdAt = (band: number): number => {
        let t = thresholds.get(band)
        if (t !== undefined) return t
        const at: number[] = []
        for (const h of book.curves.values()) if (h.values.length >= band) at.push(h.values[band - 1]!)
        at.sort((a, b) => a - b)
        t = at.length === 0 ? Infinity : at[Math.floor(r * at.length)]!
        thresholds.set(band, t)
        return t
      }
      const out: PruneDecision[] = []
      for (const trialId of running) {
        const h = book.curves.get(trialId)
        if (!h) continue
        const n = h.values.length
        let k = -1
        while (k + 1 < bands.length && bands[k + 1]! <= n) k++
        if (k < 0) continue
        const band = bands[k]!
        const threshold = thresholdAt(band)
        const value = o.strict ? h.values[band - 1]! : h.best
        if (!(value > threshold)) continue
        const which = o.strict ? `its value at band ${band}` : 'its best value so far'
        out.push({
          trialId,
          step: h.steps[n - 1]!,
          iteration: n,
          reason: `hyperband: at band ${band} (${band} reports) ${which}, ${fmt(book.shown(value))}, is outside the best 1/${fmt(o.eta)} (threshold ${fmt(book.shown(threshold))})`,
        })
      }
      return out
    },
  }
}
