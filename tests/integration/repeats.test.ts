import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { meanStd } from '../../shared/config-stats.ts'
import { createWorkspace, runCli, type Workspace } from './helpers.ts'

// Reports loss = x + (seed mod 1000) / 1000, so each repeat's value follows from its stored seed; x = 9 fails on odd seeds.
const SCRIPT = [
  "const x = Number(process.argv.find((a) => a.startsWith('--x='))?.slice(4))",
  'const seed = Number(process.env.SWEEPLAB_SEED)',
  "if (x === 9 && seed % 2 === 1) { console.error('odd seed'); process.exit(3) }",
  "console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: x + 1 }))",
  "console.log('@@sweeplab ' + JSON.stringify({ step: 1, loss: x + (seed % 1000) / 1000 }))",
  '',
].join('\n')

describe('repeats: n, end to end', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('runs every config of a command sweep n times with distinct seeds and ranks configs by their mean', async () => {
    const script = ws.write('noisy.mjs', SCRIPT)
    const engine = ws.engine({ maxWorkers: 2 })
    const text = `method: grid\nprogram: ${script}\ncommand: [node, '\${program}', '\${args}']\nmetric: {name: loss, goal: minimize}\nrepeats: 3\nseed: 4\nparameters:\n  x: {values: [2, 1, 9]}\n`
    const { sweepId } = await engine.createSweep({ text, fileName: ws.write('s.yaml', text) })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary).toMatchObject({ status: 'completed', total: 9, done: 9 })
    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => [t.params.x, t.configIndex, t.repeat])).toEqual([
      [2, 0, 0], [2, 0, 1], [2, 0, 2], [1, 1, 0], [1, 1, 1], [1, 1, 2], [9, 2, 0], [9, 2, 1], [9, 2, 2],
    ])
    expect(new Set(trials.map((t) => t.seed)).size).toBe(9)
    const configs = await engine.getConfigs({ sweepId })
    for (const c of configs) {
      const rows = trials.filter((t) => t.configIndex === c.configIndex)
      expect(c.trialIds).toEqual(rows.map((t) => t.id))
      expect(c.seeds).toEqual(rows.map((t) => t.seed))
      const ok = rows.filter((t) => t.status === 'completed')
      const expected = meanStd(ok.map((t) => (t.params.x as number) + (t.seed % 1000) / 1000))
      expect(c.n).toBe(expected.n)
      expect(c.mean).toBeCloseTo(expected.mean!, 12)
      if (expected.std === null) expect(c.std).toBeNull()
      else expect(c.std).toBeCloseTo(expected.std, 12)
    }
    // The failing config keeps its even-seeded repeats only (or has none).
    const nine = trials.filter((t) => t.params.x === 9)
    expect(nine.some((t) => t.status === 'failed') && nine.some((t) => t.status === 'completed')).toBe(true)
    expect(nine.filter((t) => t.status === 'failed').map((t) => t.seed % 2)).toEqual(nine.filter((t) => t.seed % 2 === 1).map(() => 1))
    expect(configs[2]!.n).toBe(nine.filter((t) => t.seed % 2 === 0).length)

    const best = configs[1]!
    expect(summary.bestValue).toBeCloseTo(best.mean!, 12)
    expect(summary.bestTrialId).toBe(best.trialIds[0])
    const exported = await engine.exportBest({ sweepId, format: 'yaml' })
    expect(exported.trialId).toBe(best.trialIds[0])
    expect(exported.content).toContain(`config 1 (trials ${best.trialIds.join(', ')}): loss=${best.mean} ± ${best.std} (mean ± std of 3/3 repeats)`)
    expect(exported.content).toMatch(/\nx: 1\n/)
    const csv = (await engine.exportTrials({ sweepId, format: 'csv' })).content.split('\r\n')
    expect(csv[0]).toBe('id,index,attempt,status,config,repeat,x,loss,loss_best,loss_mean,loss_std,loss_n,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error')
    expect(csv[4]!.split(',').slice(4, 6)).toEqual(['1', '0'])
    expect(Number(csv[4]!.split(',')[9])).toBeCloseTo(best.mean!, 12)
    const json = JSON.parse((await engine.exportTrials({ sweepId, format: 'json' })).content) as Array<{ config: { mean: number; n: number } }>
    expect(json[3]!.config).toEqual({ mean: best.mean, std: best.std, n: 3, repeats: 3 })
    await engine.shutdown({ graceMs: 500 })

    const shown = await runCli(['show', String(sweepId), '--db', ws.dbPath]).done
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('configs (each run with 3 seeds), best mean first')
    expect(shown.stdout).toMatch(new RegExp(`\\n1 +completed +1 +${best.mean!.toPrecision(4).replace('.', '\\.')}[0-9]* ± `))
  })

  it('gives a built-in trainer a different seed per repeat, so the repeats of a config differ', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({
      text: [
        'method: grid', 'trainer: tabular', 'dataset: iris', 'seed: 3', 'repeats: 3',
        'metric: {name: val_loss, goal: minimize}',
        'parameters:', '  learning_rate: {values: [0.01, 0.05]}', '  epochs: {value: 4}', '  hidden: {value: [8]}',
      ].join('\n'),
    })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const trials = await engine.getTrials({ sweepId })
    expect(trials).toHaveLength(6)
    expect(new Set(trials.map((t) => t.seed)).size).toBe(6)
    const configs = await engine.getConfigs({ sweepId })
    expect(configs.map((c) => [c.params.learning_rate, c.status, c.n])).toEqual([[0.01, 'completed', 3], [0.05, 'completed', 3]])
    for (const c of configs) {
      const values = trials.filter((t) => c.trialIds.includes(t.id)).map((t) => t.finalValue!)
      expect(new Set(values).size).toBeGreaterThan(1)
      expect(c.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 3, 10)
      expect(c.std).toBeGreaterThan(0)
    }
  })

  it('gives every repeat of a bayes config the same suggested params', async () => {
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({
      text: [
        'method: bayes', 'trainer: noop', 'seed: 9', 'repeats: 2', 'run_cap: 6', 'bayes: {startup_trials: 2}',
        'metric: {name: loss, goal: minimize}', 'parameters:', '  x: {min: 0.0, max: 2.0}', '  steps: {value: 2}',
      ].join('\n'),
    })
    expect((await engine.waitForSweep(sweepId))).toMatchObject({ status: 'completed', total: 12 })
    const configs = await engine.getConfigs({ sweepId })
    expect(configs).toHaveLength(6)
    const trials = await engine.getTrials({ sweepId })
    for (const c of configs) {
      const rows = trials.filter((t) => c.trialIds.includes(t.id))
      expect(rows).toHaveLength(2)
      expect(rows[1]!.params).toEqual(rows[0]!.params)
      expect(c.status).toBe('completed')
    }
    expect(new Set(configs.map((c) => c.params.x)).size).toBe(6)
  })
})
