import type { SweeplabEvent } from '../../shared/api/contract.ts'
import type { SweepSummary, TrialSummary } from '../../shared/api/types.ts'
import { isTerminalTrialStatus } from '../../shared/status.ts'
import { pickBestTrial } from '../engine/export/pick-best.ts'

/**
 * The CLI's view of one sweep, kept current from engine events: the latest summary and every
 * trial seen. It outlives the engine, so a sweep stopped by Ctrl-C can still be summarised.
 */
export class SweepTracker {
  sweep: SweepSummary
  readonly trials = new Map<number, TrialSummary>()

  constructor(sweep: SweepSummary, trials: ReadonlyArray<TrialSummary> = []) {
    this.sweep = sweep
    for (const t of trials) this.trials.set(t.id, t)
  }

  /** Applies an event; returns the trial when this event is the one that ended it. */
  apply(ev: SweeplabEvent): TrialSummary | undefined {
    if (ev.type === 'sweep-updated' && ev.payload.sweep.id === this.sweep.id) {
      this.sweep = ev.payload.sweep
    } else if (ev.type === 'trial-updated' && ev.payload.trial.sweepId === this.sweep.id) {
      const t = ev.payload.trial
      const before = this.trials.get(t.id)
      this.trials.set(t.id, t)
      if (isTerminalTrialStatus(t.status) && !(before && isTerminalTrialStatus(before.status))) return t
    }
    return undefined
  }

  get running(): number {
    return this.sweep.counts.running ?? [...this.trials.values()].filter((t) => t.status === 'running').length
  }

  /** Best value so far: the engine's summary when it has one, else what the seen trials say. */
  get best(): { value: number; trialId: number } | undefined {
    if (this.sweep.bestValue !== null && this.sweep.bestTrialId !== null) {
      return { value: this.sweep.bestValue, trialId: this.sweep.bestTrialId }
    }
    const t = pickBestTrial([...this.trials.values()], this.sweep.metricGoal)
    return t && t.finalValue !== null ? { value: t.finalValue, trialId: t.id } : undefined
  }
}
