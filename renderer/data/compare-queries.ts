import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { CompareRef } from '../../shared/api/compare-types.ts'
import { useApi } from '../api/api-context.tsx'

/** Sweeps aligned on their parameters (compare view). Refetched when asked: a finished comparison does not change. */
export function useCompare(sweeps: readonly CompareRef[]) {
  const api = useApi()
  const args = { sweeps: [...sweeps] }
  return useQuery({
    queryKey: ['compareSweeps', args] as const,
    queryFn: () => api.compareSweeps(args),
    enabled: sweeps.length >= 2,
  })
}

/** The open workspace and whether it is read-only (the banner and the disabled actions). */
export function useWorkspace() {
  const api = useApi()
  return useQuery({ queryKey: ['getWorkspace', {}] as const, queryFn: () => api.getWorkspace({}), staleTime: Infinity, retry: false })
}

/** The sweeps a bayes spec could warm-start from; the caller debounces `text`. */
export function useWarmStartCandidates(text: string, fileName: string | undefined) {
  const api = useApi()
  const args = fileName === undefined ? { text } : { text, fileName }
  return useQuery({
    queryKey: ['getWarmStartCandidates', args] as const,
    queryFn: () => api.getWarmStartCandidates(args),
    placeholderData: keepPreviousData,
    retry: false,
  })
}
