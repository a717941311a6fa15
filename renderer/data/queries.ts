import { useEffect, useMemo, useRef } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { TrialSummary } from '../../shared/api/types.ts'
import { useApi } from '../api/api-context.tsx'
import { mergeTrialRows } from './merge-trials.ts'
import { queryKeys } from './query-keys.ts'

// Live data arrives as engine events (use-engine-events.ts), so queries do not poll.

export function useSweeps() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.sweeps(), queryFn: () => api.listSweeps({}) })
}

export function useSweep(sweepId: number | undefined) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.sweep(sweepId ?? 0),
    queryFn: () => api.getSweep({ sweepId: sweepId! }),
    enabled: sweepId !== undefined,
  })
}

export function useTrials(sweepId: number | undefined) {
  const api = useApi()
  const qc = useQueryClient()
  const key = queryKeys.trials(sweepId ?? 0)
  return useQuery({
    queryKey: key,
    queryFn: async () => mergeTrialRows(qc.getQueryData<TrialSummary[]>(key), await api.getTrials({ sweepId: sweepId! })),
    enabled: sweepId !== undefined,
  })
}

export function useMetricNames(sweepId: number | undefined) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.metricNames(sweepId ?? 0),
    queryFn: () => api.getMetricNames({ sweepId: sweepId! }),
    enabled: sweepId !== undefined,
  })
}

export function useMetricSeries(trialIds: readonly number[], metric: string | undefined, maxPoints?: number) {
  const api = useApi()
  // Sorted so that the same selection in a different order shares one cache entry.
  const ids = useMemo(() => [...trialIds].sort((a, b) => a - b), [trialIds])
  const args = maxPoints === undefined ? { trialIds: ids, metric: metric ?? '' } : { trialIds: ids, metric: metric ?? '', maxPoints }
  return useQuery({
    // The key is the call (`[method, args]`); apply-engine-event.ts still finds it by trialIds and metric.
    queryKey: maxPoints === undefined ? queryKeys.metricSeries(ids, metric ?? '') : (['getMetricSeries', args] as const),
    queryFn: () => api.getMetricSeries(args),
    enabled: ids.length > 0 && !!metric,
    // Keep the old curves on screen while a new selection loads, instead of flashing empty.
    placeholderData: (prev) => prev,
  })
}

/** A refit costs the engine up to ~0.6 s on a 10k-trial sweep: at most one every this often while trials finish. */
export const IMPORTANCE_REFRESH_MS = 5_000

/**
 * Parameter importance of a sweep's metric. It depends only on finished trials, so it is fetched
 * again when `finished` (the sweep's done count, kept live by engine events) changes, at most once
 * per IMPORTANCE_REFRESH_MS, the last change always included.
 */
export function useImportance(sweepId: number | undefined, finished: number | undefined) {
  const api = useApi()
  const qc = useQueryClient()
  const key = queryKeys.importance(sweepId ?? 0)
  const query = useQuery({
    queryKey: key,
    queryFn: () => api.getImportance({ sweepId: sweepId! }),
    enabled: sweepId !== undefined,
    // The bars stay up while a refit is on its way.
    placeholderData: (prev) => prev,
  })
  const fetchedFor = useRef(finished)
  const lastRefresh = useRef(Date.now())
  useEffect(() => {
    if (sweepId === undefined || finished === fetchedFor.current) return
    const wait = Math.max(0, lastRefresh.current + IMPORTANCE_REFRESH_MS - Date.now())
    const timer = setTimeout(() => {
      fetchedFor.current = finished
      lastRefresh.current = Date.now()
      void qc.invalidateQueries({ queryKey: queryKeys.importance(sweepId), exact: true })
    }, wait)
    return () => clearTimeout(timer)
  }, [qc, sweepId, finished])
  return query
}

/**
 * Disk used by the workspace. Files grow without an engine event (a trial writing checkpoints), so
 * this one query refreshes on a timer; the engine answers from a cache it refreshes at most every
 * few seconds, walking the folders off its thread.
 */
export const WORKSPACE_SIZE_REFRESH_MS = 30_000

export function useWorkspaceSize() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.workspaceSize(),
    queryFn: () => api.getWorkspaceSize({}),
    refetchInterval: WORKSPACE_SIZE_REFRESH_MS,
    placeholderData: (prev) => prev,
  })
}
