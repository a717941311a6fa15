import { InvalidArgumentError } from 'commander'
import { TRIAL_STATUSES, type TrialStatus } from '../../shared/status.ts'
import { FAILURE_REASONS, type FailureReason } from '../../shared/failure-reasons.ts'

/** commander argument parsers; their errors become usage errors (exit 2). */
export function parsePositiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive integer')
  return Number(value)
}

export function parseTrialStatus(value: string): TrialStatus {
  const found = TRIAL_STATUSES.find((s) => s === value)
  if (!found) throw new InvalidArgumentError(`expected one of ${TRIAL_STATUSES.join(', ')}`)
  return found
}

export function parseFailureReason(value: string): FailureReason {
  const found = FAILURE_REASONS.find((s) => s === value)
  if (!found) throw new InvalidArgumentError(`expected one of ${FAILURE_REASONS.join(', ')}`)
  return found
}
