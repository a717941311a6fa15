import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RetrainInfo, SweepEnvironment } from '../../../shared/sweep-provenance.ts'
import { openStore } from './open-store.ts'
import type { Store } from './store-types.ts'
import { newSweep, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
})
afterEach(() => store.close())

const ENV: SweepEnvironment = {
  sweeplabVersion: '0.1.0', node: '24.21.0', os: 'linux 6 x64', capturedAt: 7,
  git: { folder: '/p', state: 'dirty', commit: 'a'.repeat(40), branch: 'main', changedFiles: 2, detail: 'commit aaaa on main, dirty: 2 changed or untracked files' },
}

function retrainOf(parentSweepId: number): RetrainInfo {
  return {
    parentSweepId, parentName: 'p', oldDataset: 'd@1', newDataset: 'd@2', top: 1, seeds: 1, metric: { name: 'loss', goal: 'minimize' },
    configs: [{ rank: 1, parentTrialId: 3, params: { lr: 0.1 }, seed: 4, oldValue: 0.5 }],
  }
}

describe('sweep provenance (migration 0008)', () => {
  it('stores and reads back the dataset, retrain and environment; older sweeps have none', () => {
    const parent = store.sweeps.insert(newSweep())
    const child = store.sweeps.insert(newSweep())
    const legacy = store.sweeps.insert(newSweep())
    store.provenance.insert({ sweepId: parent, dataset: { kind: 'registered', name: 'd', version: 1, contentHash: 'h' }, retrain: null, environment: ENV })
    store.provenance.insert({ sweepId: child, dataset: { kind: 'registered', name: 'd', version: 2, contentHash: 'h2' }, retrain: retrainOf(parent), environment: { ...ENV, git: null } })
    expect(store.provenance.get(parent)).toEqual({ sweepId: parent, dataset: { kind: 'registered', name: 'd', version: 1, contentHash: 'h' }, parentSweepId: null, retrain: null, environment: ENV })
    expect(store.provenance.get(child)).toMatchObject({ parentSweepId: parent, retrain: retrainOf(parent), environment: { git: null } })
    expect(store.provenance.get(legacy)).toBeUndefined()
    expect(store.provenance.children(parent)).toEqual([child])
  })

  it('deleting the parent unlinks the retrain but keeps what it copied; deleting a sweep removes its row', () => {
    const parent = store.sweeps.insert(newSweep())
    const child = store.sweeps.insert(newSweep())
    store.provenance.insert({ sweepId: parent, dataset: null, retrain: null, environment: ENV })
    store.provenance.insert({ sweepId: child, dataset: null, retrain: retrainOf(parent), environment: ENV })
    store.sweeps.delete(parent)
    expect(store.provenance.get(parent)).toBeUndefined()
    expect(store.provenance.get(child)).toMatchObject({ parentSweepId: null, retrain: { parentSweepId: parent, configs: [{ oldValue: 0.5 }] } })
    store.sweeps.delete(child)
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM sweep_provenance').get()).toEqual({ n: 0 })
  })

  it('a row for a sweep that does not exist is refused (foreign key)', () => {
    expect(() => store.provenance.insert({ sweepId: 999, dataset: null, retrain: null, environment: ENV })).toThrow(/FOREIGN KEY/)
  })
})
