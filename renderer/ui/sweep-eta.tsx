import type { SweepSummary } from '../../shared/api/types.ts'
import { describeEta, estimateSweepEta } from '../../shared/eta.ts'

/**
 * A running sweep's projected finish (shared/eta.ts: from its trial durations so far, its
 * concurrency and what is left), or why there is none; `paused` while a low disk holds it back.
 * The title says what the estimate rests on and when that is on the clock.
 */
export function SweepEta({ sweep, now, short = false }: { sweep: SweepSummary; now: number; short?: boolean }) {
  if (sweep.status === 'running' && sweep.waiting) {
    return <span className="sweep-eta sweep-eta-paused" title={sweep.waiting}>paused: low disk</span>
  }
  const eta = estimateSweepEta({ ...sweep, now })
  if (eta.kind === 'not-running') return null
  const title = eta.kind === 'estimate'
    ? `Around ${new Date(eta.finishAt).toLocaleTimeString()}; 90% band from the spread of ${eta.basedOn} finished trial${eta.basedOn === 1 ? '' : 's'}, ${sweep.timing.concurrency} at once`
    : undefined
  return <span className="sweep-eta" title={title}>{eta.kind === 'estimate' && eta.remainingMs > 0 ? `${describeEta(eta, { short })} left` : describeEta(eta, { short })}</span>
}
