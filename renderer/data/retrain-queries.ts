import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReportFormat } from '../../shared/sweep-provenance.ts'
import { useApi } from '../api/api-context.tsx'
import { queryKeys } from './query-keys.ts'

/** What was recorded when the sweep was created: dataset version, retrain parent, environment. Never changes. */
export function useSweepProvenance(sweepId: number) {
  const api = useApi()
  return useQuery({ queryKey: ['getSweepProvenance', { sweepId }] as const, queryFn: () => api.getSweepProvenance({ sweepId }), staleTime: Infinity, retry: false })
}

/** Old vs new per config of a retrain sweep; `revision` (the sweep's progress) refetches it as trials end. */
export function useRetrainComparison(sweepId: number, enabled: boolean, revision: string) {
  const api = useApi()
  return useQuery({
    queryKey: ['getRetrainComparison', { sweepId }, revision] as const,
    queryFn: () => api.getRetrainComparison({ sweepId }),
    enabled,
    placeholderData: (previous) => previous,
    retry: false,
  })
}

export function useRetrainSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (args: { sweepId: number; dataset: string; top: number; seeds: number }) => api.retrainSweep(args),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.sweeps() }),
  })
}

/** The sweep report, built when asked for (it can take seconds: importance, data pipeline counts). */
export function useSweepReport(sweepId: number, format: ReportFormat, requested: boolean) {
  const api = useApi()
  return useQuery({
    queryKey: ['getSweepReport', { sweepId, format }] as const,
    queryFn: () => api.getSweepReport({ sweepId, format }),
    enabled: requested,
    staleTime: 0,
    retry: false,
  })
}
