import type { QueryClient } from '@tanstack/react-query'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import type { SweepDetail, SweepSummary, TrialSummary } from '../../shared/api/types.ts'
import { assertNever } from '../../shared/errors.ts'
import { isTerminalTrialStatus } from '../../shared/status.ts'
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
    case 'sweep-deleted': {
      const { sweepId } = ev.payload
      qc.setQueryData<SweepSummary[]>(queryKeys.sweeps(), (old) => old?.filter((s) => s.id !== sweepId))
      qc.removeQueries({ queryKey: queryKeys.sweep(sweepId) })
      qc.removeQueries({ queryKey: queryKeys.trials(sweepId) })
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
      // The detail's per-reason counts (failureReasons) are not in the summary events: refetch them.
      if (trial.failureReason !== null && qc.getQueryData(queryKeys.sweep(trial.sweepId))) invalidator.mark(queryKeys.sweep(trial.sweepId))
      // An ended trial changes again when checkpoint retention (keep:) deleted its files: a shown artifact list is read again.
      if (isTerminalTrialStatus(trial.status) && qc.getQueryData(queryKeys.artifacts(trial.id)) !== undefined) invalidator.mark(queryKeys.artifacts(trial.id))
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
    case 'log-lines': {
      // A trial screen holds its log tail (5,000 lines) plus what arrives live; a chatty trial could
      // otherwise grow it without bound while the screen stays open.
      const LIVE_LOG_CAP = 20_000
      const byTrial = new Map<number, typeof ev.payload>()
      for (const line of ev.payload) {
        const lines = byTrial.get(line.trialId)
        if (lines) lines.push(line)
        else byTrial.set(line.trialId, [line])
      }
      for (const [trialId, lines] of byTrial) {
        const key = queryKeys.logs(trialId)
        const state = qc.getQueryState(key)
        // Nobody shows this trial's log: nothing to keep.
        if (!state) continue
        // Still loading: the lines may be missing from the answer in flight, so read it again.
        if (state.data === undefined) {
          invalidator.mark(key)
          continue
        }
        qc.setQueryData<typeof ev.payload>(key, (old) => {
          if (!old) return old
          // The engine emits lines right after storing them, so a getLogs answer can race its own
          // event and already hold them (stored lines have seq ≥ 0): skip those, comparing only
          // the stored lines from the batch's earliest timestamp on.
          const from = lines.reduce((t, l) => Math.min(t, l.time), Infinity)
          const stored = new Set<string>()
          for (let i = old.length - 1; i >= 0 && old[i]!.time >= from; i--) {
            if (old[i]!.seq >= 0) stored.add(`${old[i]!.time}\u0000${old[i]!.stream}\u0000${old[i]!.line}`)
          }
          const fresh = stored.size === 0 ? lines : lines.filter((l) => !stored.has(`${l.time}\u0000${l.stream}\u0000${l.line}`))
          if (fresh.length === 0) return old
          const next = old.concat(fresh)
          return next.length > LIVE_LOG_CAP ? next.slice(next.length - LIVE_LOG_CAP) : next
        })
      }
      return
    }
    case 'open-sweep-file':
      // A request for the new-sweep screen (SpecFileIntake), not data to cache.
      return
    default:
      assertNever(ev, 'engine event')
  }
}
