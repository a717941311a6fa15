import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../shared/errors.ts'
import { createWorkspace, type Workspace } from './helpers.ts'

/** Two numeric features and a class that follows them, shifted by `shift` so versions differ. */
function csv(rows: number, shift: number): string {
  const lines = ['a,b,label']
  for (let i = 0; i < rows; i++) {
    const a = ((i * 37) % 100) / 10
    const b = ((i * 53 + shift * 7) % 100) / 10
    lines.push(`${a},${b},${a + b + shift > 10 ? 'hi' : 'lo'}`)
  }
  return `${lines.join('\n')}\n`
}

const SPEC = `# tabular sweep on an imported dataset
method: grid
trainer: tabular
dataset: {name: points, label: label, split: {validation: 0.25, test: 0.1}}
seed: 4
metric: {name: val_loss, goal: minimize}
parameters:
  learning_rate: {values: [0.001, 0.03, 0.1]}
  epochs: {value: 4}
  hidden: {value: [8]}
`

describe('retrain on a new dataset version', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('import v1, sweep, import changed v2, retrain the best 2 on v2: a linked sweep whose comparison matches the trials', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const file = ws.write('points.csv', csv(60, 0))
    expect(await engine.addDataset({ path: file, name: 'points', label: 'label' })).toMatchObject({ version: 1, unchanged: false })
    const spec = ws.write('sweep.yaml', SPEC)
    const { sweepId: parentId } = await engine.createSweep({ text: SPEC, fileName: spec })
    expect((await engine.waitForSweep(parentId)).status).toBe('completed')
    // The sweep said "points" (the latest) and recorded the version it resolved to.
    expect(await engine.getSweepProvenance({ sweepId: parentId })).toMatchObject({ dataset: { kind: 'registered', name: 'points', version: 1 }, parentSweepId: null, retrain: null })
    expect((await engine.getSweep({ sweepId: parentId })).spec).toMatchObject({ dataset: { name: 'points', version: 1 } })

    // Same content again: no new version. Changed content: v2.
    expect(await engine.addDataset({ path: file, name: 'points', label: 'label' })).toMatchObject({ version: 1, unchanged: true })
    ws.write('points.csv', csv(90, 3))
    expect(await engine.addDataset({ path: file, name: 'points', label: 'label' })).toMatchObject({ version: 2, unchanged: false, rows: 90 })

    const parentTrials = await engine.getTrials({ sweepId: parentId })
    const ranked = parentTrials.filter((t) => t.finalValue !== null).sort((a, b) => a.finalValue! - b.finalValue! || a.id - b.id)
    const { sweepId } = await engine.retrainSweep({ sweepId: parentId, dataset: 'points@2', top: 2 })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')

    const prov = await engine.getSweepProvenance({ sweepId })
    expect(prov).toMatchObject({ parentSweepId: parentId, dataset: { name: 'points', version: 2 } })
    expect(prov!.retrain).toMatchObject({ parentSweepId: parentId, oldDataset: 'points@1', newDataset: 'points@2', top: 2, seeds: 1 })
    const trials = await engine.getTrials({ sweepId })
    expect(trials).toHaveLength(2)
    expect(trials.map((t) => t.params)).toEqual([ranked[0]!.params, ranked[1]!.params])
    expect(trials.map((t) => t.seed)).toEqual([ranked[0]!.seed, ranked[1]!.seed])
    const sweep = await engine.getSweep({ sweepId })
    expect(sweep.total).toBe(2)
    expect(sweep.specText).toMatch(/^# Retrain of sweep \d+/)
    expect(sweep.spec).toMatchObject({ dataset: { name: 'points', version: 2 } })

    const cmp = await engine.getRetrainComparison({ sweepId })
    expect(cmp).toMatchObject({ parentSweepId: parentId, parentExists: true, oldDataset: 'points@1', newDataset: 'points@2', metric: { name: 'val_loss', goal: 'minimize' } })
    expect(cmp.rows.map((r) => [r.rank, r.parentTrialId, r.oldValue])).toEqual([[1, ranked[0]!.id, ranked[0]!.finalValue], [2, ranked[1]!.id, ranked[1]!.finalValue]])
    for (const [i, r] of cmp.rows.entries()) {
      const t = trials[i]!
      expect(r.newTrialIds).toEqual([t.id])
      expect(r.newValues).toEqual([t.finalValue])
      expect(r.newMean).toBe(t.finalValue)
      expect(r.newStd).toBeNull()
      expect(r.delta).toBeCloseTo(t.finalValue! - r.oldValue!, 12)
      expect(r.improved).toBe(r.delta! < 0)
    }
    // v1 and v2 differ, so the new runs did not just repeat the old ones.
    expect(cmp.rows.some((r) => r.newMean !== r.oldValue)).toBe(true)

    const report = await engine.getSweepReport({ sweepId, format: 'md' })
    expect(report.content).toContain('## Retrain on new data')
    expect(report.content).toContain(`rerun on points@2`)

    // Deleting the parent keeps the retrain's comparison (its values were copied).
    await engine.deleteSweep({ sweepId: parentId })
    const after = await engine.getRetrainComparison({ sweepId })
    expect(after.parentExists).toBe(false)
    expect(after.rows.map((r) => r.oldValue)).toEqual(cmp.rows.map((r) => r.oldValue))
    expect((await engine.getSweepProvenance({ sweepId }))!.parentSweepId).toBeNull()
  })

  it('refuses a command sweep and a missing version, and compares only retrain sweeps', async () => {
    const engine = ws.engine()
    const { sweepId: cmd } = await engine.createSweep({ text: 'method: grid\ncommand: ["true"]\nmetric: {name: loss}\nparameters:\n  x: {values: [1]}\n' })
    await engine.waitForSweep(cmd)
    const e1 = await engine.retrainSweep({ sweepId: cmd, dataset: 'iris' }).catch((e: unknown) => e)
    expect(isSweeplabError(e1) && e1.code).toBe('retrain/unsupported')
    expect((e1 as Error).message).toMatch(/runs a command .* pass the data path as a parameter/i)
    expect(await engine.getSweepProvenance({ sweepId: cmd })).toMatchObject({ environment: { git: { state: expect.stringMatching(/not-a-repo|clean|dirty/) } } })

    const { sweepId: noop } = await engine.createSweep({ text: 'method: grid\ntrainer: noop\ndataset: iris\nmetric: {name: loss}\nparameters:\n  x: {values: [1, 2]}\n' })
    await engine.waitForSweep(noop)
    const e2 = await engine.retrainSweep({ sweepId: noop, dataset: 'iris@3' }).catch((e: unknown) => e)
    expect(isSweeplabError(e2) && e2.code).toBe('dataset/invalid')
    expect((e2 as Error).message).toMatch(/"iris" is built in and has no versions/)
    const e4 = await engine.retrainSweep({ sweepId: noop, dataset: 'nothing@2' }).catch((e: unknown) => e)
    expect(isSweeplabError(e4) && e4.code).toBe('dataset/missing')
    const e3 = await engine.getRetrainComparison({ sweepId: noop }).catch((e: unknown) => e)
    expect(isSweeplabError(e3) && e3.code).toBe('retrain/unsupported')
    expect((await engine.listSweeps({})).length).toBe(2)
  })
})
