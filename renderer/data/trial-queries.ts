import { useEffect, useRef } from 'react'
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ExportBestFormat, ExportTrialsFormat, TrialSummary } from '../../shared/api/types.ts'
import { useApi } from '../api/api-context.tsx'
import { queryKeys } from './query-keys.ts'

/** Lines of a trial's log loaded on open; live lines are appended to them (apply-engine-event.ts). */
export const LOG_TAIL_LINES = 5000
/** What the artifact viewer reads of a text file: enough for a matrix or a page of samples. */
export const ARTIFACT_VIEW_BYTES = 256 * 1024

export function useTrial(trialId: number) {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.trial(trialId), queryFn: () => api.getTrial({ trialId }) })
}

/** The last `LOG_TAIL_LINES` lines. The key has no `tail`: this hook is the only reader of `getLogs`. */
export function useLogs(trialId: number) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.logs(trialId),
    queryFn: () => api.getLogs({ trialId, tail: LOG_TAIL_LINES }),
    // Live lines keep the cache current; a refetch on remount would drop nothing but cost a round trip.
    staleTime: Infinity,
  })
}

/** A trial's artifacts, read again when its status changes (they are collected when it ends). */
export function useArtifacts(trialId: number, status: TrialSummary['status'] | undefined) {
  const api = useApi()
  const qc = useQueryClient()
  const seen = useRef(status)
  useEffect(() => {
    if (seen.current === status) return
    seen.current = status
    void qc.invalidateQueries({ queryKey: queryKeys.artifacts(trialId) })
  }, [qc, trialId, status])
  return useQuery({ queryKey: queryKeys.artifacts(trialId), queryFn: () => api.getArtifacts({ trialId }) })
}

/** The start of a text artifact (`ARTIFACT_VIEW_BYTES`), fetched only while `enabled`. */
export function useArtifactContent(artifactId: number, enabled = true) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.artifactContent(artifactId),
    queryFn: () => api.readArtifact({ artifactId, maxBytes: ARTIFACT_VIEW_BYTES }),
    enabled,
    // An artifact is written once, at the end of its trial.
    staleTime: Infinity,
  })
}

/**
 * One series per metric name for a single trial, in the order of `names`. Same keys as
 * `useMetricSeries([trialId], name)`, so `metric-points` events refresh them.
 */
export function useTrialSeries(trialId: number, names: readonly string[]) {
  const api = useApi()
  return useQueries({
    queries: names.map((metric) => ({
      queryKey: queryKeys.metricSeries([trialId], metric),
      queryFn: () => api.getMetricSeries({ trialIds: [trialId], metric }),
      placeholderData: (prev: Awaited<ReturnType<typeof api.getMetricSeries>> | undefined) => prev,
    })),
  })
}

export function useCancelTrial() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (trialId: number) => api.cancelTrial({ trialId }),
    // `trial-updated` follows when this engine stops it; a CLI-owned run stops in another process.
    onSettled: (_res, _err, trialId) => void qc.invalidateQueries({ queryKey: queryKeys.trial(trialId) }),
  })
}

export function useEnvironment() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.environment(), queryFn: () => api.getEnvironment({}), staleTime: Infinity })
}

export interface ExportBestArgs {
  sweepId: number
  format: ExportBestFormat
  trialId?: number
}

export interface ExportTrialsArgs {
  sweepId: number
  format: ExportTrialsFormat
  trialIds?: readonly number[]
}

/**
 * Re-reads the exports of a sweep when `revision` changes (a new best trial, trials that ended),
 * at most every `intervalMs`: a fast sweep changes many times a second, and a CSV of thousands of
 * trials is not worth rebuilding that often. `null` means "not known yet" (the sweep is loading):
 * the first known revision is the one the first answer was made from, so it triggers nothing.
 */
function useRefreshOn(method: 'exportBest' | 'exportTrials', sweepId: number, revision: string | null, intervalMs = 2000): void {
  const qc = useQueryClient()
  // `at: 0`: the first change after a quiet spell refreshes at once; only bursts wait.
  const last = useRef<{ revision: string | null; at: number }>({ revision, at: 0 })
  useEffect(() => {
    if (revision === null || last.current.revision === revision) return
    if (last.current.revision === null) {
      last.current = { revision, at: 0 }
      return
    }
    const wait = Math.max(0, last.current.at + intervalMs - Date.now())
    const timer = setTimeout(() => {
      last.current = { revision, at: Date.now() }
      void qc.invalidateQueries({ queryKey: [method, { sweepId }] })
    }, wait)
    return () => clearTimeout(timer)
  }, [qc, method, sweepId, revision, intervalMs])
}

export function useExportBest(args: ExportBestArgs, revision: string | null) {
  const api = useApi()
  useRefreshOn('exportBest', args.sweepId, revision)
  const call = args.trialId === undefined ? { sweepId: args.sweepId, format: args.format } : { ...args }
  return useQuery({
    queryKey: ['exportBest', call] as const,
    queryFn: () => api.exportBest(call),
    // "No completed trial yet" is an answer, not a glitch: show it at once.
    retry: false,
  })
}

export function useExportTrials(args: ExportTrialsArgs, revision: string | null) {
  const api = useApi()
  useRefreshOn('exportTrials', args.sweepId, revision)
  const call = args.trialIds === undefined
    ? { sweepId: args.sweepId, format: args.format }
    : { sweepId: args.sweepId, format: args.format, trialIds: [...args.trialIds] }
  return useQuery({
    queryKey: ['exportTrials', call] as const,
    queryFn: () => api.exportTrials(call),
    retry: false,
  })
}

/** The sweep file for W&B; an `export/unsupported` refusal is an answer to show, not retried. */
export function useExportWandb(sweepId: number, dropUnsupported: boolean) {
  const api = useApi()
  const call = { sweepId, dropUnsupported }
  return useQuery({
    queryKey: ['exportWandb', call] as const,
    queryFn: () => api.exportWandb(call),
    retry: false,
  })
}

/** Slurm's state changes (PENDING → RUNNING) are not engine events: re-read this often while the trial is live. */
const SLURM_REFRESH_MS = 5_000

/** The trial's Slurm job (executor: slurm sweeps only; `enabled` false for a local sweep). */
export function useSlurmJob(trialId: number, enabled: boolean, status: TrialSummary['status'] | undefined) {
  const api = useApi()
  const live = status === 'queued' || status === 'running'
  return useQuery({
    queryKey: queryKeys.slurmJob(trialId),
    queryFn: () => api.getSlurmJob({ trialId }),
    enabled,
    // The one poll in the renderer, and only while a cluster job may change state under us.
    refetchInterval: live ? SLURM_REFRESH_MS : false,
  })
}
