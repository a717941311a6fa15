import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { RetrainInfo } from '../../../shared/sweep-provenance.ts'
import type { SweepRow } from '../store/store-types.ts'
import { compareRetrain } from './compare-retrain.ts'
import { bestDistinctTrials, planRetrain } from './plan-retrain.ts'
import { retrainSampler, retrainSlot } from './retrain-sample.ts'

function trial(id: number, over: Partial<TrialSummary> = {}): TrialSummary {
  return {
    id, sweepId: 1, index: id - 1, attempt: 1, status: 'completed', params: { lr: id }, seed: 100 + id, finalValue: id / 10, bestValue: null,
    startedAt: 1, endedAt: 2, exitCode: 0, signal: null, backend: 'wasm', backendNote: null, error: null, workerId: 1, prunedAtStep: null,
    failureReason: null, failureNote: null, configVersion: 1, rerunOf: null, ...over,
  }
}

const TEXT = `# my sweep
method: grid
trainer: tabular
dataset: {name: points, version: 1, label: label}  # the data
metric: {name: val_loss, goal: minimize}
early_terminate: {type: hyperband, min_iter: 2}
parameters:
  lr: {values: [1, 2, 3]}
`

function parent(over: Partial<SweepRow> = {}): SweepRow {
  return {
    id: 7, name: 'points-sweep', description: null, method: 'grid', specJson: JSON.stringify({ method: 'grid', trainer: 'tabular', dataset: { name: 'points', version: 1, label: 'label' }, parameters: {} }),
    specText: TEXT, specFile: '/x/sweep.yaml', metricName: 'val_loss', metricGoal: 'minimize', seed: 1, total: 3, workers: 1, enginePid: null, createdAt: 1,
    status: 'completed', nextIndex: 3, heartbeatAt: null, startedAt: 1, endedAt: 2, error: null, configVersion: 1, runMs: 0, ...over,
  }
}

describe('planRetrain', () => {
  it('takes the best distinct configs by the goal and rewrites the file: dataset, name, no early termination, comments kept', () => {
    const trials = [trial(1, { finalValue: 0.3 }), trial(2, { finalValue: 0.1 }), trial(3, { finalValue: 0.1, params: { lr: 2 } }), trial(4, { status: 'failed', finalValue: 0.01 }), trial(5, { finalValue: 0.2 })]
    const plan = planRetrain(parent(), trials, undefined, { dataset: 'points@2', top: 2, seeds: 3 })
    // Trial 3 repeats trial 2's config (lr 2) and is skipped; the failed trial never counts.
    expect(plan.info.configs).toEqual([
      { rank: 1, parentTrialId: 2, params: { lr: 2 }, seed: 102, oldValue: 0.1 },
      { rank: 2, parentTrialId: 5, params: { lr: 5 }, seed: 105, oldValue: 0.2 },
    ])
    expect(plan.info).toMatchObject({ parentSweepId: 7, parentName: 'points-sweep', oldDataset: 'points@1', top: 2, seeds: 3, metric: { name: 'val_loss', goal: 'minimize' } })
    const doc = parse(plan.text) as Record<string, unknown>
    expect(doc.dataset).toEqual({ name: 'points', version: 2, label: 'label' })
    expect(doc.name).toBe('points-sweep retrained on points@2')
    expect(doc.early_terminate).toBeUndefined()
    expect(plan.text).toMatch(/^# Retrain of sweep 7 \(points-sweep\)/)
    expect(plan.text).toContain('# the data')
  })

  it('a plain dataset name stays a string; maximize ranks the other way', () => {
    const row = parent({ specText: 'method: grid\ntrainer: tabular\ndataset: points\nparameters:\n  lr: {values: [1]}\n', metricGoal: 'maximize' })
    const plan = planRetrain(row, [trial(1), trial(2)], undefined, { dataset: 'points', top: 1, seeds: 1 })
    expect((parse(plan.text) as { dataset: unknown }).dataset).toBe('points')
    expect(plan.info.configs.map((c) => c.parentTrialId)).toEqual([2])
  })

  it.each([
    [{ specJson: JSON.stringify({ command: ['python', 'x.py'], parameters: {} }) }, {}, 'retrain/unsupported', /runs a command/],
    [{ specJson: JSON.stringify({ trainer: 'noop', parameters: {} }) }, {}, 'retrain/unsupported', /has no dataset: key/],
    [{ metricName: null }, {}, 'retrain/unsupported', /no metric to rank/],
    [{}, { dataset: 'Points 2' }, 'usage', /expected NAME or NAME@VERSION/],
    [{}, { top: 0 }, 'usage', /--top 0/],
    [{}, { seeds: 21 }, 'usage', /--seeds 21/],
  ])('refuses %j %j', (row, args, code, message) => {
    try {
      planRetrain(parent(row), [trial(1)], undefined, { dataset: 'points@2', top: 1, seeds: 1, ...args })
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe(code)
      expect((e as Error).message).toMatch(message)
    }
  })

  it('refuses a sweep with no completed trial', () => {
    expect(() => planRetrain(parent(), [trial(1, { status: 'failed' })], undefined, { dataset: 'points@2', top: 1, seeds: 1 })).toThrow(/no completed trial with a value for val_loss/)
  })

  it('bestDistinctTrials ignores non-finite values and breaks ties by id', () => {
    const ts = [trial(3, { finalValue: 0.5 }), trial(1, { finalValue: 0.5, params: { lr: 9 } }), trial(2, { finalValue: Number.NaN })]
    expect(bestDistinctTrials(ts, 'minimize', 5).map((t) => t.id)).toEqual([1, 3])
  })
})

const INFO: RetrainInfo = {
  parentSweepId: 7, parentName: 'p', oldDataset: 'points@1', newDataset: 'points@2', top: 2, seeds: 2, metric: { name: 'val_loss', goal: 'minimize' },
  configs: [
    { rank: 1, parentTrialId: 11, params: { lr: 1 }, seed: 50, oldValue: 0.2 },
    { rank: 2, parentTrialId: 12, params: { lr: 2 }, seed: 60, oldValue: 0.3 },
  ],
}

describe('the retrain trial sequence', () => {
  it('runs each config seeds times with consecutive seeds', () => {
    const s = retrainSampler(INFO)
    expect(s.total).toBe(4)
    expect([0, 1, 2, 3].map((i) => s.sample(i))).toEqual([
      { params: { lr: 1 }, seed: 50 }, { params: { lr: 1 }, seed: 51 }, { params: { lr: 2 }, seed: 60 }, { params: { lr: 2 }, seed: 61 },
    ])
    expect(() => s.sample(4)).toThrow(RangeError)
    expect(retrainSlot(INFO, 3)).toEqual({ config: 1, seed: 1 })
    // A trial that mutates its params cannot change the stored config.
    ;(s.sample(0).params as { lr: number }).lr = 99
    expect(s.sample(0).params).toEqual({ lr: 1 })
  })
})

describe('compareRetrain', () => {
  it('puts the mean ± std of each config\'s new runs beside the old value; the latest attempt counts', () => {
    const trials = [
      trial(21, { index: 0, finalValue: 0.1 }),
      trial(22, { index: 1, finalValue: 0.3, status: 'failed' }),
      trial(23, { index: 1, attempt: 2, finalValue: 0.15 }),
      trial(24, { index: 2, finalValue: 0.5 }),
      trial(25, { index: 3, status: 'running', finalValue: null }),
    ]
    const c = compareRetrain(9, INFO, trials, true)
    expect(c).toMatchObject({ sweepId: 9, parentSweepId: 7, parentExists: true, oldDataset: 'points@1', newDataset: 'points@2' })
    const [a, b] = c.rows
    expect(a).toMatchObject({ rank: 1, parentTrialId: 11, oldValue: 0.2, newValues: [0.1, 0.15], newTrialIds: [21, 23], improved: true })
    expect(a!.newMean).toBeCloseTo(0.125, 12)
    expect(a!.newStd).toBeCloseTo(Math.sqrt(((0.1 - 0.125) ** 2 + (0.15 - 0.125) ** 2) / 1), 12)
    expect(a!.delta).toBeCloseTo(-0.075, 12)
    expect(b).toMatchObject({ rank: 2, newValues: [0.5, null], newTrialIds: [24, 25], newMean: 0.5, newStd: null, improved: false })
    expect(b!.delta).toBeCloseTo(0.2, 12)
  })

  it('a config with no finished run has no mean and no verdict', () => {
    const c = compareRetrain(9, { ...INFO, metric: { name: 'acc', goal: 'maximize' } }, [], false)
    expect(c.rows.map((r) => [r.newMean, r.delta, r.improved, r.newValues])).toEqual([[null, null, null, []], [null, null, null, []]])
    expect(c.parentExists).toBe(false)
  })
})
