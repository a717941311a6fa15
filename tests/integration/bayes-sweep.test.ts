import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../../electron/engine/config/parse-sweep-spec.ts'
import { createSampler } from '../../electron/engine/search/create-sampler.ts'
import { createWorkspace, runCli, waitFor, type Workspace } from './helpers.ts'

interface TrialRow { id: number; idx: number; attempt: number; status: string; params_json: string; started_at: number | null; ended_at: number | null; final_value: number | null }

/** A quadratic "training" script: reports a falling loss that settles at the config's optimum distance. */
const QUADRATIC = `
const p = JSON.parse(process.env.SWEEPLAB_PARAMS)
const floor = (p.x - 0.3) ** 2 + 0.1 * (Math.log10(p.lr) + 2) ** 2 + 0.05 * Math.abs(p.layers - 3) + (p.opt === 'adam' ? 0 : 0.2)
for (let step = 0; step < 4; step++) {
  await new Promise((r) => setTimeout(r, 40))
  console.log('@@sweeplab ' + JSON.stringify({ step, loss: floor + 1 / (step + 1) }))
}
`

const SPEC = (script: string): string => `
name: bayes-it
method: bayes
seed: 77
run_cap: 14
workers: 2
program: ${script}
command: ['node', '\${program}']
metric: {name: loss, goal: minimize}
bayes: {startup_trials: 4}
parameters:
  x: {min: 0.0, max: 1.0}
  lr: {distribution: log_uniform_values, min: 0.0001, max: 1.0}
  layers: {min: 1, max: 6}
  opt: {values: [sgd, adam]}
`

describe('a bayes sweep with command trials over 2 workers', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('starts with the random trials, never runs two identical points at once, and resumes after a kill', async () => {
    const yaml = SPEC(ws.write('quadratic.mjs', QUADRATIC))
    const file = ws.write('sweep.yaml', yaml)
    const first = runCli(['run', file, '--db', ws.dbPath])
    // Past the startup trials, with the model suggesting while a trial runs: then pull the plug.
    await waitFor(() => {
      try {
        const rows = ws.query<{ status: string; idx: number }>('SELECT status, idx FROM trials')
        return rows.filter((r) => r.status === 'completed').length >= 6 && rows.some((r) => r.status === 'running')
      } catch {
        return false
      }
    }, 60_000, 'trials past the startup ones to run')
    first.child.kill('SIGKILL')
    await first.done
    const nextIndexAtKill = ws.query<{ next_index: number }>('SELECT next_index FROM sweeps WHERE id = 1')[0]!.next_index
    const interrupted = ws.query<TrialRow>("SELECT * FROM trials WHERE status IN ('running', 'queued')")
    expect(interrupted.length).toBeGreaterThan(0)
    expect(nextIndexAtKill).toBeLessThan(14)

    const second = runCli(['resume', '1', '--db', ws.dbPath])
    const res = await second.done
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(ws.query<{ status: string }>('SELECT status FROM sweeps WHERE id = 1')[0]!.status).toBe('completed')

    const trials = ws.query<TrialRow>('SELECT * FROM trials ORDER BY id')
    const finals = trials.filter((t) => t.status !== 'interrupted')
    // Every index of the run_cap finished, once; the interrupted ones ran again with their params.
    expect(finals.map((t) => t.idx).sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => i))
    expect(finals.every((t) => t.status === 'completed' && t.final_value !== null)).toBe(true)
    for (const t of interrupted) {
      const rerun = finals.find((f) => f.idx === t.idx)!
      expect(rerun.attempt).toBeGreaterThan(t.attempt)
      expect(JSON.parse(rerun.params_json)).toEqual(JSON.parse(t.params_json))
    }
    // Trials beyond the kill were suggested after resume (by a fresh sampler reading the stored trials).
    expect(finals.some((t) => t.idx >= nextIndexAtKill)).toBe(true)

    const spec = parseSweepSpec(yaml, 'sweep.yaml')
    const random = createSampler({ ...spec, method: 'random' }, 77)
    const byIndex = new Map(finals.map((t) => [t.idx, JSON.parse(t.params_json) as Record<string, unknown>]))
    for (let i = 0; i < 4; i++) expect(byIndex.get(i)).toEqual(random.sample(i).params)
    // After the startup trials the model chooses: not the random sequence.
    const modelled = [...byIndex].filter(([i]) => i >= 4)
    expect(modelled.filter(([i, p]) => JSON.stringify(p) === JSON.stringify(random.sample(i).params))).toHaveLength(0)

    // No two trials that ran at the same time had the same params (the constant liar at work), nor any two at all.
    const ran = finals.filter((t) => t.started_at !== null && t.ended_at !== null)
    for (const a of ran) {
      for (const b of ran) {
        if (a.id >= b.id) continue
        const overlapped = a.started_at! < b.ended_at! && b.started_at! < a.ended_at!
        if (overlapped) expect(a.params_json, `trials ${a.idx} and ${b.idx} ran at once`).not.toBe(b.params_json)
      }
    }
    expect(new Set(finals.map((t) => t.params_json)).size).toBe(14)
    expect(ran.some((a) => ran.some((b) => a.id !== b.id && a.started_at! < b.ended_at! && b.started_at! < a.ended_at!))).toBe(true)
  }, 120_000)
})
