import { useEffect, useRef } from 'react'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { SweeplabEvents } from '../../shared/api/contract.ts'
import type { SweepSummary } from '../../shared/api/types.ts'
import { useApi } from '../api/api-context.tsx'
import { queryKeys } from './query-keys.ts'

/** The example sweep files shipped with Sweeplab; they change only with a new version. */
export function useExamples() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.examples(), queryFn: () => api.listExamples({}), staleTime: Infinity })
}

/** Datasets a built-in trainer can use (built-ins first), for the new-sweep form's picker. */
export function useDatasetChoices() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.datasets(), queryFn: () => api.listDatasets({}) })
}

/**
 * The engine's own check of a sweep file (same parser, same messages and line numbers as
 * `sweeplab run`). The caller debounces `text`; the previous result stays shown while the next loads.
 */
export function useSpecValidation(text: string, fileName: string | undefined) {
  const api = useApi()
  const args = fileName === undefined ? { text } : { text, fileName }
  return useQuery({
    queryKey: ['validateSpec', args] as const,
    queryFn: () => api.validateSpec(args),
    placeholderData: keepPreviousData,
    // A file that failed to validate is the answer, not a transient error worth retrying.
    retry: false,
    gcTime: 60_000,
  })
}

export function useCreateSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (args: { text: string; fileName?: string; start: boolean }) => api.createSweep(args),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.sweeps() }),
  })
}

export function useDeleteSweep() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (sweepId: number) => api.deleteSweep({ sweepId }),
    // The engine also sends `sweep-deleted`; dropping the row here makes the list right even if that event is late.
    onSuccess: (_res, sweepId) => {
      qc.setQueryData<SweepSummary[]>(queryKeys.sweeps(), (old) => old?.filter((s) => s.id !== sweepId))
      qc.removeQueries({ queryKey: queryKeys.sweep(sweepId) })
      qc.removeQueries({ queryKey: queryKeys.trials(sweepId) })
    },
  })
}

/** Calls `onOpen` when the desktop shell opens a sweep file (menu, dialog, file argument, dropped file). */
export function useOpenSweepFileEvents(onOpen: (file: SweeplabEvents['open-sweep-file']) => void): void {
  const api = useApi()
  const latest = useRef(onOpen)
  latest.current = onOpen
  useEffect(() => api.subscribe((ev) => {
    if (ev.type === 'open-sweep-file') latest.current(ev.payload)
  }), [api])
}
