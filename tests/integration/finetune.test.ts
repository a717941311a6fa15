import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, type Workspace } from './helpers.ts'

const data = '{name: spam, tokenizer: {type: char}, max_rows: 300}'

describe('pre-train, then fine-tune from the best saved language model', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('refuses a fine-tune whose base is missing before any trial, then runs it once the base exists', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const ft = [
      'name: ft', 'method: grid', 'trainer: finetune', `dataset: ${data}`, 'seed: 2',
      'metric: {name: val_accuracy, goal: maximize}',
      'parameters:', '  init_from: {value: pre/best}', '  epochs: {value: 2}', '  learning_rate: {value: 0.003}',
    ].join('\n')
    await expect(engine.createSweep({ text: ft })).rejects.toThrow(/init_from: "pre\/best": no sweep "pre"/)

    const pre = await engine.createSweep({
      text: [
        'name: pre', 'method: grid', 'trainer: language-model', 'save: best', `dataset: ${data}`, 'seed: 1',
        'metric: {name: val_perplexity, goal: minimize}',
        'parameters:', '  epochs: {value: 1}', '  context: {value: 32}', '  d_model: {value: 32}', '  learning_rate: {value: 0.003}',
      ].join('\n'),
    })
    expect((await engine.waitForSweep(pre.sweepId)).status).toBe('completed')
    const [lm] = await engine.getTrials({ sweepId: pre.sweepId })
    expect((await engine.getArtifacts({ trialId: lm!.id })).map((a) => a.kind)).toEqual(expect.arrayContaining(['weights', 'samples']))

    const { sweepId } = await engine.createSweep({ text: ft })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.finalValue).not.toBeNull()
  })
})
