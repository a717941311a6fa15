import { describe, expect, it } from 'vitest'
import type { TrialStatus } from '../../../shared/status.ts'
import { recencyWeights, splitHistory } from './tpe-history.ts'
import type { TrialRecord } from './tpe-history.ts'

function trial(index: number, status: TrialStatus, finalValue: number | null, attempt = 1): TrialRecord {
  return { index, attempt, status, params: { x: index }, finalValue }
}

const indexes = (obs: ReadonlyArray<{ index: number }>): number[] => obs.map((o) => o.index)

describe('TPE history split', () => {
  it('ranks completed trials by the metric and puts the best gamma fraction (at least one) in good', () => {
    const records = [trial(0, 'completed', 5), trial(1, 'completed', 1), trial(2, 'completed', 3), trial(3, 'completed', 2), trial(4, 'completed', 4)]
    const split = splitHistory(records, 'minimize', 0.4, 99)
    expect(indexes(split.good)).toEqual([1, 3])
    expect(indexes(split.bad)).toEqual([0, 2, 4])
    expect(split.scored).toBe(5)
    expect(indexes(splitHistory(records, 'minimize', 0.01, 99).good)).toEqual([1])
  })

  it('follows metric.goal: maximize ranks the largest first', () => {
    const records = [trial(0, 'completed', 5), trial(1, 'completed', 1), trial(2, 'completed', 3)]
    expect(indexes(splitHistory(records, 'maximize', 0.3, 99).good)).toEqual([0])
  })

  it('ranks pruned and timed-out trials after every completed one, by their last value', () => {
    const records = [trial(0, 'pruned', -100), trial(1, 'completed', 10), trial(2, 'timeout', -50), trial(3, 'completed', 20)]
    const split = splitHistory(records, 'minimize', 0.75, 99)
    // Ranking: 1, 3 (completed), then 0, 2 (pruned by value): the best 3 are good.
    expect(indexes(split.good)).toEqual([0, 1, 3])
    expect(indexes(split.bad)).toEqual([2])
  })

  it('counts running and queued trials (constant liar) and diverged ones as bad, never good', () => {
    const records = [trial(0, 'completed', 1), trial(1, 'completed', 2), trial(2, 'running', null), trial(3, 'queued', null), trial(4, 'diverged', null), trial(5, 'pruned', null)]
    const split = splitHistory(records, 'minimize', 0.9, 99)
    expect(indexes(split.good)).toEqual([0, 1])
    expect(indexes(split.bad)).toEqual([2, 3, 4, 5])
    expect(split.scored).toBe(2)
  })

  it('leaves out cancelled and interrupted trials, and completed ones without a value', () => {
    const records = [trial(2, 'cancelled', 0), trial(3, 'interrupted', 0), trial(4, 'completed', null), trial(5, 'completed', 7)]
    const split = splitHistory(records, 'minimize', 0.5, 99)
    expect(indexes([...split.good, ...split.bad])).toEqual([5])
  })

  it("impute: worst (W&B's default) counts failed, crashed and diverged trials as bad, whatever they reported", () => {
    const records = [trial(0, 'failed', -100), trial(1, 'crashed', null), trial(2, 'diverged', null), trial(3, 'completed', 2), trial(4, 'completed', 1)]
    for (const split of [splitHistory(records, 'minimize', 0.2, 99), splitHistory(records, 'minimize', 0.2, 99, { impute: 'worst', whileRunning: 'false' })]) {
      expect(indexes(split.good)).toEqual([4])
      expect(indexes(split.bad)).toEqual([0, 1, 2, 3])
      expect(split.scored).toBe(2)
    }
  })

  it('impute: best ranks a failed or diverged trial by its best value like a completed one; none left is bad', () => {
    const records = [
      { ...trial(0, 'diverged', null), bestValue: 0.5 },
      { ...trial(1, 'failed', 9), bestValue: 3 },
      { ...trial(2, 'crashed', null), bestValue: null },
      trial(3, 'completed', 1),
      trial(4, 'completed', 2),
    ]
    const split = splitHistory(records, 'minimize', 0.4, 99, { impute: 'best', whileRunning: 'false' })
    // Ranked: 0 (0.5), 3 (1), 4 (2), 1 (3); 5 in all with the unscored crash, so the best 2 are good.
    expect(indexes(split.good)).toEqual([0, 3])
    expect(indexes(split.bad)).toEqual([1, 2, 4])
    expect(split.scored).toBe(4)
  })

  it('impute: latest uses the last finite value: the final one, else the last before the metric went non-finite', () => {
    const records = [
      { ...trial(0, 'failed', 4), bestValue: 0.1 },
      { ...trial(1, 'diverged', null), bestValue: 0.2, lastFiniteValue: 0.3 },
      trial(2, 'completed', 1),
    ]
    const split = splitHistory(records, 'maximize', 0.3, 99, { impute: 'latest', whileRunning: 'false' })
    // maximize: 0 (4) beats 2 (1) beats 1 (0.3).
    expect(indexes(split.good)).toEqual([0])
    expect(indexes(split.bad)).toEqual([1, 2])
    expect(split.scored).toBe(3)
  })

  it('impute_while_running ranks a running trial by its value so far instead of counting it as a liar', () => {
    const records = [{ ...trial(0, 'running', 5), bestValue: 0.1 }, trial(1, 'running', null), trial(2, 'completed', 1), trial(3, 'completed', 2)]
    expect(indexes(splitHistory(records, 'minimize', 0.2, 99).bad)).toEqual([0, 1, 3])
    const best = splitHistory(records, 'minimize', 0.2, 99, { impute: 'worst', whileRunning: 'best' })
    expect(indexes(best.good)).toEqual([0])
    expect(indexes(best.bad)).toEqual([1, 2, 3])
    const latest = splitHistory(records, 'minimize', 0.2, 99, { impute: 'worst', whileRunning: 'latest' })
    expect(indexes(latest.good)).toEqual([2])
    expect(latest.scored).toBe(3)
  })

  it("uses only a trial's latest attempt and never the index being suggested", () => {
    const records = [trial(0, 'failed', null, 1), trial(0, 'completed', 3, 2), trial(1, 'completed', 1), trial(2, 'running', null)]
    const split = splitHistory(records, 'minimize', 0.5, 2)
    expect(indexes(split.good)).toEqual([1])
    expect(indexes(split.bad)).toEqual([0])
  })

  it('returns both sides in index order', () => {
    const records = [trial(4, 'completed', 1), trial(2, 'completed', 2), trial(0, 'completed', 0), trial(3, 'completed', 9), trial(1, 'running', null)]
    const split = splitHistory(records, 'minimize', 0.4, 99)
    expect(indexes(split.good)).toEqual([0, 4])
    expect(indexes(split.bad)).toEqual([1, 2, 3])
  })
})

describe('TPE recency weights', () => {
  it("weighs the newest 25 observations 1 and ramps older ones from 1/n, like Optuna's default_weights", () => {
    expect(recencyWeights(3)).toEqual([1, 1, 1])
    const w = recencyWeights(30)
    expect(w).toHaveLength(30)
    // numpy.linspace(1/30, 1, 5) then 25 ones.
    expect(w.slice(0, 5)).toEqual([1 / 30, 1 / 30 + (29 / 30) / 4, 1 / 30 + (29 / 30) / 2, 1 / 30 + (3 * 29 / 30) / 4, 1].map((x) => expect.closeTo(x, 12)))
    expect(w.slice(5)).toEqual(Array(25).fill(1))
    expect(recencyWeights(26)[0]).toBeCloseTo(1 / 26, 12)
  })
})
