import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { newSweep, newTrial, useTempDir } from '../store/test-helpers.ts'
import { createSweepPruning, type SweepPruning } from './sweep-pruning.ts'

const dir = useTempDir()
let store: Store | undefined
afterEach(() => store?.close())

function open(earlyTerminate: unknown): { store: Store; sweepId: number } {
  store = openStore(join(dir(), 'workspace.db'))
  const spec = { method: 'grid', metric: { name: 'loss', goal: 'minimize' }, ...(earlyTerminate ? { early_terminate: earlyTerminate } : {}) }
  const sweepId = store.sweeps.insert(newSweep({ specJson: JSON.stringify(spec) }))
  return { store, sweepId }
}

const metric = { name: 'loss', goal: 'minimize' as const }

function pruningOf(r: ReturnType<typeof createSweepPruning>): SweepPruning {
  if (!('pruning' in r) || !r.pruning) throw new Error(`expected a pruner, got ${JSON.stringify(r)}`)
  return r.pruning
}

describe('a sweep\'s early termination', () => {
  it('is absent without early_terminate, and refuses one it cannot run', () => {
    const a = open(null)
    expect(createSweepPruning(a.store, a.sweepId, metric)).toEqual({ pruning: null })
    a.store.close()
    const b = open({ type: 'hyperband', max_iter: 27 })
    expect(createSweepPruning(b.store, b.sweepId, metric)).toEqual({ problem: expect.stringMatching(/needs s/) })
    expect(createSweepPruning(b.store, b.sweepId, null)).toEqual({ problem: expect.stringMatching(/needs a metric/) })
  })

  it('judges only the sweep metric, and starts from the curves already stored (resume)', () => {
    const { store: s, sweepId } = open({ type: 'hyperband', min_iter: 2, eta: 3 })
    // An earlier trial, finished before the engine restarted: its curve sets band 2's threshold (0.5).
    const old = s.trials.insert(newTrial(sweepId, 0))
    s.metrics.insertMany([[old, 'loss', 0, 1, 1], [old, 'loss', 1, 0.5, 2], [old, 'acc', 1, 0.9, 2]])
    const p = pruningOf(createSweepPruning(s, sweepId, metric))
    const running = new Set([7])
    expect(p.add(7, [['acc', 0, 0.1, 1]])).toBe(false)
    expect(p.add(7, [['loss', 0, 2, 1]])).toBe(true)
    expect(p.decide(running)).toEqual([])
    expect(p.add(7, [['loss', 1, 1.5, 2], ['acc', 1, 0.2, 2]])).toBe(true)
    expect(p.decide(running)).toEqual([expect.objectContaining({ trialId: 7, step: 1, iteration: 2 })])
  })
})
