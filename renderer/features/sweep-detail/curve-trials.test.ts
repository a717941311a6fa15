import { describe, expect, it } from 'vitest'
import { makeTrial } from '../../testing/fake-transport.ts'
import { DEFAULT_CURVES, MAX_CURVES, pickCurveTrials } from './curve-trials.ts'

describe('pickCurveTrials', () => {
  const trials = Array.from({ length: 30 }, (_, i) => makeTrial({ id: i + 1, index: i, finalValue: (i * 7) % 30, startedAt: i }))
  const byId = new Map(trials.map((t) => [t.id, t]))

  it('shows the best of the filtered set when nothing is selected, respecting the goal', () => {
    const min = pickCurveTrials(trials, [], byId, 'minimize')
    expect(min.source).toBe('best')
    expect(min.trialIds).toHaveLength(DEFAULT_CURVES)
    expect(min.trialIds.map((id) => byId.get(id)!.finalValue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const max = pickCurveTrials(trials, [], byId, 'maximize')
    expect(byId.get(max.trialIds[0]!)!.finalValue).toBe(29)
  })

  it('shows the selected trials, best first, capped', () => {
    const sel = pickCurveTrials(trials, [5, 2, 9], byId, 'minimize')
    expect(sel).toEqual({ source: 'selected', sourceCount: 3, trialIds: [9, 2, 5].sort((a, b) => byId.get(a)!.finalValue! - byId.get(b)!.finalValue!) })
    const many = pickCurveTrials(trials, trials.map((t) => t.id), byId, 'minimize')
    expect(many.trialIds).toHaveLength(MAX_CURVES)
    expect(many.sourceCount).toBe(30)
  })

  it('tops up with running trials that have no value yet, newest first, and skips queued ones', () => {
    const young = [
      makeTrial({ id: 1, index: 0, status: 'running', finalValue: null, startedAt: 10 }),
      makeTrial({ id: 2, index: 1, status: 'running', finalValue: null, startedAt: 20 }),
      makeTrial({ id: 3, index: 2, status: 'completed', finalValue: 0.4, startedAt: 5 }),
      makeTrial({ id: 4, index: 3, status: 'queued', finalValue: null, startedAt: null }),
    ]
    expect(pickCurveTrials(young, [], new Map(young.map((t) => [t.id, t])), 'minimize').trialIds).toEqual([3, 2, 1])
  })

  it('ignores selected ids that are not in the sweep', () => {
    expect(pickCurveTrials(trials, [999], byId, 'minimize')).toEqual({ source: 'selected', sourceCount: 0, trialIds: [] })
  })
})
