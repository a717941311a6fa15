import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { newSweep, newTrial, useTempDir } from '../store/test-helpers.ts'
import { readBayesHistory } from './bayes-history.ts'

const dir = useTempDir()
let store: Store
let sweepId: number
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
  sweepId = store.sweeps.insert(newSweep())
})
afterEach(() => store.close())

describe('the trial history bayes reads', () => {
  it("adds a diverged trial's last finite value only when impute asks for latest", () => {
    const diverged = store.trials.insert(newTrial(sweepId, 0))
    store.metrics.insertMany([[diverged, 'loss', 0, 0.8, 1], [diverged, 'loss', 1, 0.6, 1], [diverged, 'loss', 2, null, 1]])
    store.trials.refreshMetricSummary(diverged, 'loss', 'minimize')
    store.trials.finish(diverged, { status: 'diverged', endedAt: 1, durationMs: 1, error: 'non-finite metric: loss=NaN at step 2' })
    const latest = readBayesHistory(store.trials, sweepId, { name: 'loss', goal: 'minimize', impute: 'latest' })
    expect(latest[0]).toMatchObject({ status: 'diverged', finalValue: null, bestValue: 0.6, lastFiniteValue: 0.6 })
    const worst = readBayesHistory(store.trials, sweepId, { name: 'loss', goal: 'minimize' })
    expect(worst[0]!.lastFiniteValue).toBeUndefined()
  })
})
