import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { TrialStatus } from '../../../shared/status.ts'
import type { NewSweep, NewTrial, Store } from './store-types.ts'

/** A fresh real folder per test (removed afterwards); returns a getter for its path. */
export function useTempDir(): () => string {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return () => dir
}

export function newSweep(over: Partial<NewSweep> = {}): NewSweep {
  return {
    name: 'lr-sweep',
    description: null,
    method: 'grid',
    specJson: '{}',
    specText: 'method: grid\n',
    specFile: null,
    metricName: 'loss',
    metricGoal: 'minimize',
    seed: 1,
    total: 4,
    workers: 2,
    enginePid: 123,
    createdAt: 1_000,
    ...over,
  }
}

export function newTrial(sweepId: number, index: number, over: Partial<NewTrial> = {}): NewTrial {
  return { sweepId, index, attempt: 1, params: { lr: 0.1 * (index + 1) }, seed: 7, createdAt: 2_000, ...over }
}

/** Inserts a trial and brings it to the given status (with an optional final `loss` value). */
export function endedTrial(store: Store, sweepId: number, index: number, status: TrialStatus, attempt = 1, finalValue?: number): number {
  const id = store.trials.insert(newTrial(sweepId, index, { attempt }))
  if (status === 'queued') return id
  store.trials.markRunning(id, { workerId: 1, startedAt: 3_000 })
  if (finalValue !== undefined) {
    store.metrics.insertMany([[id, 'loss', 1, finalValue, 3_500]])
    store.trials.refreshMetricSummary(id, 'loss', store.sweeps.get(sweepId)?.metricGoal ?? 'minimize')
  }
  if (status !== 'running') store.trials.finish(id, { status, endedAt: 4_000, durationMs: 1_000 })
  return id
}
