import { describe, expect, it } from 'vitest'
import { makeTrial } from '../../testing/fake-transport.ts'
import { sortTrials, trialDuration } from './trial-sort.ts'

const trials = [
  makeTrial({ id: 1, index: 0, status: 'completed', params: { opt: 'sgd', lr: 0.1 }, finalValue: 0.5, startedAt: 0, endedAt: 5000 }),
  makeTrial({ id: 2, index: 1, status: 'running', params: { opt: 'adam', lr: 0.01 }, finalValue: null, startedAt: 1000, endedAt: null }),
  makeTrial({ id: 3, index: 2, status: 'failed', params: { opt: 'adamw' }, finalValue: 0.2, startedAt: 0, endedAt: 1000 }),
  makeTrial({ id: 4, index: 3, status: 'queued', params: { opt: 'adam', lr: 1 }, finalValue: 0.9, startedAt: null, endedAt: null }),
]
const ids = (ts: { id: number }[]) => ts.map((t) => t.id)

describe('sortTrials', () => {
  it('sorts by the final metric either way with missing values last both times', () => {
    expect(ids(sortTrials(trials, { key: 'final', dir: 'asc' }, 0))).toEqual([3, 1, 4, 2])
    expect(ids(sortTrials(trials, { key: 'final', dir: 'desc' }, 0))).toEqual([4, 1, 3, 2])
  })

  it('sorts by a parameter, categories in natural order, a missing parameter last', () => {
    expect(ids(sortTrials(trials, { key: 'param:opt', dir: 'asc' }, 0))).toEqual([2, 4, 3, 1])
    expect(ids(sortTrials(trials, { key: 'param:lr', dir: 'desc' }, 0))).toEqual([4, 1, 2, 3])
  })

  it('sorts by status in lifecycle order and by duration (running trials up to now)', () => {
    expect(ids(sortTrials(trials, { key: 'status', dir: 'asc' }, 0))).toEqual([4, 2, 1, 3])
    expect(ids(sortTrials(trials, { key: 'duration', dir: 'desc' }, 10_000))).toEqual([2, 1, 3, 4])
    expect(trialDuration(trials[1]!, 10_000)).toBe(9000)
    expect(trialDuration(trials[3]!, 10_000)).toBeNull()
  })

  it('breaks ties by sweep order, so live re-sorts do not shuffle rows', () => {
    const tied = [makeTrial({ id: 9, index: 5, finalValue: 1 }), makeTrial({ id: 8, index: 2, finalValue: 1 })]
    expect(ids(sortTrials(tied, { key: 'final', dir: 'desc' }, 0))).toEqual([8, 9])
  })
})
