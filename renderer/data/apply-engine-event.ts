import type { QueryClient } from '@tanstack/react-query'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import type { SweepDetail, SweepSummary, TrialSummary } from '../../shared/api/types.ts'
import { assertNever } from '../../shared/errors.ts'
import { queryKeys } from './query-keys.ts'
import type { ThrottledInvalidator } from './throttled-invalidator.ts'

/**
 * The one place engine events touch the cache. Events carry whole rows, so the list, sweep and
 * trial caches are patched in place (no refetch); what cannot be patched exactly (a sweep or trial
 * the cache has not seen, curves that gained points) is marked for a throttled refetch.
 */
export function applyEngineEvent(qc: QueryClient, ev: SweeplabEvent, invalidator: ThrottledInvalidator): void {
  switch (ev.type) {
    case 'sweep-updated': {
      const { sweep } = ev.payload
      let known = false
      qc.setQueryData<SweepSummary[]>(queryKeys.sweeps(), (old) => {
        if (!old) return old
        known = old.some((s) => s.id === sweep.id)
        // A new sweep goes first (the list is newest first); the throttled refetch settles the real order.
        return known ? old.map((s) => (s.id === sweep.id ? sweep : s)) : [sweep, ...old]
      })
      if (!known) invalidator.mark(queryKeys.sweeps())
      // The detail adds spec fields that the summary lacks and that never change after creation.
      qc.setQueryData<SweepDetail>(queryKeys.sweep(sweep.id), (old) => (old ? { ...old, ...sweep } : old))
      return
    }
    case 'trial-updated': {
      const { trial } = ev.payload
      let known = true
      qc.setQueryData<TrialSummary[]>(queryKeys.trials(trial.sweepId), (old) => {
        if (!old) return old
        known = old.some((t) => t.id === trial.id)
        return known ? old.map((t) => (t.id === trial.id ? trial : t)) : [...old, trial]
      })
      if (!known) invalidator.mark(queryKeys.trials(trial.sweepId))
      qc.setQueryData<TrialSummary>(queryKeys.trial(trial.id), (old) => (old ? trial : old))
      return
    }
    case 'metric-points': {
      // Curves are downsampled by the engine, so new points mean a refetch of the series that show them.
      for (const batch of ev.payload) {
        invalidator.markWhere(`series:${batch.trialId}:${batch.name}`, (key) => {
          if (key[0] !== 'getMetricSeries') return false
          const args = key[1] as { trialIds: number[]; metric: string }
          return args.metric === batch.name && args.trialIds.includes(batch.trialId)
        })
        invalidator.mark(queryKeys.metricNames(batch.sweepId))
      }
      return
    }
    case 'log-lines':
      // Logs are read by the trial screen, which is not built yet; nothing caches them.
      return
    default:
      assertNever(ev, 'engine event')
  }
}
