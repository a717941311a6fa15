import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, type Workspace } from './helpers.ts'

describe('built-in trainers on bundled datasets, through real workers', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('cross-validates a tabular MLP on iris: per-fold curves, and the mean with its spread', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({
      text: [
        'method: grid', 'trainer: tabular', 'dataset: iris', 'cv: {folds: 3}', 'seed: 3',
        'metric: {name: val_accuracy, goal: maximize}',
        'parameters:', '  learning_rate: {values: [0.01]}', '  epochs: {value: 25}', '  hidden: {value: [32]}',
      ].join('\n'),
    })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.backend).toMatch(/^(wasm|cpu|tensorflow)/)
    // Why this backend: the choice, and every faster one skipped with its reason.
    expect(t!.backendNote).toMatch(/best that loaded|pinned/)
    const names = await engine.getMetricNames({ sweepId })
    for (const k of [1, 2, 3]) expect(names).toContain(`fold${k}/val_loss`)
    expect(names).toEqual(expect.arrayContaining(['val_accuracy', 'val_accuracy_std']))
    // Three classes: the majority rate is about 1/3; a learned model is far above it.
    expect(t!.finalValue).toBeGreaterThan(0.7)
    const curve = (await engine.getMetricSeries({ trialIds: [t!.id], metric: 'fold1/val_loss' }))[0]!
    expect(curve.steps.length).toBe(25)
  })

  it('trains a text classifier on the spam set well above the majority rate', async () => {
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({
      text: [
        'method: grid', 'trainer: text-classifier', 'seed: 5', 'save: last',
        'dataset: {name: spam, tokenizer: {type: word, vocab_size: 3000}}',
        'metric: {name: val_accuracy, goal: maximize}',
        'parameters:', '  learning_rate: {value: 0.003}', '  epochs: {value: 2}',
      ].join('\n'),
    })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.finalValue).toBeGreaterThan(0.85)
    const artifacts = await engine.getArtifacts({ trialId: t!.id })
    expect(artifacts.map((a) => [a.kind, a.name])).toEqual(expect.arrayContaining([['confusion-matrix', 'confusion_matrix.json'], ['weights', 'model']]))
    const logs = await engine.getLogs({ trialId: t!.id })
    expect(logs.some((l) => /dataset spam \(text-classification\)/.test(l.line))).toBe(true)
  })

  it('refuses a trainer without a dataset, and a dataset for a command sweep, before any trial', async () => {
    const engine = ws.engine()
    await expect(engine.createSweep({ text: 'method: grid\ntrainer: tabular\nparameters:\n  epochs: {value: 1}\n' })).rejects.toThrow(/"tabular" trains on a dataset; add a dataset: key/)
    await expect(engine.createSweep({ text: 'method: grid\ncommand: [true]\ndataset: iris\nparameters:\n  x: {value: 1}\n' })).rejects.toThrow(/only built-in trainers read a dataset/)
    expect(await engine.listSweeps({})).toEqual([])
  })
})

describe('a built-in trainer whose loss blows up', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('marks the trial diverged at the step where the loss stopped being finite, keeping its points', async () => {
    const engine = ws.engine()
    const { sweepId } = await engine.createSweep({
      text: 'method: grid\ntrainer: tabular\ndataset: iris\nparameters:\n  learning_rate: {value: 100000000.0}\n  optimizer: {value: sgd}\n  epochs: {value: 20}\n',
    })
    expect((await engine.waitForSweep(sweepId)).status).toBe('failed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('diverged')
    expect(t!.error).toMatch(/non-finite metric: .*at step \d+/)
    expect((await engine.getMetricSeries({ trialIds: [t!.id], metric: 'loss' }))[0]!.totalPoints).toBeGreaterThan(0)
  })
})
