import { assertNever } from '../../../shared/errors.ts'
import type { TrialStatus } from '../../../shared/status.ts'
import type { Tone } from '../../ui/badge.tsx'

export function trialStatusTone(status: TrialStatus): Tone {
  switch (status) {
    case 'completed': return 'success'
    case 'running': return 'info'
    case 'queued':
    case 'cancelled':
    case 'pruned': return 'neutral'
    case 'diverged':
    case 'timeout':
    case 'interrupted': return 'warning'
    case 'failed':
    case 'crashed': return 'danger'
    default: return assertNever(status, 'trial status')
  }
}
