import { describe, expect, it } from 'vitest'
import type { TrialStatus } from '../../../shared/status.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { isSweeplabError } from '../../../shared/errors.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import { selectWarmStart, type WarmStartSource } from './warm-start.ts'
import type { TrialRecord } from './tpe-history.ts'

const SPEC = parseSweepSpec(`
method: bayes
metric: {name: loss, goal: minimize}
program: train.py
parameters:
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
  layers: {min: 1, max: 4}
  opt: {values: [adam, sgd]}
  model:
    parameters:
      width: {values: [64, 128]}
`)
const target = { parameters: SPEC.parameters as Record<string, SweepParameter>, metric: { name: 'loss', goal: 'minimize' as const } }

let nextIndex = 0
function trial(params: Record<string, unknown>, o: { status?: TrialStatus; value?: number | null; index?: number; attempt?: number } = {}): TrialRecord {
  return { index: o.index ?? nextIndex++, attempt: o.attempt ?? 1, status: o.status ?? 'completed', params, finalValue: o.value === undefined ? 1 : o.value }
}
const ok = { lr: 0.01, layers: 2, opt: 'adam', model: { width: 64 } }
const source = (trials: TrialRecord[], over: Partial<WarmStartSource> = {}): WarmStartSource => ({ sweepId: 3, name: 'old', metricName: 'loss', metricGoal: 'minimize', trials, ...over })

describe('selectWarmStart', () => {
  it('keeps the trials whose params fit the new space and says why each other one was dropped', () => {
    const w = selectWarmStart(target, [source([
      trial(ok),
      trial({ ...ok, lr: 0.5 }),
      trial({ ...ok, layers: 2.5 }),
      trial({ ...ok, layers: 9 }),
      trial({ ...ok, opt: 'rmsprop' }),
      trial({ ...ok, model: { width: 256 } }),
      trial({ lr: 0.01, layers: 2, opt: 'adam' }),
      trial({ ...ok, dropout: 0.1 }),
      trial(ok, { status: 'failed', value: null }),
      trial(ok, { status: 'running', value: null }),
      trial({ ...ok, lr: 0.001 }, { status: 'pruned', value: 3 }),
    ])])
    expect(w.used).toBe(2)
    expect(w.droppedCount).toBe(9)
    expect(w.sources).toEqual([{
      sweepId: 3, name: 'old', used: 2,
      dropped: {
        "lr outside this sweep's range": 1,
        "layers outside this sweep's range": 2,
        "opt not among this sweep's values": 1,
        "model.width not among this sweep's values": 1,
        'lacks parameter model.width': 1,
        'has parameter dropout, which this sweep does not': 1,
        'not finished with a loss value (failed)': 1,
        'not finished with a loss value (running)': 1,
      },
    }])
    // Negative indices, oldest first, so they never meet the new sweep's own indexes.
    expect(w.records.map((r) => [r.index, r.status, r.finalValue])).toEqual([[-2, 'completed', 1], [-1, 'pruned', 3]])
  })

  it('uses only the latest attempt of an index, and orders several sources as given', () => {
    const w = selectWarmStart(target, [
      source([trial(ok, { index: 0, attempt: 1, value: 5 }), trial(ok, { index: 0, attempt: 2, value: 2 })]),
      source([trial({ ...ok, opt: 'sgd' }, { index: 0, value: 7 })], { sweepId: 4, name: 'older' }),
    ])
    expect(w.records.map((r) => [r.index, r.finalValue])).toEqual([[-2, 2], [-1, 7]])
    expect(w.sources.map((s) => [s.sweepId, s.used])).toEqual([[3, 1], [4, 1]])
  })

  it('refuses a source with another metric name or goal, naming both', () => {
    for (const over of [{ metricName: 'acc' }, { metricGoal: 'maximize' as const }, { metricName: null }]) {
      let err: unknown
      try {
        selectWarmStart(target, [source([trial(ok)], over)])
      } catch (e) {
        err = e
      }
      expect(isSweeplabError(err) && err.code).toBe('spec/warm-start')
      expect((err as Error).message).toContain('this sweep optimizes loss (minimize)')
    }
  })

  it('accepts quantized values at the edge of their bin and any finite value of a normal distribution', () => {
    const spec = parseSweepSpec(`
method: bayes
metric: {name: loss, goal: minimize}
program: t.py
parameters:
  q: {distribution: q_uniform, min: 0, max: 1, q: 0.4}
  n: {distribution: normal, mu: 0, sigma: 1}
  c: {value: 7}
`)
    const t = { parameters: spec.parameters as Record<string, SweepParameter>, metric: { name: 'loss', goal: 'minimize' as const } }
    const w = selectWarmStart(t, [source([
      trial({ q: 1.2, n: 40, c: 7 }),
      trial({ q: 0.8, n: -3, c: 7 }),
      trial({ q: 0.3, n: 0, c: 8 }),
      trial({ q: 1.6, n: 0, c: 7 }),
    ])])
    expect(w.used).toBe(2)
    expect(w.sources[0]!.dropped).toEqual({ "c not among this sweep's values": 1, "q outside this sweep's range": 1 })
  })
})
