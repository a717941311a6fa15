import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useApi } from '../api/api-context.tsx'
import { queryKeys } from './query-keys.ts'

export function useCancelSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (sweepId: number) => api.cancelSweep({ sweepId }),
    // The engine also pushes `sweep-updated`, but a CLI-owned sweep stops in another process; refetch to be sure.
    onSettled: (_res, _err, sweepId) => {
      void qc.invalidateQueries({ queryKey: queryKeys.sweeps() })
      void qc.invalidateQueries({ queryKey: queryKeys.sweep(sweepId) })
    },
  })
}

/** Resumes a stopped, failed or interrupted sweep; the engine pushes `sweep-updated` as it restarts. */
export function useResumeSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (sweepId: number) => api.resumeSweep({ sweepId }),
    onSettled: (_res, _err, sweepId) => {
      void qc.invalidateQueries({ queryKey: queryKeys.sweeps() })
      void qc.invalidateQueries({ queryKey: queryKeys.sweep(sweepId) })
      void qc.invalidateQueries({ queryKey: queryKeys.trials(sweepId) })
    },
  })
}
