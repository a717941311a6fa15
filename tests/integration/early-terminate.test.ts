import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, type Workspace } from './helpers.ts'

// loss = curve.a + curve.b/(step+1), one report every sleep_ms: curves the test can work hyperband out for by hand.
const CURVE_SCRIPT = `
const p = JSON.parse(process.env.SWEEPLAB_PARAMS)
for (let step = 0; step < p.steps; step++) {
  await new Promise((r) => setTimeout(r, p.sleep_ms))
  process.stdout.write('@@sweeplab ' + JSON.stringify({ step, loss: p.curve.a + p.curve.b / (step + 1) }) + '\\n')
}
`

describe('early termination on real sweeps', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('stops command trials at the hyperband bands W&B would, keeping their points', async () => {
    const script = ws.write('curve.mjs', CURVE_SCRIPT)
    // Bands at reports 2, 4, 8, eta 2: a run goes on while its best is within the best half.
    // One worker, so trials arrive in order and every threshold is known in advance:
    //   t0 1+1/(s+1): alone, completes.   t1 0.5+3/(s+1): 2 at band 2 = threshold (the worse of two), completes.
    //   t2 1.25+0.2/(s+1): 1.35 < 1.5 at band 2; at band 4 its best 1.3 > threshold 1.25 → pruned at step 3.
    //   t3 3+1/(s+1): 3.5 at band 2, threshold 2 → pruned at step 1.
    const file = ws.write('hb.yaml', `
program: ${script}
command: ['node', '\${program}']
method: grid
workers: 1
metric: {name: loss, goal: minimize}
early_terminate: {type: hyperband, min_iter: 2, eta: 2}
parameters:
  curve:
    values:
      - {a: 1, b: 1}
      - {a: 0.5, b: 3}
      - {a: 1.25, b: 0.2}
      - {a: 3, b: 1}
  steps: {value: 10}
  sleep_ms: {value: 250}
`)
    const engine = ws.engine({ maxWorkers: 1 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed', 'pruned', 'pruned'])
    expect(trials.map((t) => t.prunedAtStep)).toEqual([null, null, 3, 1])
    const series = await engine.getMetricSeries({ trialIds: trials.map((t) => t.id), metric: 'loss' })
    expect(series[0]!.steps).toHaveLength(10)
    // The pruned trials keep every point up to where they were stopped (and the few that raced the SIGTERM).
    for (const [i, stop] of [[2, 3], [3, 1]] as const) {
      expect(series[i]!.steps.slice(0, stop + 1)).toEqual([...Array(stop + 1).keys()])
      expect(series[i]!.steps.length).toBeLessThan(10)
      expect(trials[i]!.error).toBeNull()
    }
    const logs = await engine.getLogs({ trialId: trials[3]!.id })
    expect(logs.find((l) => l.stream === 'system' && l.line.includes('early termination'))?.line).toMatch(/hyperband: at band 2 .*threshold 2\)/)
  }, 60_000)

  it('stops a built-in trainer between epochs, keeping its curves and saved weights', async () => {
    const engine = ws.engine({ maxWorkers: 1 })
    // The first trial learns; the second barely moves (learning rate 1e-5): at band 2 (its 2nd epoch)
    // its best val_loss is outside the best third of the two runs there, so it stops.
    const { sweepId } = await engine.createSweep({
      text: [
        'method: grid', 'trainer: tabular', 'dataset: iris', 'seed: 4', 'save: last', 'workers: 1',
        'metric: {name: val_loss, goal: minimize}',
        'early_terminate: {type: hyperband, min_iter: 2, eta: 3}',
        'parameters:', '  learning_rate: {values: [0.03, 0.00001]}', '  epochs: {value: 1000}', '  hidden: {value: [16]}',
      ].join('\n'),
    })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    const [good, bad] = await engine.getTrials({ sweepId })
    expect(good!.status).toBe('completed')
    expect(bad!.status).toBe('pruned')
    const [valLoss, loss] = await Promise.all(['val_loss', 'loss'].map(async (metric) => (await engine.getMetricSeries({ trialIds: [bad!.id], metric }))[0]!))
    expect(valLoss!.steps.length).toBeGreaterThanOrEqual(2)
    expect(valLoss!.steps.length).toBeLessThan(1000)
    // Judged on its 2nd epoch record or a later one, while it was still training.
    expect(valLoss!.steps).toContain(bad!.prunedAtStep)
    expect(valLoss!.steps.indexOf(bad!.prunedAtStep!)).toBeGreaterThanOrEqual(1)
    // Between epochs: its last point is a whole epoch's record, not a step inside the next one.
    expect(loss!.steps.at(-1)).toBe(valLoss!.steps.at(-1))
    const artifacts = await engine.getArtifacts({ trialId: bad!.id })
    expect(artifacts.map((a) => a.name)).toContain('model')
  }, 120_000)

  it('refuses a sweep whose early_terminate cannot work before it is created, saying why', async () => {
    const engine = ws.engine({ maxWorkers: 1 })
    const text = ['method: grid', 'trainer: noop', 'metric: {name: loss, goal: minimize}', 'early_terminate: {type: hyperband, max_iter: 27}', 'parameters:', '  x: {values: [1, 2]}'].join('\n')
    const check = await engine.validateSpec({ text })
    expect(check.ok).toBe(false)
    expect(check.problems[0]).toMatchObject({ line: 4, path: 'early_terminate' })
    await expect(engine.createSweep({ text })).rejects.toThrow(/hyperband with max_iter needs s/)
    expect(await engine.listSweeps({})).toEqual([])
  })
})

