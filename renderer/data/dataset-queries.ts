import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AddDatasetArgs } from '../../shared/dataset-spec.ts'
import { useApi } from '../api/api-context.tsx'
import { queryKeys } from './query-keys.ts'

// Datasets change only through addDataset (here or `sweeplab data add`), so nothing polls; a
// dataset added from a terminal shows up on the next visit of the screen (staleTime 0).

export function useDatasets() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.datasets(), queryFn: () => api.listDatasets({}), staleTime: 0 })
}

/** Built-ins and every registered version of every dataset (newest version first per name). */
export function useDatasetVersions() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.datasetVersions(), queryFn: () => api.listDatasets({ allVersions: true }), staleTime: 0 })
}

/** A dataset with its report; `version` undefined means the latest. */
export function useDataset(name: string | undefined, version?: number) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.dataset(name ?? '', version),
    queryFn: () => api.getDataset(version === undefined ? { name: name! } : { name: name!, version }),
    enabled: !!name,
    // A built-in's report is computed on demand; an imported version never changes.
    staleTime: version === undefined ? 0 : Infinity,
    retry: false,
  })
}

export function useAddDataset() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (args: AddDatasetArgs) => api.addDataset(args),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.dataset(detail.name), detail)
      if (detail.version !== null) qc.setQueryData(queryKeys.dataset(detail.name, detail.version), detail)
      void qc.invalidateQueries({ queryKey: queryKeys.datasets() })
      void qc.invalidateQueries({ queryKey: queryKeys.datasetVersions() })
    },
  })
}
