import type { Pruner, PruneDecision } from './pruner-types.ts'
import { fmt, grownRunningCurves } from './pruner-types.ts'

export interface MedianOptions {
  /** Reports before the rule applies (Optuna's n_warmup_steps). */
  warmupSteps: number
  /** Other trials that must have reached an iteration before a trial is stopped there. */
  minTrials: number
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b)
  const m = xs.length >> 1
  return xs.length % 2 === 1 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2
}

/**
 * The median stopping rule (Golovin et al. 2017; Optuna's MedianPruner): at its latest report, the
 * i-th, after the first warmup_steps, a trial stops when its best value so far is worse than the
 * median of the values other trials had at their i-th report, once at least min_trials of them got
 * that far. Other trials count whatever their state (running, finished, pruned), as in Ray Tune's
 * rule. Reports that arrive together are judged once, at the last of them.
 */
export function createMedianPruner(o: MedianOptions): Pruner {
  return {
    decide(book, running, grown) {
      const out: PruneDecision[] = []
      for (const { trialId, before, curve: h } of grownRunningCurves(book, running, grown)) {
        const n = h.values.length
        const i = n - 1
        if (n <= before || i < o.warmupSteps) continue
        const others: number[] = []
        for (const [id, c] of book.curves) if (id !== trialId && c.values.length > i) others.push(c.values[i]!)
        if (others.length < o.minTrials) continue
        const med = median(others)
        if (!(h.best > med)) continue
        out.push({
          trialId,
          step: h.steps[i]!,
          iteration: n,
          reason: `median: at report ${n} its best value ${fmt(book.shown(h.best))} is worse than the median ${fmt(book.shown(med))} of ${others.length} other trials there`,
        })
      }
      return out
    },
  }
}
