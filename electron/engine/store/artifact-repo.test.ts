import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from './open-store.ts'
import type { Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
let trialId: number
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  trialId = store.trials.insert(newTrial(store.sweeps.insert(newSweep()), 0))
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
      id: listed[1]!.id, trialId, kind: 'samples', name: 'samples.json', path: '/w/trials/1/1/samples.json', size: 12, createdAt: 6,
    })
  })

  it('returns undefined for an unknown id', () => {
    expect(store.artifacts.get(12345)).toBeUndefined()
  })
})
