/**
 * The abort reason of a built-in trial that early termination stopped: the train loop finishes the
 * epoch it is in (evaluation and report included) and ends as if stopped early, so the trainer
 * saves its weights and final metrics. A later hard stop (cancel, timeout, shutdown) sets `hard`:
 * the loop then stops at the next step as for any cancel.
 */
export class PruneStop {
  hard = false
}

/** The signal asks the loop to stop at the end of the current epoch, not now. */
export function isPruneStop(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && signal.reason instanceof PruneStop && !signal.reason.hard
}
