import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from './open-store.ts'
import type { Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
let trialId: number
let sweepId: number
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  sweepId = store.sweeps.insert(newSweep())
  trialId = store.trials.insert(newTrial(sweepId, 0))
})
afterEach(() => store.close())

describe('artifact repo', () => {
  it('finds an artifact by id, as listed for its trial', () => {
    store.artifacts.insertMany([
      { trialId, kind: 'weights', name: 'model', path: '/w/trials/1/1/model', size: 2048, createdAt: 5 },
      { trialId, kind: 'samples', name: 'samples.json', path: '/w/trials/1/1/samples.json', size: 12, createdAt: 6 },
    ])
    const listed = store.artifacts.listByTrial(trialId)
    expect(listed.map((a) => a.name)).toEqual(['model', 'samples.json'])
    expect(store.artifacts.get(listed[1]!.id)).toEqual({
      id: listed[1]!.id, trialId, kind: 'samples', name: 'samples.json', path: '/w/trials/1/1/samples.json', size: 12, createdAt: 6, deletedAt: null,
    })
  })

  it('lists a sweep\'s artifacts and marks deleted ones once, keeping the rows', () => {
    store.artifacts.insertMany([
      { trialId, kind: 'weights', name: 'model', path: '/w/trials/1/1/model', size: 2048, createdAt: 5 },
      { trialId, kind: 'file', name: 'ckpt-1.pt', path: '/w/trials/1/1/ckpt-1.pt', size: 10, createdAt: 5 },
    ])
    const [model, ckpt] = store.artifacts.listBySweep(sweepId)
    store.artifacts.markDeleted([ckpt!.id], 100)
    store.artifacts.markDeleted([ckpt!.id], 200)
    expect(store.artifacts.listBySweep(sweepId).map((a) => [a.name, a.deletedAt])).toEqual([['model', null], ['ckpt-1.pt', 100]])
    expect(store.artifacts.get(model!.id)?.deletedAt).toBeNull()
    expect(store.artifacts.listBySweep(sweepId + 1)).toEqual([])
  })

  it('returns undefined for an unknown id', () => {
    expect(store.artifacts.get(12345)).toBeUndefined()
  })
})
