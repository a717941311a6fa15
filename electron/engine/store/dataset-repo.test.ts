import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { openStore } from './open-store.ts'
import type { NewDataset, Store } from './store-types.ts'
import { useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
})
afterEach(() => store.close())

function newDataset(over: Partial<NewDataset> = {}): NewDataset {
  return {
    name: 'reviews',
    version: 1,
    sourcePath: '/home/u/reviews.csv',
    storedPath: '/ws/datasets/reviews-v1.csv',
    format: 'csv',
    contentHash: 'ab'.repeat(32),
    bytes: 1234,
    rows: 10,
    columns: ['text', 'label'],
    textColumn: 'text',
    labelColumn: 'label',
    report: { rows: 10, pii: { EMAIL: 2 } },
    createdAt: 5_000,
    ...over,
  }
}

describe('dataset repo', () => {
  it('round-trips a dataset with its JSON columns', () => {
    const d = newDataset()
    const id = store.datasets.insert(d)
    expect(store.datasets.get(id)).toEqual({ ...d, id })
    expect(store.datasets.getByName('reviews')).toEqual({ ...d, id })
    expect(store.datasets.getByName('other')).toBeUndefined()
  })

  it('keeps several versions of a name and lists only the latest of each', () => {
    store.datasets.insert(newDataset())
    expect(store.datasets.nextVersion('reviews')).toBe(2)
    store.datasets.insert(newDataset({ version: 2, rows: 12 }))
    store.datasets.insert(newDataset({ name: 'abc', textColumn: null, labelColumn: null }))
    expect(store.datasets.list().map((d) => [d.name, d.version])).toEqual([['abc', 1], ['reviews', 2]])
    expect(store.datasets.getByName('reviews', 1)?.rows).toBe(10)
    expect(store.datasets.getByName('reviews')?.rows).toBe(12)
    expect(store.datasets.nextVersion('new')).toBe(1)
  })

  it('refuses a second row for the same name and version', () => {
    store.datasets.insert(newDataset())
    try {
      store.datasets.insert(newDataset())
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe('dataset/exists')
      expect((e as Error).message).toBe('dataset "reviews" version 1 already exists')
    }
  })
})
