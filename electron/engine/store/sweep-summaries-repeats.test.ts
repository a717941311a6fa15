import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TrialStatus } from '../../../shared/status.ts'
import { openStore } from './open-store.ts'
import type { Store } from './store-types.ts'
import { newSweep, newTrial, useTempDir } from './test-helpers.ts'

const dir = useTempDir()
let store: Store
beforeEach(() => {
  store = openStore(join(dir(), 'workspace.db'))
})
afterEach(() => store.close())

/** A trial of a sweep with 2 repeats: search index = config * 2 + repeat. */
function repeatTrial(sweepId: number, config: number, repeat: number, status: TrialStatus, value?: number, attempt = 1): number {
  const id = store.trials.insert({ ...newTrial(sweepId, config * 2 + repeat, { attempt }), configIndex: config, repeat })
  if (status === 'queued') return id
  store.trials.markRunning(id, { workerId: 1, startedAt: 3_000 })
  if (value !== undefined) {
    store.metrics.insertMany([[id, 'loss', 1, value, 3_500]])
    store.trials.refreshMetricSummary(id, 'loss', store.sweeps.get(sweepId)!.metricGoal)
  }
  if (status !== 'running') store.trials.finish(id, { status, endedAt: 4_000, durationMs: 1_000 })
  return id
}

describe('sweep summaries with repeats', () => {
  it('stores config and repeat on the trial row', () => {
    const sweep = store.sweeps.insert(newSweep())
    const id = repeatTrial(sweep, 3, 1, 'completed', 2)
    expect(store.trials.get(id)).toMatchObject({ index: 7, configIndex: 3, repeat: 1 })
    const plain = store.trials.insert(newTrial(sweep, 8))
    expect(store.trials.get(plain)).not.toHaveProperty('configIndex')
  })

  it('ranks configs by the mean of their completed repeats, skipping configs with a repeat still running', () => {
    const sweep = store.sweeps.insert(newSweep({ total: 8 }))
    const a = repeatTrial(sweep, 0, 0, 'completed', 0.2)
    repeatTrial(sweep, 0, 1, 'completed', 0.6) // config 0: mean 0.4
    repeatTrial(sweep, 1, 0, 'completed', 0.1) // the best single trial,
    repeatTrial(sweep, 1, 1, 'completed', 0.9) // but config 1's mean is 0.5
    repeatTrial(sweep, 2, 0, 'completed', 0.05)
    repeatTrial(sweep, 2, 1, 'running') // config 2 not finished: not a candidate yet
    repeatTrial(sweep, 3, 0, 'failed')
    repeatTrial(sweep, 3, 1, 'completed', 0.45, 1)
    expect(store.sweeps.summary(sweep)).toMatchObject({ bestValue: 0.4, bestTrialId: a })
  })

  it('counts only the latest attempt of a repeat and leaves failed repeats out of the mean', () => {
    const sweep = store.sweeps.insert(newSweep({ total: 4, metricGoal: 'maximize' }))
    repeatTrial(sweep, 0, 0, 'completed', 0.9)
    repeatTrial(sweep, 0, 1, 'completed', 0.1, 1)
    repeatTrial(sweep, 0, 1, 'completed', 0.7, 2) // config 0: mean 0.8 over the latest attempts
    const b = repeatTrial(sweep, 1, 0, 'failed')
    repeatTrial(sweep, 1, 1, 'completed', 0.85) // config 1: mean 0.85 over its one completed repeat
    const s = store.sweeps.summary(sweep)!
    expect(s.bestValue).toBeCloseTo(0.85, 12)
    expect(s.bestTrialId).toBe(b)
    expect(s.done).toBe(4)
  })
})
