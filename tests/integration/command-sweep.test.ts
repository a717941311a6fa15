import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, processGroupAlive, REPO_ROOT, waitFor, type Workspace } from './helpers.ts'

const TRAIN = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')

function sweepYaml(body: string): string {
  return `program: ${TRAIN}\ncommand: ['node', '\${program}', '\${args}']\n${body}`
}

describe('command sweeps on real workers and a real SQLite file', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('runs a 2-worker grid sweep of a real command and records every metric point', async () => {
    const file = ws.write('grid.yaml', sweepYaml(`
name: grid-2w
method: grid
workers: 2
metric: {name: val_loss, goal: minimize}
parameters:
  x: {values: [0.1, 0.3, 0.5]}
  lr: {values: [0.1, 1.0]}
  steps: {value: 6}
  sleep_ms: {value: 30}
`))
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    expect(summary.total).toBe(6)
    expect(summary.done).toBe(6)

    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => t.status)).toEqual(Array(6).fill('completed'))
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(6)
    // Two worker processes shared the six trials, and trials overlapped in time.
    expect(new Set(trials.map((t) => t.workerId)).size).toBe(2)
    const overlaps = trials.some((a) => trials.some((b) => a.id !== b.id && a.startedAt! < b.endedAt! && b.startedAt! < a.endedAt!))
    expect(overlaps).toBe(true)

    const points = ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics')[0]!.n
    expect(points).toBe(6 * 7)
    const best = trials.find((t) => t.id === summary.bestTrialId)!
    expect(best.params).toMatchObject({ x: 0.3, lr: 1.0 })
    expect(summary.bestValue).toBeCloseTo(1 / 7, 6)

    const series = await engine.getMetricSeries({ trialIds: [best.id], metric: 'loss' })
    expect(series[0]!.steps).toEqual([0, 1, 2, 3, 4, 5])
    const logs = await engine.getLogs({ trialId: best.id })
    expect(logs.some((l) => l.stream === 'stdout' && l.line.startsWith('training with'))).toBe(true)
  })

  it('marks a trial whose metric turns NaN as diverged and stops it', async () => {
    const file = ws.write('nan.yaml', sweepYaml(`
method: grid
metric: {name: loss}
parameters:
  nan_at: {values: [2]}
  steps: {value: 50}
  sleep_ms: {value: 20}
`))
    const engine = ws.engine()
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('diverged')
    expect(t!.error).toMatch(/non-finite metric: loss=NaN at step 2/)
    expect(summary.status).toBe('failed')
    // Points before the NaN were kept; the run was stopped long before its 50 steps.
    const steps = ws.query<{ step: number }>('SELECT step FROM metrics WHERE name = ? ORDER BY step', 'loss').map((r) => r.step)
    expect(steps.slice(0, 3)).toEqual([0, 1, 2])
    expect(steps.length).toBeLessThan(50)
  })

  it('records a failing command with its exit code and output tail, and retries it', async () => {
    const file = ws.write('fail.yaml', sweepYaml(`
method: grid
retries: 1
parameters:
  fail_at: {values: [1]}
`))
    const engine = ws.engine()
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => [t.index, t.attempt, t.status, t.exitCode])).toEqual([
      [0, 1, 'failed', 3],
      [0, 2, 'failed', 3],
    ])
    expect(trials[0]!.error).toMatch(/exit code 3; last output:[\s\S]*boom at step 1/)
    expect(summary.status).toBe('failed')
    expect(summary.done).toBe(1)
  })

  it('kills the whole process group of a trial that runs past its timeout', async () => {
    const pidFile = join(ws.dir, 'pid')
    const file = ws.write('hang.yaml', sweepYaml(`
method: grid
timeout: 1s
parameters:
  hang: {value: true}
  pid_file: {value: ${pidFile}}
`))
    const engine = ws.engine({ shutdownGraceMs: 500 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('timeout')
    expect(summary.status).toBe('failed')
    const pgid = Number(readFileSync(pidFile, 'utf8').split(' ')[0])
    await waitFor(() => !processGroupAlive(pgid), 5000, 'the process group to be gone')
  })

  it('retries a trial whose worker was killed with SIGKILL, and the sweep completes', async () => {
    const pidFile = join(ws.dir, 'pid')
    const file = ws.write('kill.yaml', sweepYaml(`
method: grid
retries: 1
metric: {name: val_loss}
parameters:
  steps: {value: 40}
  sleep_ms: {value: 50}
  pid_file: {value: ${pidFile}}
`))
    const engine = ws.engine()
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const [scriptPid, workerPid] = (await waitFor(() => {
      try {
        const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number)
        // The file can be seen before the script has finished writing it.
        return pids.length === 2 && pids.every((p) => Number.isInteger(p) && p > 0) ? pids : undefined
      } catch {
        return undefined
      }
    }, 10_000, 'the trial to start')) as [number, number]
    await waitFor(() => ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics')[0]!.n >= 3, 10_000, 'metrics')
    process.kill(workerPid, 'SIGKILL')
    const summary = await engine.waitForSweep(sweepId)
    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => [t.attempt, t.status])).toEqual([[1, 'crashed'], [2, 'completed']])
    expect(trials[0]!.signal).toBe('SIGKILL')
    expect(trials[0]!.error).toMatch(/worker \d+ \(trial \d+\) exited with signal SIGKILL; \d+ metric points were saved/)
    expect(summary.status).toBe('completed')
    // The orphaned training script was taken down with its worker.
    await waitFor(() => !processGroupAlive(scriptPid), 5000, 'the crashed trial process group to be gone')
    const kept = ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics WHERE trial_id = ?', trials[0]!.id)[0]!.n
    expect(kept).toBeGreaterThanOrEqual(3)
  })

  it('gives each GPU trial its own free GPU through CUDA_VISIBLE_DEVICES and bounds BLAS threads', async () => {
    const smi = ws.write('fake-nvidia-smi', '#!/bin/sh\necho "0, Fake GPU A, 16000"\necho "1, Fake GPU B, 16000"\n', true)
    const envFile = join(ws.dir, 'env.jsonl')
    const file = ws.write('gpu.yaml', sweepYaml(`
method: grid
workers: 2
resources: {gpu: 1, cpu: 1}
parameters:
  x: {values: [1, 2, 3, 4]}
  steps: {value: 5}
  sleep_ms: {value: 40}
  env_file: {value: ${envFile}}
`))
    process.env.SWEEPLAB_NVIDIA_SMI = smi
    try {
      const engine = ws.engine({ maxWorkers: 2 })
      const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
      expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
      const trials = await engine.getTrials({ sweepId })
      const seen = readFileSync(envFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { x: number; cuda: string; omp: string })
      // Each trial saw exactly one of the two GPUs, and both were used (which one a later trial
      // gets depends on which earlier trial finished first).
      expect(seen).toHaveLength(4)
      expect(new Set(seen.map((s) => s.cuda))).toEqual(new Set(['0', '1']))
      expect(seen.every((s) => s.omp === '1')).toBe(true)
      // Trials that ran at the same time never shared a GPU.
      for (const a of trials) {
        for (const b of trials) {
          if (a.id >= b.id || !(a.startedAt! < b.endedAt! && b.startedAt! < a.endedAt!)) continue
          const ga = seen.find((s) => s.x === a.params.x)!.cuda
          const gb = seen.find((s) => s.x === b.params.x)!.cuda
          expect(ga).not.toBe(gb)
        }
      }
    } finally {
      delete process.env.SWEEPLAB_NVIDIA_SMI
    }
  })

  it('ends a trial whose program exits while a background job still holds its output', async () => {
    const script = ws.write('bg.sh', '#!/bin/bash\nsleep 30 &\necho \'@@sweeplab {"step": 0, "loss": 1}\'\nexit 0\n', true)
    const file = ws.write('bg.yaml', `program: ${script}\ncommand: ['\${program}']\nmethod: grid\nparameters:\n  x: {values: [1]}\n`)
    const engine = ws.engine()
    const t0 = Date.now()
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    const summary = await engine.waitForSweep(sweepId)
    expect(summary.status).toBe('completed')
    expect(Date.now() - t0).toBeLessThan(10_000)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.finalValue ?? (await engine.getMetricSeries({ trialIds: [t!.id], metric: 'loss' }))[0]!.values[0]).toBe(1)
  })

  it('fails a trial that cannot be set up with the reason instead of crashing its worker', async () => {
    const file = ws.write('setup.yaml', sweepYaml(`
method: grid
parameters:
  x: {values: [1]}
`))
    const engine = ws.engine()
    // A file where the workspace's files folder should be makes every trial folder impossible to create.
    ws.write('workspace.files', 'not a folder')
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    await engine.waitForSweep(sweepId)
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('failed')
    expect(t!.error).toMatch(/could not start the trial: .*(ENOTDIR|EEXIST)/)
  })
})
