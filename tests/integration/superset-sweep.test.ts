import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, REPO_ROOT, type Workspace } from './helpers.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')

/** A command sweep using all four superset keys; train.mjs logs the params it got (training with {...}). */
const SPEC = `name: superset
program: ${TRAIN}
command: ['node', '\${program}', '\${args}']
method: grid
workers: 2
metric: {name: val_loss, goal: minimize}
parameters:
  opt: {values: [adam, sgd]}
  lr: {values: [0.1, 1.0], when: {opt: sgd}}
  shape:
    group:
      - {x: 0.1, steps: 2}
      - {x: 0.3, steps: 3}
      - {x: 0.5, steps: 40}
derived:
  sleep_ms: "5 if steps < 10 else 0"
  warmup: "int(0.5 * steps)"
  lr_scaled: "lr * 2"
constraints:
  - "steps * x <= 2"
`

describe('a sweep with when:, group:, derived: and constraints: on real workers and a real SQLite file', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('runs each distinct active point once, passes derived values, and records the skipped count', async () => {
    const file = ws.write('superset.yaml', SPEC)
    const engine = ws.engine({ maxWorkers: 2 })
    expect(await engine.validateSpec({ text: SPEC, fileName: file })).toEqual({ ok: true, problems: [], total: 6, grid: { combinations: 9, skipped: 3 } })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary).toMatchObject({ status: 'completed', total: 6, done: 6 })

    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => t.status)).toEqual(Array(6).fill('completed'))
    expect(trials.map((t) => t.params)).toEqual([
      { opt: 'adam', x: 0.1, steps: 2, sleep_ms: 5, warmup: 1 },
      { opt: 'adam', x: 0.3, steps: 3, sleep_ms: 5, warmup: 1 },
      { opt: 'sgd', lr: 0.1, x: 0.1, steps: 2, sleep_ms: 5, warmup: 1, lr_scaled: 0.2 },
      { opt: 'sgd', lr: 0.1, x: 0.3, steps: 3, sleep_ms: 5, warmup: 1, lr_scaled: 0.2 },
      { opt: 'sgd', lr: 1.0, x: 0.1, steps: 2, sleep_ms: 5, warmup: 1, lr_scaled: 2 },
      { opt: 'sgd', lr: 1.0, x: 0.3, steps: 3, sleep_ms: 5, warmup: 1, lr_scaled: 2 },
    ])
    // The program got exactly the active params and the derived values, as flags.
    const logs = await engine.getLogs({ trialId: trials[0]!.id })
    expect(logs.find((l) => l.line.startsWith('training with'))?.line).toBe('training with {"opt":"adam","x":0.1,"steps":2,"sleep_ms":5,"warmup":1}')
    const points = ws.query<{ n: number }>("SELECT count(*) AS n FROM metrics WHERE name = 'loss'")[0]!.n
    expect(points).toBe(3 * 2 + 3 * 3)

    const detail = await engine.getSweep({ sweepId })
    expect(detail.skipped).toEqual({ count: 3, exact: true, combinations: 9 })
    await expect(engine.exportWandb({ sweepId })).rejects.toMatchObject({ code: 'export/unsupported' })
    const wandb = await engine.exportWandb({ sweepId, dropUnsupported: true })
    expect(wandb.dropped.map((d) => d.split(' ')[0])).toEqual(['parameters.lr.when', 'parameters.shape', 'derived', 'constraints'])
    expect(wandb.omitted).toEqual(['workers'])
  })

  it('redraws random points that break a constraint, counts them across a restart, and finds a failing expression at validation', async () => {
    const random = SPEC.replace('method: grid', 'method: random\nrun_cap: 6\nseed: 3')
    const file = ws.write('random.yaml', random)
    let engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: random, fileName: file })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const trials = await engine.getTrials({ sweepId })
    for (const t of trials) expect((t.params.steps as number) * (t.params.x as number)).toBeLessThanOrEqual(2)
    const before = (await engine.getSweep({ sweepId })).skipped
    expect(before?.exact).toBe(true)
    await engine.shutdown()
    // A new engine on the same file derives the same count from the seed and the next index.
    engine = ws.engine({ maxWorkers: 2 })
    expect((await engine.getSweep({ sweepId })).skipped).toEqual(before)

    const failing = random.replace('lr_scaled: "lr * 2"', 'lr_scaled: "lr * 2"\n  boom: "1 / (steps - steps)"')
    const bad = await engine.validateSpec({ text: failing })
    expect(bad.ok).toBe(false)
    expect(bad.problems[0]).toMatchObject({ path: 'derived.boom', message: expect.stringContaining('division by zero in "1 / (steps - steps)"') })
  })

  it('ends a sweep failed, with the point and the reason, when an expression fails while it runs', async () => {
    const random = SPEC.replace('method: grid', 'method: random\nrun_cap: 4\nseed: 3')
    let engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: random, start: false })
    await engine.shutdown()
    // A spec validation let through (its draws never hit the failure) that fails on this sweep's first draw.
    const db = new Database(ws.dbPath)
    const row = db.prepare('SELECT spec_json FROM sweeps WHERE id = ?').get(sweepId) as { spec_json: string }
    const spec = JSON.parse(row.spec_json) as { derived: Record<string, string> }
    spec.derived.boom = '1 / (steps - steps)'
    db.prepare('UPDATE sweeps SET spec_json = ? WHERE id = ?').run(JSON.stringify(spec), sweepId)
    db.close()
    engine = ws.engine({ maxWorkers: 2 })
    await engine.resumeSweep({ sweepId })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('failed')
    expect(summary.error).toMatch(/^trial index 0: derived\.boom: division by zero in "1 \/ \(steps - steps\)" for opt=/)
    expect(await engine.getTrials({ sweepId })).toEqual([])
  })
})
