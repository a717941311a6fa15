import type { Pruner, PruneDecision } from './pruner-types.ts'
import { fmt, grownRunningCurves } from './pruner-types.ts'

export interface AshaOptions {
  /** The first rung (Ray Tune's grace_period): no trial stops before this many reports. */
  minIter: number
  /** No rung at or above it. */
  maxIter?: number
  eta: number
}

const RUNG_LIMIT = 2 ** 31

/** Rungs min_iter·eta^k (truncated), below max_iter: the report counts where trials are judged. */
export function ashaRungs(o: AshaOptions): number[] {
  const rungs: number[] = []
  const limit = o.maxIter ?? RUNG_LIMIT
  for (let r = o.minIter; r < limit; r *= o.eta) {
    const t = Math.trunc(r)
    if (rungs[rungs.length - 1] !== t) rungs.push(t)
  }
  return rungs
}

/**
 * Asynchronous successive halving (Li et al. 2020, as in Ray Tune's ASHA and Optuna's
 * SuccessiveHalvingPruner): when a trial makes its r-th report of the metric for a rung r, it is
 * compared with every trial that has reached that rung so far, whatever their state; it goes on
 * only when it ranks in the top ⌊n/eta⌋ of those n values (at least the top one). A trial is
 * judged once per rung, when it gets there: nobody waits for a rung to fill.
 */
export function createAshaPruner(o: AshaOptions): Pruner {
  const rungs = ashaRungs(o)
  return {
    decide(book, running, grown) {
      const out: PruneDecision[] = []
      for (const { trialId, before, curve: h } of grownRunningCurves(book, running, grown)) {
        const n = h.values.length
        for (const rung of rungs) {
          if (rung <= before || rung > n) continue
          const mine = h.values[rung - 1]!
          let reached = 0
          let better = 0
          for (const c of book.curves.values()) {
            if (c.values.length < rung) continue
            reached++
            if (c.values[rung - 1]! < mine) better++
          }
          const keep = Math.max(1, Math.floor(reached / o.eta))
          if (better < keep) continue
          out.push({
            trialId,
            step: h.steps[n - 1]!,
            iteration: n,
            reason: `asha: at rung ${rung} its value ${fmt(book.shown(mine))} ranks ${better + 1} of ${reached}; only the best ${keep} go on (eta ${fmt(o.eta)})`,
          })
          break
        }
      }
      return out
    },
  }
}
