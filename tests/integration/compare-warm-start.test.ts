import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../../electron/engine/config/parse-sweep-spec.ts'
import { createEngine } from '../../electron/engine/engine.ts'
import type { Engine } from '../../electron/engine/engine-types.ts'
import { createSampler } from '../../electron/engine/search/create-sampler.ts'
import { openStore } from '../../electron/engine/store/open-store.ts'
import { loadWarmStart, warmStartedSpec } from '../../electron/engine/warm-start-sources.ts'
import { isSweeplabError } from '../../shared/errors.ts'
import { createWorkspace, runCli, type Workspace } from './helpers.ts'

/** Reports a loss that depends on x and opt, at once: the sweeps here test the search, not training. */
const SCRIPT = `
const p = JSON.parse(process.env.SWEEPLAB_PARAMS)
console.log('@@sweeplab ' + JSON.stringify({ loss: (p.x - 0.3) ** 2 + (p.opt === 'adam' ? 0 : 0.5) }))
`

const spec = (script: string, o: { name: string; method: string; cap: number; seed: number; max?: number; extra?: string }): string => `
name: ${o.name}
method: ${o.method}
seed: ${o.seed}
run_cap: ${o.cap}
workers: 2
program: ${script}
command: ['node', '\${program}']
metric: {name: loss, goal: minimize}
${o.extra ?? ''}
parameters:
  x: {min: 0.0, max: ${o.max ?? 1.0}}
  opt: {values: [sgd, adam]}
`

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p
  } catch (e) {
    if (isSweeplabError(e)) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected a rejection')
}

describe('warm start, compare and read-only workspaces (real engine, real trials)', () => {
  let ws: Workspace
  let engine: Engine
  let script: string
  beforeEach(() => {
    ws = createWorkspace()
    engine = ws.engine({ maxWorkers: 2 })
    script = ws.write('loss.mjs', SCRIPT)
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('seeds a bayes sweep with the fitting trials of an earlier one: the model draws its first trial from them', async () => {
    // x up to 2 in the source: trials with x > 1 fall outside the new sweep's space and are dropped.
    const source = await engine.createSweep({ text: spec(script, { name: 'explore', method: 'random', cap: 10, seed: 5, max: 2 }), fileName: join(ws.dir, 'a.yaml') })
    await engine.waitForSweep(source.sweepId)
    const sourceTrials = await engine.getTrials({ sweepId: source.sweepId })
    const fitting = sourceTrials.filter((t) => (t.params.x as number) <= 1).length
    expect(fitting).toBeGreaterThan(0)
    expect(fitting).toBeLessThan(10)

    const text = spec(script, { name: 'refine', method: 'bayes', cap: 2, seed: 9, extra: 'bayes: {startup_trials: 3}' })
    const created = await engine.createSweep({ text, fileName: join(ws.dir, 'b.yaml'), warmStart: ['explore'] })
    await engine.waitForSweep(created.sweepId)
    expect(created.warmStart).toEqual({
      used: fitting,
      dropped: 10 - fitting,
      sources: [{ sweepId: source.sweepId, name: 'explore', used: fitting, dropped: [{ reason: "x outside this sweep's range", count: 10 - fitting }] }],
    })
    // The stored spec names the source by id, so a rename cannot change what a resume reads.
    const detail = await engine.getSweep({ sweepId: created.sweepId })
    expect((detail.spec as { bayes: { warm_start: unknown } }).bayes.warm_start).toEqual({ sweeps: [source.sweepId] })

    // What the sampler saw: the warm records, and with them the startup phase already over.
    const parsed = parseSweepSpec(text)
    const store = openStore(ws.dbPath, { readonly: true })
    const warm = loadWarmStart(store, { ...parsed, bayes: { ...parsed.bayes!, warm_start: { sweeps: [source.sweepId] } } })!
    store.close()
    expect(warm.records.map((r) => r.index)).toEqual(Array.from({ length: fitting }, (_, i) => i - fitting))
    const [first] = (await engine.getTrials({ sweepId: created.sweepId })).filter((t) => t.index === 0)
    const withHistory = createSampler(warmStartedSpec(parsed, warm), 9, () => warm.records).sample(0)
    const cold = createSampler(parsed, 9).sample(0)
    expect(first!.params).toEqual(withHistory.params)
    expect(first!.params).not.toEqual(cold.params)
  }, 120_000)

  it('refuses a warm start from a sweep with another metric or goal, or from a sweep that is not there', async () => {
    const other = await engine.createSweep({ text: spec(script, { name: 'max', method: 'random', cap: 1, seed: 1 }).replace('goal: minimize', 'goal: maximize'), fileName: join(ws.dir, 'm.yaml') })
    await engine.waitForSweep(other.sweepId)
    const text = spec(script, { name: 'b', method: 'bayes', cap: 1, seed: 2 })
    const wrongGoal = await errorOf(engine.createSweep({ text, fileName: join(ws.dir, 'b.yaml'), warmStart: [other.sweepId] }))
    expect(wrongGoal.code).toBe('spec/warm-start')
    expect(wrongGoal.message).toContain('needs the same metric name and goal')
    const missing = await errorOf(engine.createSweep({ text, fileName: join(ws.dir, 'b.yaml'), warmStart: ['nope'] }))
    expect(missing).toEqual({ code: 'spec/warm-start', message: 'bayes.warm_start: no sweep named "nope" in this workspace (see sweeplab ls)' })
    const notBayes = await errorOf(engine.createSweep({ text: spec(script, { name: 'r', method: 'random', cap: 1, seed: 2 }), warmStart: [other.sweepId] }))
    expect(notBayes.code).toBe('spec/warm-start')
    // Live validation of the key reports the same problem at its path.
    const checked = await engine.validateSpec({ text: `${text}\nbayes: {warm_start: {sweeps: [${other.sweepId}]}}\n`, fileName: 'b.yaml' })
    expect(checked.ok).toBe(false)
    expect(checked.problems[0]).toMatchObject({ path: 'bayes.warm_start.sweeps' })
    expect((await engine.listSweeps({})).length).toBe(1)
  }, 60_000)

  it('opens a workspace read-only: reads work, writes are refused, the file is never modified', async () => {
    const a = await engine.createSweep({ text: spec(script, { name: 'a', method: 'random', cap: 3, seed: 1 }), fileName: join(ws.dir, 'a.yaml') })
    await engine.waitForSweep(a.sweepId)
    await engine.shutdown()
    const before = sha(ws.dbPath)

    const ro = createEngine({ dbPath: ws.dbPath, readOnly: true })
    try {
      expect(await ro.getWorkspace({})).toEqual({ dbPath: ws.dbPath, readOnly: true })
      expect((await ro.listSweeps({})).map((s) => s.name)).toEqual(['a'])
      expect((await ro.getTrials({ sweepId: a.sweepId })).length).toBe(3)
      expect((await ro.exportBest({ sweepId: a.sweepId, format: 'json' })).content).toContain('"x"')
      for (const call of [
        ro.createSweep({ text: spec(script, { name: 'b', method: 'random', cap: 1, seed: 1 }) }),
        ro.deleteSweep({ sweepId: a.sweepId }),
        ro.resumeSweep({ sweepId: a.sweepId }),
        ro.cancelSweep({ sweepId: a.sweepId }),
      ]) {
        const e = await errorOf(call)
        expect(e.code).toBe('workspace/read-only')
        expect(e.message).toContain(`${ws.dbPath} is open read-only`)
      }
    } finally {
      await ro.shutdown()
    }
    expect(sha(ws.dbPath)).toBe(before)
  }, 60_000)

  it('compares sweeps across two workspace files, reading the other one read-only', async () => {
    const a = await engine.createSweep({ text: spec(script, { name: 'a', method: 'random', cap: 3, seed: 1 }), fileName: join(ws.dir, 'a.yaml') })
    await engine.waitForSweep(a.sweepId)
    await engine.shutdown()
    const otherDb = join(ws.dir, 'other.db')
    copyFileSync(ws.dbPath, otherDb)
    const before = sha(otherDb)
    const here = ws.engine()
    const b = await here.createSweep({ text: spec(script, { name: 'b', method: 'random', cap: 2, seed: 2 }).replace('  opt: {values: [sgd, adam]}', '  depth: {values: [1, 2]}'), fileName: join(ws.dir, 'b.yaml') })
    await here.waitForSweep(b.sweepId)
    const result = await here.compareSweeps({ sweeps: [{ sweepId: b.sweepId }, { sweepId: a.sweepId, workspace: otherDb }] })
    expect(result.sweeps.map((s) => [s.name, s.workspace])).toEqual([['b', null], ['a', otherDb]])
    expect(result.metric).toEqual({ name: 'loss', goal: 'minimize' })
    expect(result.params.map((p) => [p.name, p.shared, p.sides.map((x) => x !== null)])).toEqual([
      ['x', true, [true, true]], ['depth', false, [true, false]], ['opt', false, [false, true]],
    ])
    expect(result.trials.filter((t) => t.sweep === 1).length).toBe(3)
    expect(sha(otherDb)).toBe(before)

    // The CLI prints the same alignment.
    const cli = await runCli(['compare', String(b.sweepId), `${otherDb}:${a.sweepId}`, '--db', ws.dbPath]).done
    expect(cli.stderr).toBe('')
    expect(cli.code).toBe(0)
    expect(cli.stdout).toContain('comparing 2 sweeps on loss (minimize)')
    expect(cli.stdout).toMatch(/depth\s+A\s/)
  }, 60_000)

  it('refuses a read-only workspace of an older or a newer schema with a message saying what to do', async () => {
    await engine.shutdown()
    const openError = (): { code: string; message: string } | null => {
      try {
        createEngine({ dbPath: ws.dbPath, readOnly: true })
      } catch (e) {
        if (isSweeplabError(e)) return { code: e.code, message: e.message }
        throw e
      }
      return null
    }
    const db = new Database(ws.dbPath)
    db.pragma('user_version = 99')
    db.close()
    expect(openError()).toMatchObject({ code: 'store/schema-newer-than-app', message: expect.stringContaining('Update Sweeplab') })
    const old = new Database(ws.dbPath)
    old.pragma('user_version = 2')
    old.prepare('DELETE FROM schema_migrations WHERE version > 2').run()
    old.close()
    expect(openError()?.message).toMatch(/has schema version 2 and needs an upgrade to \d+; open it once without read-only mode/)
  })
})
