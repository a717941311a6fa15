import { describe, expect, it } from 'vitest'
import type { TrialSummary } from './api/types.ts'
import { pickBestConfig, repeatsOfSpec, summarizeConfigs } from './config-summaries.ts'

function trial(id: number, index: number, repeats: number, status: TrialSummary['status'], finalValue: number | null, attempt = 1): TrialSummary {
  return {
    id, sweepId: 1, index, attempt, status, params: { x: Math.floor(index / repeats) }, seed: 100 + id, finalValue, bestValue: finalValue,
    startedAt: null, endedAt: null, exitCode: null, signal: null, backend: null, backendNote: null, error: null, workerId: null, prunedAtStep: null,
    failureReason: null, failureNote: null, configVersion: 1, rerunOf: null,
    configIndex: Math.floor(index / repeats), repeat: index % repeats,
  }
}

describe('summarizeConfigs', () => {
  it('groups repeats into configs in config order, with latest attempts, seeds and the mean', () => {
    const trials = [trial(5, 3, 2, 'completed', 4), trial(1, 0, 2, 'completed', 1), trial(2, 1, 2, 'failed', null), trial(6, 1, 2, 'completed', 3, 2), trial(4, 2, 2, 'completed', 6)]
    const configs = summarizeConfigs(trials, 2)
    expect(configs).toEqual([
      { configIndex: 0, params: { x: 0 }, repeats: 2, trialIds: [1, 6], seeds: [101, 106], status: 'completed', mean: 2, std: Math.SQRT2, n: 2 },
      { configIndex: 1, params: { x: 1 }, repeats: 2, trialIds: [4, 5], seeds: [104, 105], status: 'completed', mean: 5, std: Math.SQRT2, n: 2 },
    ])
  })

  it('makes each trial of a sweep without repeats a config of its own', () => {
    const { configIndex: _c, repeat: _r, ...plain } = trial(3, 4, 1, 'completed', 2)
    expect(summarizeConfigs([plain], 1)).toMatchObject([{ configIndex: 4, trialIds: [3], mean: 2, std: null, n: 1 }])
  })
})

describe('pickBestConfig', () => {
  it('picks by the mean in the goal direction, among completed configs; ties to the earlier config', () => {
    const configs = summarizeConfigs([
      trial(1, 0, 2, 'completed', 1), trial(2, 1, 2, 'completed', 5), // mean 3
      trial(3, 2, 2, 'completed', 0), trial(4, 3, 2, 'running', null), // running: not a candidate
      trial(5, 4, 2, 'completed', 2), trial(6, 5, 2, 'completed', 4), // mean 3, later
      trial(7, 6, 2, 'completed', 2.5), trial(8, 7, 2, 'completed', 2.6),
    ], 2)
    expect(pickBestConfig(configs, 'minimize')?.configIndex).toBe(3)
    expect(pickBestConfig(configs, 'maximize')?.configIndex).toBe(0)
    expect(pickBestConfig([], 'minimize')).toBeUndefined()
  })
})

describe('repeatsOfSpec', () => {
  it('reads repeats from a stored spec, 1 when absent or malformed', () => {
    expect(repeatsOfSpec({ repeats: 3 })).toBe(3)
    expect([repeatsOfSpec({}), repeatsOfSpec(null), repeatsOfSpec({ repeats: '3' }), repeatsOfSpec({ repeats: 1.5 })]).toEqual([1, 1, 1, 1])
  })
})
