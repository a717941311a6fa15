/**
 * Why a trial did not complete, one of a fixed set (stored as `trials.failure_reason`; classified in
 * electron/engine/failures/classify-failure.ts). A completed trial has none.
 */
export const FAILURE_REASONS = [
  'nan_metric',
  'oom',
  'nonzero_exit',
  'signal',
  'timeout',
  'pruned',
  'cancelled',
  'worker_crash',
  'interrupted',
  'start_failed',
  'trainer_error',
] as const
export type FailureReason = (typeof FAILURE_REASONS)[number]

/** Short labels for tables and filters (the app and `sweeplab show`). */
export const FAILURE_REASON_LABELS: Readonly<Record<FailureReason, string>> = {
  nan_metric: 'NaN/inf metric',
  oom: 'out of memory',
  nonzero_exit: 'non-zero exit',
  signal: 'signal',
  timeout: 'timeout',
  pruned: 'pruned',
  cancelled: 'cancelled',
  worker_crash: 'worker crash',
  interrupted: 'interrupted',
  start_failed: 'could not start',
  trainer_error: 'trainer error',
}
