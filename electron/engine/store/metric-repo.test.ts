import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from './open-store.ts'
import type { MetricPointRow, Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
let sweepId: number
let t1: number
let t2: number
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  sweepId = store.sweeps.insert(newSweep())
  t1 = store.trials.insert(newTrial(sweepId, 0))
  t2 = store.trials.insert(newTrial(sweepId, 1))
})
afterEach(() => store.close())

const points = (trialId: number, n: number, name = 'loss', from = 0): MetricPointRow[] =>
  Array.from({ length: n }, (_, i) => [trialId, name, from + i, 1 / (from + i + 1), 1_000 + from + i] as const)

describe('metric repo', () => {
  it('stores every point and never doubles one on a re-send', () => {
    const n = 307
    expect(store.metrics.insertMany(points(t1, n))).toBe(n)
    // A resumed trial re-sends steps it already reported, with different values: the stored ones win.
    const resent = points(t1, n + 50).map(([t, name, step, , w]) => [t, name, step, 42, w] as const)
    expect(store.metrics.insertMany(resent)).toBe(50)
    expect(store.metrics.count(t1)).toBe(n + 50)
    expect(store.db.prepare('SELECT value FROM metrics WHERE trial_id = ? AND step = 0').get(t1)).toEqual({ value: 1 })
  })

  it('stores NaN as NULL and returns non-finite values as null', () => {
    store.metrics.insertMany([[t1, 'loss', 0, NaN, 1], [t1, 'loss', 1, Infinity, 2], [t1, 'loss', 2, null, 3], [t1, 'loss', 3, -0.5, 4]])
    expect(store.db.prepare('SELECT value FROM metrics WHERE trial_id = ? ORDER BY step').all(t1)).toEqual([
      { value: null }, { value: Infinity }, { value: null }, { value: -0.5 },
    ])
    expect(store.metrics.series([t1], 'loss')[0]?.values).toEqual([null, null, null, -0.5])
  })

  it('lists the metric names of a sweep once each', () => {
    store.metrics.insertMany([...points(t1, 3, 'loss'), ...points(t1, 2, 'acc'), ...points(t2, 2, 'val/loss'), ...points(t2, 2, 'acc')])
    const other = store.trials.insert(newTrial(store.sweeps.insert(newSweep()), 0))
    store.metrics.insertMany(points(other, 2, 'elsewhere'))
    expect(store.metrics.names(sweepId)).toEqual(['acc', 'loss', 'val/loss'])
  })

  it('returns one series per requested trial in request order, full when short', () => {
    store.metrics.insertMany([...points(t1, 5), ...points(t2, 3), ...points(t2, 3, 'acc')])
    const [a, b, none] = store.metrics.series([t2, t1, 9_999], 'loss')
    expect(b).toEqual({ trialId: t1, name: 'loss', steps: [0, 1, 2, 3, 4], values: [1, 1 / 2, 1 / 3, 1 / 4, 1 / 5], wallTimes: [1000, 1001, 1002, 1003, 1004], totalPoints: 5 })
    expect(a?.steps).toEqual([0, 1, 2])
    expect(none).toEqual({ trialId: 9_999, name: 'loss', steps: [], values: [], wallTimes: [], totalPoints: 0 })
  })

  it('downsamples long series to maxPoints, keeping the first and last step', () => {
    store.metrics.insertMany([...points(t1, 5_000), ...points(t2, 300)])
    const [a, b] = store.metrics.series([t1, t2], 'loss', 200)
    expect(a?.totalPoints).toBe(5_000)
    expect(a?.steps).toHaveLength(200)
    expect(a?.values).toHaveLength(200)
    expect(a?.wallTimes).toHaveLength(200)
    expect([a?.steps[0], a?.steps.at(-1)]).toEqual([0, 4_999])
    expect(b?.steps).toHaveLength(200)
    expect(store.metrics.series([t1], 'loss')[0]?.steps).toHaveLength(1_000) // the default cap
  })
})
