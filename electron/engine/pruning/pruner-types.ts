import type { Curve, CurveBook } from './curves.ts'

/** A trial to stop now, where, and why (the reason is shown with the trial). */
export interface PruneDecision {
  trialId: number
  /** The step of the trial's latest report when it was judged. */
  step: number
  /** Reports of the metric the trial had made then (its iteration count). */
  iteration: number
  reason: string
}

/**
 * Decides from the metric curves alone (pure: no clock, no I/O). Called after each batch of
 * reports with the trials still running and, for each curve that grew, its length before the batch.
 */
export interface Pruner {
  decide(book: CurveBook, running: ReadonlySet<number>, grown: ReadonlyMap<number, number>): PruneDecision[]
}

/** `v` with at most 4 significant digits, for reasons. */
export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)))
}

/** The running trials whose curve grew in this batch: each with its curve and the curve's length before. */
export function* grownRunningCurves(
  book: CurveBook, running: ReadonlySet<number>, grown: ReadonlyMap<number, number>,
): Generator<{ trialId: number; before: number; curve: Curve }> {
  for (const [trialId, before] of grown) {
    if (!running.has(trialId)) continue
    const curve = book.curves.get(trialId)
    if (curve) yield { trialId, before, curve }
  }
}
