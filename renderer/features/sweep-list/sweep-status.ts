import { assertNever } from '../../../shared/errors.ts'
import type { SweepStatus } from '../../../shared/status.ts'
import type { Tone } from '../../ui/badge.tsx'

export function sweepStatusTone(status: SweepStatus): Tone {
  switch (status) {
    case 'running': return 'info'
    case 'paused': return 'warning'
    case 'completed': return 'success'
    case 'failed': return 'danger'
    case 'interrupted': return 'warning'
    case 'cancelled': return 'neutral'
    default: return assertNever(status, 'sweep status')
  }
}
