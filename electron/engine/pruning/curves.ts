import type { MetricGoal } from '../../../shared/status.ts'

/**
 * One trial's reports of the sweep metric in the order of their steps, oriented so that lower is
 * better (a maximized metric is negated, as W&B's hyperband does). Non-finite values are left out,
 * like W&B's `metric_history(filter_invalid=True)`: the n-th entry is the n-th valid report.
 */
export interface Curve {
  readonly steps: number[]
  readonly values: number[]
  /** The lowest of `values`, kept as they arrive: curves of command trials can be millions long. */
  best: number
}

export type Curves = ReadonlyMap<number, Curve>

export interface CurveBook {
  readonly curves: Curves
  readonly goal: MetricGoal
  /** Adds one report; returns false when it did not extend the curve (non-finite, or an older step). */
  add(trialId: number, step: number, value: number | null): boolean
  /** The metric as the user wrote it, for messages. */
  shown(oriented: number): number
}

export function createCurveBook(goal: MetricGoal): CurveBook {
  const curves = new Map<number, Curve>()
  const sign = goal === 'maximize' ? -1 : 1
  return {
    curves,
    goal,
    add(trialId, step, value) {
      if (value === null || !Number.isFinite(value)) return false
      let c = curves.get(trialId)
      if (!c) curves.set(trialId, (c = { steps: [], values: [], best: Infinity }))
      const v = sign * value
      const last = c.steps.length - 1
      const lastStep = last >= 0 ? c.steps[last]! : -1
      // A re-report of the latest step replaces it, as the store does (one point per step).
      if (step === lastStep) {
        const old = c.values[last]!
        c.values[last] = v
        if (v <= c.best) c.best = v
        else if (old === c.best) c.best = lowest(c.values)
        return false
      }
      // Out of order: the store keeps it, but an iteration count cannot go back.
      if (step < lastStep) return false
      c.steps.push(step)
      c.values.push(v)
      if (v < c.best) c.best = v
      return true
    },
    shown: (oriented) => sign * oriented,
  }
}

function lowest(values: readonly number[]): number {
  let m = Infinity
  for (const v of values) if (v < m) m = v
  return m
}
