import { describe, expect, it } from 'vitest'
import { aggregateRepeats, meanStd, repeatOf } from './config-stats.ts'
import type { RepeatRun } from './config-stats.ts'

const run = (repeat: number, status: RepeatRun['status'], value: number | null, attempt = 1): RepeatRun => ({ repeat, attempt, status, value })

describe('aggregateRepeats', () => {
  it('is the mean and sample standard deviation of the completed repeats', () => {
    const s = aggregateRepeats([run(0, 'completed', 1), run(1, 'completed', 2), run(2, 'completed', 6)])
    expect(s.status).toBe('completed')
    expect(s.mean).toBe(3)
    expect(s.std).toBeCloseTo(Math.sqrt(7), 12)
    expect(s.n).toBe(3)
  })

  it('leaves failed, diverged and pruned repeats out of the mean, and n says how many count', () => {
    const s = aggregateRepeats([run(0, 'completed', 4), run(1, 'failed', null), run(2, 'diverged', null), run(3, 'pruned', 100), run(4, 'completed', 2)])
    expect(s).toEqual({ status: 'completed', mean: 3, std: Math.SQRT2, n: 2 })
  })

  it('counts only the latest attempt of each repeat', () => {
    const s = aggregateRepeats([run(0, 'failed', null, 1), run(0, 'completed', 5, 2), run(1, 'completed', 1, 2), run(1, 'completed', 100, 1)])
    expect(s).toEqual({ status: 'completed', mean: 3, std: Math.sqrt(8), n: 2 })
  })

  it('is running while a repeat runs, with the mean so far', () => {
    expect(aggregateRepeats([run(0, 'completed', 2), run(1, 'running', 9), run(2, 'queued', null)])).toEqual({ status: 'running', mean: 2, std: null, n: 1 })
    expect(aggregateRepeats([run(0, 'queued', null)])).toEqual({ status: 'queued', mean: null, std: null, n: 0 })
  })

  it('falls back to pruned repeats with a value, then to the most telling status', () => {
    expect(aggregateRepeats([run(0, 'pruned', 3), run(1, 'pruned', 5), run(2, 'failed', null)])).toMatchObject({ status: 'pruned', mean: 4, n: 2 })
    expect(aggregateRepeats([run(0, 'failed', null), run(1, 'diverged', null)])).toEqual({ status: 'diverged', mean: null, std: null, n: 0 })
    expect(aggregateRepeats([run(0, 'crashed', null), run(1, 'failed', null)])).toMatchObject({ status: 'failed', n: 0 })
  })

  it('never lets a non-finite value into the mean', () => {
    expect(aggregateRepeats([run(0, 'completed', Infinity), run(1, 'completed', 1)])).toEqual({ status: 'completed', mean: 1, std: null, n: 1 })
  })
})

describe('meanStd', () => {
  it('has no spread below two values', () => {
    expect(meanStd([])).toEqual({ mean: null, std: null, n: 0 })
    expect(meanStd([7])).toEqual({ mean: 7, std: null, n: 1 })
    expect(meanStd([1, 1])).toEqual({ mean: 1, std: 0, n: 2 })
  })
})

describe('repeatOf', () => {
  it('splits a search index into config and repeat', () => {
    expect([0, 1, 2, 3, 7].map((i) => repeatOf(i, 3))).toEqual([
      { configIndex: 0, repeat: 0 }, { configIndex: 0, repeat: 1 }, { configIndex: 0, repeat: 2 }, { configIndex: 1, repeat: 0 }, { configIndex: 2, repeat: 1 },
    ])
  })
})
