import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { isSweeplabError } from '../../../shared/errors.ts'
import { exportBestConfig, exportTrialsTable, type ExportedSweep } from './export-sweep.ts'
import { makeTrial } from './trial-fixture.ts'

const sweep: ExportedSweep = { id: 3, name: 'mnist-lr', metricName: 'val_loss', metricGoal: 'minimize' }
const trials = [
  makeTrial({ id: 10, sweepId: 3, params: { lr: 0.1 }, finalValue: 0.5 }),
  makeTrial({ id: 11, sweepId: 3, params: { lr: 0.01 }, finalValue: 0.2 }),
  makeTrial({ id: 12, sweepId: 3, params: { lr: 1 }, status: 'failed' }),
]

function errorOf(fn: () => unknown): { code: string; message: string; details: unknown } {
  try {
    fn()
  } catch (e) {
    if (isSweeplabError(e)) return { code: e.code, message: e.message, details: e.details }
    throw e
  }
  throw new Error('expected an error')
}

describe('exportBestConfig', () => {
  it('exports the best trial under a "Best config" header', () => {
    const r = exportBestConfig(sweep, trials, { format: 'yaml' })
    expect(r).toEqual({ trialId: 11, content: '# Best config of sweep "mnist-lr" (id 3)\n# trial 11: val_loss=0.2 (minimize)\n\nlr: 0.01\n' })
  })

  it("exports a chosen trial's config, failed ones included, saying which trial it is", () => {
    const r = exportBestConfig(sweep, trials, { format: 'yaml', trialId: 12 })
    expect(r.trialId).toBe(12)
    expect(r.content).toBe('# Config of trial 12 of sweep "mnist-lr" (id 3)\n# failed: val_loss=n/a (minimize)\n\nlr: 1\n')
    expect(parse(r.content)).toEqual({ lr: 1 })
    expect(exportBestConfig(sweep, trials, { format: 'args', trialId: 10 })).toEqual({ trialId: 10, content: '--lr=0.1\n' })
  })

  it('refuses a trial of another sweep, naming both ids', () => {
    expect(errorOf(() => exportBestConfig(sweep, trials, { format: 'json', trialId: 99 }))).toEqual({
      code: 'trial/not-found', message: 'trial 99 is not a trial of sweep 3', details: { sweepId: 3, trialIds: [99] },
    })
  })

  it('says why there is no best config when no trial finished with a value', () => {
    expect(errorOf(() => exportBestConfig(sweep, [trials[2]!], { format: 'yaml' })).message).toBe('sweep 3 has no completed trial with a value for val_loss yet')
    expect(errorOf(() => exportBestConfig({ ...sweep, metricName: null }, [trials[2]!], { format: 'yaml' })).message).toMatch(/has no metric to rank trials by/)
  })
})

describe('exportTrialsTable', () => {
  it('exports every trial without trialIds', () => {
    const json = JSON.parse(exportTrialsTable(sweep, trials, { format: 'json' }).content) as Array<{ id: number }>
    expect(json.map((t) => t.id)).toEqual([10, 11, 12])
  })

  it("exports only the given trials, in the sweep's order, each once", () => {
    const csv = exportTrialsTable(sweep, trials, { format: 'csv', trialIds: [12, 10, 12] }).content
    expect(csv.split('\r\n').map((l) => l.split(',')[0])).toEqual(['id', '10', '12', ''])
    const json = JSON.parse(exportTrialsTable(sweep, trials, { format: 'json', trialIds: [11] }).content) as Array<{ id: number }>
    expect(json.map((t) => t.id)).toEqual([11])
  })

  it('exports just the header for an empty selection', () => {
    expect(exportTrialsTable(sweep, trials, { format: 'csv', trialIds: [] }).content).toMatch(/^id,index,attempt,status,val_loss,[^\r\n]*\r\n$/)
    expect(exportTrialsTable(sweep, trials, { format: 'json', trialIds: [] }).content).toBe('[]\n')
  })

  it('names every id that is not a trial of the sweep', () => {
    expect(errorOf(() => exportTrialsTable(sweep, trials, { format: 'csv', trialIds: [10, 7, 99] }))).toEqual({
      code: 'trial/not-found', message: 'trials 7, 99 are not trials of sweep 3', details: { sweepId: 3, trialIds: [7, 99] },
    })
    expect(errorOf(() => exportTrialsTable(sweep, trials, { format: 'csv', trialIds: [5] })).message).toBe('trial 5 is not a trial of sweep 3')
    const many = Array.from({ length: 12 }, (_, i) => 100 + i)
    expect(errorOf(() => exportTrialsTable(sweep, trials, { format: 'json', trialIds: many })).message).toBe(
      'trials 100, 101, 102, 103, 104, 105, 106, 107, 108, 109 and 2 more are not trials of sweep 3',
    )
  })
})
