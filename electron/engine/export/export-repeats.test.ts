import { describe, expect, it } from 'vitest'
import { summarizeConfigs } from '../../../shared/config-summaries.ts'
import { isSweeplabError } from '../../../shared/errors.ts'
import { exportBestConfig, exportTrialsTable } from './export-sweep.ts'
import { formatTrialsCsv } from './export-trials.ts'
import { makeTrial } from './trial-fixture.ts'

// Two configs × 2 repeats: config 0 (lr 0.1) has values 1 and 3, config 1 (lr 0.2) 0.5 and a failed repeat.
const trials = [
  makeTrial({ id: 1, index: 0, params: { lr: 0.1 }, finalValue: 1, configIndex: 0, repeat: 0, seed: 11 }),
  makeTrial({ id: 2, index: 1, params: { lr: 0.1 }, finalValue: 3, configIndex: 0, repeat: 1, seed: 12 }),
  makeTrial({ id: 3, index: 2, params: { lr: 0.2 }, finalValue: 0.5, configIndex: 1, repeat: 0, seed: 13 }),
  makeTrial({ id: 4, index: 3, params: { lr: 0.2 }, status: 'failed', configIndex: 1, repeat: 1, seed: 14 }),
]
const sweep = { id: 5, name: 'noisy', metricName: 'loss', metricGoal: 'maximize' as const, repeats: 2 }

describe('exports of a sweep with repeats', () => {
  it('adds config, repeat and the config mean, std and n to the CSV', () => {
    const csv = formatTrialsCsv(trials, 'loss', summarizeConfigs(trials, 2)).split('\r\n')
    expect(csv[0]).toBe('id,index,attempt,status,config,repeat,lr,loss,loss_best,loss_mean,loss_std,loss_n,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error')
    expect(csv[1]).toBe(`1,0,1,completed,0,0,0.1,1,,2,${Math.SQRT2},2,11,,,,,,,`)
    expect(csv[4]).toBe('4,3,1,failed,1,1,0.2,,,0.5,,1,14,,,,,,,')
  })

  it('keeps the whole config mean on rows exported alone, and in JSON', () => {
    const csv = exportTrialsTable(sweep, trials, { format: 'csv', trialIds: [2] }).content.split('\r\n')
    expect(csv[1]!.split(',').slice(9, 12)).toEqual(['2', String(Math.SQRT2), '2'])
    const json = JSON.parse(exportTrialsTable(sweep, trials, { format: 'json' }).content) as Array<{ id: number; config: unknown }>
    expect(json.map((t) => [t.id, t.config])).toEqual([
      [1, { mean: 2, std: Math.SQRT2, n: 2, repeats: 2 }], [2, { mean: 2, std: Math.SQRT2, n: 2, repeats: 2 }],
      [3, { mean: 0.5, std: null, n: 1, repeats: 2 }], [4, { mean: 0.5, std: null, n: 1, repeats: 2 }],
    ])
  })

  it('exports the config with the best mean, saying so in the YAML header', () => {
    const best = exportBestConfig(sweep, trials, { format: 'yaml' })
    expect(best).toEqual({
      trialId: 1,
      content: `# Best config of sweep "noisy" (id 5)\n# config 0 (trials 1, 2): loss=2 ± ${Math.SQRT2} (mean ± std of 2/2 repeats) (maximize)\n\nlr: 0.1\n`,
    })
    // minimize: the single completed repeat's 0.5 wins, with no spread.
    expect(exportBestConfig({ ...sweep, metricGoal: 'minimize' }, trials, { format: 'yaml' }).content).toContain('# config 1 (trials 3, 4): loss=0.5 (mean of 1/2 repeats) (minimize)')
    // A chosen trial is that trial's config, as without repeats.
    expect(exportBestConfig(sweep, trials, { format: 'json', trialId: 2 })).toEqual({ trialId: 2, content: '{\n  "lr": 0.1\n}\n' })
  })

  it('has no best config while no config finished with a value', () => {
    const running = trials.map((t) => ({ ...t, status: t.repeat === 1 ? ('running' as const) : t.status }))
    let err: unknown
    try {
      exportBestConfig(sweep, running, { format: 'yaml' })
    } catch (e) {
      err = e
    }
    expect(isSweeplabError(err) && err.code).toBe('sweep/no-finished-trials')
  })
})
