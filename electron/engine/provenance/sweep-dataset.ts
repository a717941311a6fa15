import { formatDatasetRef } from '../../../shared/dataset-spec.ts'
import type { SweepDataset } from '../../../shared/sweep-provenance.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { normalizeDatasetSpec } from '../data/dataset-config.ts'
import { resolveDatasetSource, type DatasetContext } from '../data/resolve-source.ts'
import type { DatasetRepo } from '../store/store-types.ts'

/**
 * The dataset a new sweep will train on, and its spec with a registered dataset pinned to that
 * version: `dataset: reviews` (the latest) is stored as `reviews@3`, so a version imported later
 * never changes what the sweep's remaining or resumed trials read.
 */
export function pinSweepDataset(spec: SweepSpec, ctx: DatasetContext, datasets: Pick<DatasetRepo, 'getByName'>): { spec: SweepSpec; dataset: SweepDataset | null } {
  if (spec.dataset === undefined) return { spec, dataset: null }
  const config = normalizeDatasetSpec(spec.dataset)
  const src = resolveDatasetSource(config, ctx)
  if (src.kind !== 'registered' || src.version === null) {
    return { spec, dataset: { kind: src.kind, name: src.kind === 'file' ? src.path : src.name, version: null, contentHash: null } }
  }
  const row = datasets.getByName(src.name, src.version)
  const dataset: SweepDataset = { kind: 'registered', name: src.name, version: src.version, contentHash: row?.contentHash ?? null }
  const pinned = typeof spec.dataset === 'string' ? formatDatasetRef(src.name, src.version) : { ...spec.dataset, version: src.version }
  return { spec: { ...spec, dataset: pinned }, dataset }
}

/** `reviews@3`, `spam` or a file path: how reports and the CLI name a sweep's dataset. */
export function describeSweepDataset(d: SweepDataset | null): string | null {
  return d === null ? null : formatDatasetRef(d.name, d.version)
}
