import { describe, expect, it } from 'vitest'
import type { SweepTiming } from './api/types.ts'
import { describeEta, estimateSweepEta, formatEtaDuration } from './eta.ts'

const NOW = 1_000_000_000
const timing = (over: Partial<SweepTiming> = {}): SweepTiming => ({ finished: 4, meanMs: 60_000, sdMs: 0, runningSince: [], concurrency: 2, ...over })

describe('estimateSweepEta', () => {
  it('spreads the remaining trials over the lanes: 10 trials of a minute on 2 lanes take 5 minutes', () => {
    const eta = estimateSweepEta({ status: 'running', total: 14, done: 4, timing: timing(), now: NOW })
    expect(eta).toMatchObject({ kind: 'estimate', remainingMs: 300_000, lowMs: 300_000, highMs: 300_000, finishAt: NOW + 300_000, basedOn: 4 })
  })

  it('counts what running trials have done already', () => {
    // Two trials 40 s into a 60 s mean and two more to start: (20 + 20 + 60 + 60) / 2 lanes = 80 s.
    const eta = estimateSweepEta({ status: 'running', total: 8, done: 4, timing: timing({ runningSince: [NOW - 40_000, NOW - 40_000] }), now: NOW })
    expect(eta).toMatchObject({ kind: 'estimate', remainingMs: 80_000 })
  })

  it('never ends before its longest running trial, nor before one more full trial when some wait', () => {
    const lastOne = estimateSweepEta({ status: 'running', total: 5, done: 4, timing: timing({ concurrency: 4, runningSince: [NOW - 10_000] }), now: NOW })
    expect(lastOne).toMatchObject({ remainingMs: 50_000 })
    const wide = estimateSweepEta({ status: 'running', total: 6, done: 4, timing: timing({ concurrency: 8 }), now: NOW })
    expect(wide).toMatchObject({ remainingMs: 60_000 })
  })

  it('widens its 90% band with the spread of durations and with few finished trials', () => {
    const sure = estimateSweepEta({ status: 'running', total: 104, done: 4, timing: timing({ finished: 100, sdMs: 10_000 }), now: NOW })
    const unsure = estimateSweepEta({ status: 'running', total: 104, done: 4, timing: timing({ finished: 4, sdMs: 10_000 }), now: NOW })
    if (sure.kind !== 'estimate' || unsure.kind !== 'estimate') throw new Error('expected estimates')
    expect(sure.lowMs).toBeLessThan(sure.remainingMs)
    expect(sure.highMs).toBeGreaterThan(sure.remainingMs)
    expect(unsure.highMs - unsure.lowMs).toBeGreaterThan(2 * (sure.highMs - sure.lowMs))
    // One finished trial: no spread to measure, so the band is as wide as a trial.
    const one = estimateSweepEta({ status: 'running', total: 3, done: 1, timing: timing({ finished: 1, sdMs: null, concurrency: 1 }), now: NOW })
    expect(one.kind === 'estimate' && one.highMs - one.remainingMs).toBeGreaterThan(60_000)
  })

  it('says when there is no end or nothing to go on', () => {
    expect(estimateSweepEta({ status: 'running', total: null, done: 9, timing: timing(), now: NOW })).toEqual({ kind: 'unbounded' })
    expect(estimateSweepEta({ status: 'running', total: 9, done: 0, timing: timing({ finished: 0, meanMs: null }), now: NOW })).toEqual({ kind: 'unknown', reason: 'no trial has finished yet' })
    expect(estimateSweepEta({ status: 'completed', total: 9, done: 9, timing: timing(), now: NOW })).toEqual({ kind: 'not-running' })
  })
})

describe('describeEta', () => {
  it('prints the estimate with its band, or why there is none', () => {
    expect(describeEta({ kind: 'estimate', finishAt: 0, remainingMs: 750_000, lowMs: 480_000, highMs: 1_020_000, basedOn: 5 })).toBe('~12m 30s (8m–17m)')
    expect(describeEta({ kind: 'unbounded' })).toBe('no end (random search without run_cap)')
    expect(describeEta({ kind: 'unknown', reason: 'no trial has finished yet' })).toBe('? (no trial has finished yet)')
    expect(formatEtaDuration(7_500_000)).toBe('2h 5m')
    expect(formatEtaDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h')
  })
})
