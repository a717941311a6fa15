import { describe, expect, it } from 'vitest'
import { QueryClient, type QueryKey } from '@tanstack/react-query'
import { makeTrial } from '../testing/fake-transport.ts'
import { applyEngineEvent } from './apply-engine-event.ts'
import { queryKeys } from './query-keys.ts'
import type { ThrottledInvalidator } from './throttled-invalidator.ts'

function recorder(): ThrottledInvalidator & { marked: QueryKey[] } {
  const marked: QueryKey[] = []
  return { marked, mark: (k) => void marked.push(k), markWhere: () => {}, dispose: () => {} }
}

describe('applyEngineEvent: trial-updated and artifacts', () => {
  it('re-reads a shown artifact list when an ended trial changes (checkpoint retention deleted files)', () => {
    const qc = new QueryClient()
    qc.setQueryData(queryKeys.artifacts(7), [])
    const inv = recorder()
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 7, status: 'completed' }) } }, inv)
    expect(inv.marked).toContainEqual(queryKeys.artifacts(7))
  })

  it('leaves artifact lists alone for running trials and for lists nobody loaded', () => {
    const qc = new QueryClient()
    qc.setQueryData(queryKeys.artifacts(7), [])
    const inv = recorder()
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 7, status: 'running' }) } }, inv)
    applyEngineEvent(qc, { type: 'trial-updated', payload: { trial: makeTrial({ id: 8, status: 'completed' }) } }, inv)
    expect(inv.marked.filter((k) => k[0] === 'getArtifacts')).toEqual([])
  })
})
