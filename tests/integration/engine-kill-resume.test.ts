import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../../electron/engine/config/parse-sweep-spec.ts'
import { createSampler } from '../../electron/engine/search/create-sampler.ts'
import { createWorkspace, REPO_ROOT, runCli, waitFor, type Workspace } from './helpers.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')

interface TrialRow { id: number; idx: number; attempt: number; status: string; params_json: string; ended_at: number | null }
interface PointRow { trial_id: number; name: string; step: number; value: number | null }

describe('engine killed with SIGKILL mid-sweep, then resumed', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('ends every trial exactly once, keeps every committed point once, and continues the random sequence', async () => {
    const yaml = `
name: kill-me
method: random
seed: 1234
run_cap: 8
workers: 2
program: ${TRAIN}
command: ['node', '\${program}', '\${args}']
metric: {name: val_loss, goal: minimize}
parameters:
  x: {min: 0.0, max: 1.0}
  lr: {distribution: log_uniform_values, min: 0.001, max: 1.0}
  steps: {value: 30}
  sleep_ms: {value: 40}
`
    const file = ws.write('sweep.yaml', yaml)
    const first = runCli(['run', file, '--db', ws.dbPath])
    // Let some trials finish and others be mid-run, then pull the plug.
    await waitFor(() => {
      try {
        const done = ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE status = 'completed'")[0]!.n
        const running = ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE status = 'running'")[0]!.n
        return done >= 2 && running >= 1
      } catch {
        return false
      }
    }, 60_000, 'trials to complete and run')
    await new Promise((r) => setTimeout(r, 300))
    first.child.kill('SIGKILL')
    await first.done

    const before = ws.query<PointRow>('SELECT trial_id, name, step, value FROM metrics ORDER BY trial_id, name, step')
    const interruptedIds = ws.query<{ id: number }>("SELECT id FROM trials WHERE status IN ('running', 'queued')").map((r) => r.id)
    expect(interruptedIds.length).toBeGreaterThan(0)
    expect(before.length).toBeGreaterThan(0)

    const second = runCli(['resume', '1', '--db', ws.dbPath])
    const res = await second.done
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)

    const trials = ws.query<TrialRow>('SELECT id, idx, attempt, status, params_json, ended_at FROM trials ORDER BY id')
    // Every attempt row ended, once: none is left running or queued.
    expect(trials.every((t) => t.ended_at !== null && !['running', 'queued'].includes(t.status))).toBe(true)
    for (const id of interruptedIds) expect(trials.find((t) => t.id === id)!.status).toBe('interrupted')
    // Each of the 8 search indices finished for good exactly once.
    const finals = trials.filter((t) => t.status !== 'interrupted')
    expect(finals.map((t) => t.idx).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(finals.every((t) => t.status === 'completed')).toBe(true)

    // The random sequence is the one an uninterrupted run would have drawn.
    const sampler = createSampler(parseSweepSpec(yaml, 'sweep.yaml'), 1234)
    for (const t of trials) expect(JSON.parse(t.params_json)).toEqual(sampler.sample(t.idx).params)

    // Nothing committed before the kill was lost, and nothing is stored twice.
    const after = ws.query<PointRow>('SELECT trial_id, name, step, value FROM metrics ORDER BY trial_id, name, step')
    const key = (p: PointRow) => `${p.trial_id}/${p.name}/${p.step}`
    const afterMap = new Map(after.map((p) => [key(p), p.value]))
    for (const p of before) expect(afterMap.get(key(p))).toBe(p.value)
    expect(new Set(after.map(key)).size).toBe(after.length)
    expect(ws.query<{ integrity_check: string }>('PRAGMA integrity_check')[0]!.integrity_check).toBe('ok')
  })
})
