import { resolve } from 'node:path'
import type { CompareRef, CompareResult } from '../../shared/api/compare-types.ts'
import { alignSweeps, type CompareInput } from '../../shared/compare-sweeps.ts'
import { SweeplabError } from '../../shared/errors.ts'
import { openStore } from './store/open-store.ts'
import type { Store } from './store/store-types.ts'

/**
 * Reads the compared sweeps, from the open workspace or from other workspace files. Another file is
 * opened read-only for this call only (never migrated or written) and closed before returning.
 */
export function compareWorkspaceSweeps(own: { store: Store; dbPath: string }, refs: ReadonlyArray<CompareRef>): CompareResult {
  const others = new Map<string, Store>()
  try {
    const inputs: CompareInput[] = refs.map((ref) => {
      const path = ref.workspace === undefined ? own.dbPath : resolve(ref.workspace)
      const isOwn = path === own.dbPath
      let store = own.store
      if (!isOwn) {
        store = others.get(path) ?? openStore(path, { readonly: true })
        others.set(path, store)
      }
      const row = store.sweeps.get(ref.sweepId)
      const summary = store.sweeps.summary(ref.sweepId)
      if (!row || !summary) throw new SweeplabError('sweep/not-found', `no sweep with id ${ref.sweepId} in ${path}`)
      return {
        sweepId: row.id, workspace: isOwn ? null : path, name: row.name, method: row.method, status: summary.status,
        metricName: row.metricName, metricGoal: row.metricGoal, spec: JSON.parse(row.specJson) as unknown,
        trials: store.trials.listBySweep(row.id),
      }
    })
    const seen = new Set<string>()
    for (const i of inputs) {
      const key = `${i.workspace ?? ''}\u0000${i.sweepId}`
      if (seen.has(key)) throw new SweeplabError('usage', `sweep ${i.sweepId}${i.workspace ? ` of ${i.workspace}` : ''} is listed twice; compare different sweeps`)
      seen.add(key)
    }
    return alignSweeps(inputs)
  } finally {
    for (const s of others.values()) s.close()
  }
}
