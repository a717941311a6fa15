import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { pickBestTrial, requireBestTrial } from './pick-best.ts'
import { makeTrial } from './trial-fixture.ts'

describe('pickBestTrial', () => {
  const trials = [
    makeTrial({ id: 1, finalValue: 0.5 }),
    makeTrial({ id: 2, finalValue: 0.2, status: 'failed' }),
    makeTrial({ id: 3, finalValue: 0.3 }),
    makeTrial({ id: 4, finalValue: null }),
    makeTrial({ id: 5, finalValue: 0.9 }),
    makeTrial({ id: 6, finalValue: 0.1, status: 'pruned' }),
  ]

  it('takes the lowest final value of completed trials when minimizing', () => {
    expect(pickBestTrial(trials, 'minimize')?.id).toBe(3)
  })

  it('takes the highest when maximizing', () => {
    expect(pickBestTrial(trials, 'maximize')?.id).toBe(5)
  })

  it('breaks ties by the lower trial id whatever the order', () => {
    const tied = [makeTrial({ id: 9, finalValue: 0.3 }), makeTrial({ id: 7, finalValue: 0.3 }), makeTrial({ id: 8, finalValue: 0.3 })]
    expect(pickBestTrial(tied, 'minimize')?.id).toBe(7)
    expect(pickBestTrial(tied, 'maximize')?.id).toBe(7)
  })

  it('returns undefined when no completed trial has a value', () => {
    expect(pickBestTrial([makeTrial({ id: 1, finalValue: null }), makeTrial({ id: 2, status: 'running', finalValue: 1 })], 'minimize')).toBeUndefined()
  })
})

describe('requireBestTrial', () => {
  it('throws sweep/no-finished-trials naming the sweep and metric', () => {
    try {
      requireBestTrial([], 'minimize', { id: 4, metricName: 'val_loss' })
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe('sweep/no-finished-trials')
      expect((e as Error).message).toBe('sweep 4 has no completed trial with a value for val_loss yet')
    }
  })

  it('says how to fix a sweep without a metric', () => {
    expect(() => requireBestTrial([], 'minimize', { id: 4, metricName: null })).toThrow(/add "metric: \{name, goal\}"/)
  })
})
