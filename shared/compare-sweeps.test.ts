import { describe, expect, it } from 'vitest'
import type { TrialSummary } from './api/types.ts'
import { alignSweeps, type CompareInput } from './compare-sweeps.ts'

let id = 1
function trial(index: number, params: Record<string, unknown>, finalValue: number | null, o: Partial<TrialSummary> = {}): TrialSummary {
  return {
    id: id++, sweepId: 1, index, attempt: 1, status: 'completed', params, seed: 0, finalValue, bestValue: finalValue,
    startedAt: 0, endedAt: 1000 + index, exitCode: 0, signal: null, backend: null, backendNote: null, error: null, workerId: null, prunedAtStep: null,
  failureReason: null, failureNote: null, configVersion: 1, rerunOf: null, ...o,
  }
}
const sweep = (sweepId: number, trials: TrialSummary[], o: Partial<CompareInput> = {}): CompareInput => ({
  sweepId, workspace: null, name: `s${sweepId}`, method: 'random', status: 'completed', metricName: 'loss', metricGoal: 'minimize', spec: {}, trials, ...o,
})

describe('alignSweeps', () => {
  it('aligns shared parameters first, marks the ones a sweep lacks, and picks each best', () => {
    const r = alignSweeps([
      sweep(1, [trial(0, { lr: 0.1, opt: { name: 'adam' } }, 0.5), trial(1, { lr: 0.01, opt: { name: 'sgd' } }, 0.2), trial(2, { lr: 0.3, opt: { name: 'sgd' } }, null, { status: 'failed' })]),
      sweep(2, [trial(0, { lr: 0.05, dropout: 0.1 }, 0.3), trial(1, { lr: 0.02, dropout: 0.2 }, 0.1, { status: 'pruned' })]),
    ])
    expect(r.metric).toEqual({ name: 'loss', goal: 'minimize' })
    expect(r.params.map((p) => [p.name, p.shared])).toEqual([['lr', true], ['dropout', false], ['opt.name', false]])
    const [lr, dropout, opt] = r.params
    expect(lr!.sides).toEqual([
      { best: 0.01, min: 0.01, max: 0.3, categories: null, distinct: 3 },
      { best: 0.05, min: 0.02, max: 0.05, categories: null, distinct: 2 },
    ])
    expect(dropout!.sides[0]).toBeNull()
    expect(opt!.sides).toEqual([{ best: 'sgd', min: null, max: null, categories: ['adam', 'sgd'], distinct: 2 }, null])
    // A pruned trial's value is partial: the best is the best *completed* one, as export picks it.
    expect(r.sweeps.map((s) => [s.bestValue, s.bestParams, s.scored, s.trialCount])).toEqual([
      [0.2, { lr: 0.01, 'opt.name': 'sgd' }, 2, 3],
      [0.3, { lr: 0.05, dropout: 0.1 }, 2, 2],
    ])
    expect(r.trials.map((t) => [t.sweep, t.index, t.value])).toEqual([[0, 0, 0.5], [0, 1, 0.2], [0, 2, null], [1, 0, 0.3], [1, 1, 0.1]])
  })

  it('follows each sweep goal for its best and reports no common metric when they differ', () => {
    const r = alignSweeps([
      sweep(1, [trial(0, { x: 1 }, 1), trial(1, { x: 2 }, 2)], { metricGoal: 'maximize' }),
      sweep(2, [trial(0, { x: 1 }, 1), trial(1, { x: 2 }, 2)]),
    ])
    expect(r.sweeps.map((s) => s.bestValue)).toEqual([2, 1])
    expect(r.metric).toBeNull()
  })

  it('compares only the latest attempt of an index', () => {
    const r = alignSweeps([
      sweep(1, [trial(0, { x: 1 }, null, { status: 'crashed' }), trial(0, { x: 1 }, 4, { attempt: 2 })]),
      sweep(2, []),
    ])
    expect(r.trials.map((t) => [t.index, t.status, t.value])).toEqual([[0, 'completed', 4]])
    expect(r.sweeps[1]).toMatchObject({ trialCount: 0, bestValue: null, bestParams: null })
    // A sweep with no trials has none of the parameters: nothing is shared.
    expect(r.params).toEqual([{ name: 'x', shared: false, sides: [{ best: 1, min: 1, max: 1, categories: null, distinct: 1 }, null] }])
  })
})
