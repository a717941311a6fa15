import { assertNever } from '../../../shared/errors.ts'
import type { TrialStatus } from '../../../shared/status.ts'
import type { Tone } from '../../ui/badge.tsx'

export function trialStatusTone(status: TrialStatus): Tone {
  switch (status) {
    case 'queued': return 'neutral'
    case 'running': return 'info'
    case 'completed': return 'success'
    case 'failed':
    case 'crashed':
    case 'diverged':
    case 'timeout': return 'danger'
    case 'interrupted':
    case 'pruned': return 'warning'
    case 'cancelled': return 'neutral'
    default: return assertNever(status, 'trial status')
  }
}
