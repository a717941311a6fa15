import { assertNever } from '../../shared/errors.ts'
import type { TrialStatus } from '../../shared/status.ts'
import type { Tone } from './badge.tsx'

/** One colour per outcome, the same on every screen: errors red, stopped-by-limits amber, pruned violet. */
export function trialStatusTone(status: TrialStatus): Tone {
  switch (status) {
    case 'queued':
    case 'cancelled': return 'neutral'
    case 'running': return 'info'
    case 'completed': return 'success'
    case 'failed':
    case 'crashed': return 'danger'
    case 'diverged':
    case 'timeout':
    case 'interrupted': return 'warning'
    case 'pruned': return 'pruned'
    default: return assertNever(status, 'trial status')
  }
}
