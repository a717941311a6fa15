import type { TrialSummary } from '../../../shared/api/types.ts'

/** Test fixture: a completed trial with every field set to a plain default. */
export function makeTrial(over: Partial<TrialSummary> & { id: number }): TrialSummary {
  const { id, ...rest } = over
  return {
    id, sweepId: 1, index: id - 1, attempt: 1, status: 'completed', params: {}, seed: 42,
    finalValue: null, bestValue: null, startedAt: null, endedAt: null,
    exitCode: null, signal: null, backend: null, backendNote: null, error: null, workerId: null, prunedAtStep: null,
    failureReason: null, failureNote: null,
    configVersion: 1, rerunOf: null,
    ...rest,
  }
}
