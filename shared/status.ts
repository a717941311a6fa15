/** Trial states. A trial row reaches exactly one terminal state, once. */
export const TRIAL_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'crashed',
  'diverged',
  'timeout',
  'cancelled',
  'interrupted',
  'pruned',
] as const
export type TrialStatus = (typeof TRIAL_STATUSES)[number]

export const TERMINAL_TRIAL_STATUSES: ReadonlySet<TrialStatus> = new Set([
  'completed', 'failed', 'crashed', 'diverged', 'timeout', 'cancelled', 'interrupted', 'pruned',
])

export function isTerminalTrialStatus(s: TrialStatus): boolean {
  return TERMINAL_TRIAL_STATUSES.has(s)
}

/**
 * Sweep states. `interrupted` means the engine stopped without finishing it; `paused` means a user
 * paused it (no new trials start; running ones finish). `sweeplab resume` continues either.
 */
export const SWEEP_STATUSES = ['running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'] as const
export type SweepStatus = (typeof SWEEP_STATUSES)[number]

export type MetricGoal = 'minimize' | 'maximize'
