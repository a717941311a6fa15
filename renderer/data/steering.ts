import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ApiArgs } from '../../shared/api/contract.ts'
import { useApi } from '../api/api-context.tsx'
import { queryKeys } from './query-keys.ts'

/** Steering a sweep (docs/steering.md): pause, edit as a new config version, versions, reruns. */

function invalidateSweep(qc: QueryClient, sweepId: number): void {
  void qc.invalidateQueries({ queryKey: queryKeys.sweeps() })
  void qc.invalidateQueries({ queryKey: queryKeys.sweep(sweepId) })
  void qc.invalidateQueries({ queryKey: queryKeys.trials(sweepId) })
  void qc.invalidateQueries({ queryKey: ['getSweepVersions', { sweepId }] })
}

/** The sweep's config versions; refetched when its current version changes. */
export function useSweepVersions(sweepId: number, configVersion: number) {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.sweepVersions(sweepId, configVersion), queryFn: () => api.getSweepVersions({ sweepId }) })
}

export function usePauseSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (sweepId: number) => api.pauseSweep({ sweepId }),
    // Another process may run the sweep: refetch rather than wait for its event.
    onSettled: (_r, _e, sweepId) => invalidateSweep(qc, sweepId),
  })
}

/** The engine's own check of an edit (a dry run): what would change and how many trials remain, or why it is refused. */
export function useEditPreview(sweepId: number, text: string | null) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.editPreview(sweepId, text ?? ''),
    queryFn: () => api.updateSweep({ sweepId, text: text!, dryRun: true }),
    enabled: text !== null,
    retry: false,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  })
}

export function useUpdateSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (args: ApiArgs<'updateSweep'>) => api.updateSweep(args),
    onSettled: (_r, _e, args) => invalidateSweep(qc, args.sweepId),
  })
}

export function useRerunTrial(sweepId: number | undefined) {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (args: ApiArgs<'rerunTrial'>) => api.rerunTrial(args),
    onSettled: () => {
      if (sweepId !== undefined) invalidateSweep(qc, sweepId)
    },
  })
}

export function useRerunBest() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (args: ApiArgs<'rerunBest'>) => api.rerunBest(args),
    onSettled: (_r, _e, args) => invalidateSweep(qc, args.sweepId),
  })
}
