import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, type Workspace } from './helpers.ts'

// A script with no Sweeplab client: it only prints, as most training scripts do.
const PRINT_ONLY_PY = `
import json, os, sys
lr = json.loads(os.environ["SWEEPLAB_PARAMS"])["lr"]
loss = 1.0
for epoch in range(4):
    loss = loss * (1 - lr)
    print(f"epoch {epoch} loss={loss:.4f}", flush=True)
    print(f"val_acc: {0.5 + epoch * 0.1:.2f}", file=sys.stderr, flush=True)
print("done")
`

// One way to fail per value of mode, each as a real process would.
const FAILING_MJS = `
const { mode } = JSON.parse(process.env.SWEEPLAB_PARAMS)
const hold = () => setInterval(() => {}, 1000)
console.log('epoch 0 loss=0.5')
switch (mode) {
  case 'ok': console.log('epoch 1 loss=0.25'); break
  case 'exit137': process.exit(137)
  case 'sigkill': hold(); process.kill(process.pid, 'SIGKILL'); break
  case 'oom_message':
    console.error('Traceback (most recent call last):')
    console.error('torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB')
    process.exit(1)
  case 'nan': console.log('epoch 1 loss=nan'); hold(); break
  case 'exit3': console.error('ValueError: bad lr'); process.exit(3)
  case 'sighup': hold(); process.kill(process.pid, 'SIGHUP'); break
  case 'sleep': hold(); break
}
`

describe('metrics read from printed lines, and why trials failed', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('reads a print-only Python script with stdout_metrics patterns, stdout and stderr', async () => {
    const script = ws.write('train.py', PRINT_ONLY_PY)
    const file = ws.write('print.yaml', `
program: ${script}
method: grid
metric: {name: loss, goal: minimize}
parameters:
  lr: {values: [0.1, 0.5]}
stdout_metrics:
  - pattern: 'epoch (?<step>\\d+) loss=(?<loss>\\S+)'
  - {name: val_acc, pattern: 'val_acc: ([0-9.]+)', stream: stderr}
`)
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    const trials = await engine.getTrials({ sweepId })
    expect(trials.map((t) => [t.status, t.failureReason])).toEqual([['completed', null], ['completed', null]])
    // 0.9^4 and 0.5^4, as printed with 4 decimals.
    expect(trials.map((t) => t.finalValue)).toEqual([0.6561, 0.0625])
    const loss = await engine.getMetricSeries({ trialIds: [trials[0]!.id], metric: 'loss' })
    expect(loss[0]!.steps).toEqual([0, 1, 2, 3])
    expect(loss[0]!.values).toEqual([0.9, 0.81, 0.729, 0.6561])
    const acc = await engine.getMetricSeries({ trialIds: [trials[1]!.id], metric: 'val_acc' })
    expect(acc[0]!.steps).toEqual([0, 1, 2, 3])
    expect(acc[0]!.values).toEqual([0.5, 0.6, 0.7, 0.8])
    // The matched lines stay in the log: they were printed for a person too.
    const logs = await engine.getLogs({ trialId: trials[0]!.id })
    expect(logs.filter((l) => l.stream === 'stdout').map((l) => l.line)).toContain('epoch 3 loss=0.6561')
    expect((await engine.getSweep({ sweepId })).failureReasons).toEqual({})
  })

  it('classifies each failure and counts them per sweep', async () => {
    const script = ws.write('fail.mjs', FAILING_MJS)
    const modes = ['ok', 'exit137', 'sigkill', 'oom_message', 'nan', 'exit3', 'sighup', 'sleep']
    const file = ws.write('fail.yaml', `
program: ${script}
command: ['node', '\${program}']
method: grid
timeout: 6s
metric: {name: loss, goal: minimize}
parameters:
  mode: {values: [${modes.join(', ')}]}
stdout_metrics:
  - pattern: 'epoch (?<step>\\d+) loss=(?<loss>\\S+)'
`)
    const engine = ws.engine({ maxWorkers: 2 })
    const { sweepId } = await engine.createSweep({ text: readFileSync(file, 'utf8'), fileName: file })
    await engine.waitForSweep(sweepId)
    const trials = await engine.getTrials({ sweepId })
    const byMode = new Map(trials.map((t) => [t.params.mode as string, t]))
    const reasons = Object.fromEntries(modes.map((m) => [m, [byMode.get(m)!.status, byMode.get(m)!.failureReason]]))
    expect(reasons).toEqual({
      ok: ['completed', null],
      exit137: ['failed', 'oom'],
      sigkill: ['failed', 'oom'],
      oom_message: ['failed', 'oom'],
      nan: ['diverged', 'nan_metric'],
      exit3: ['failed', 'nonzero_exit'],
      sighup: ['failed', 'signal'],
      sleep: ['timeout', 'timeout'],
    })
    expect(byMode.get('exit137')!.failureNote).toMatch(/^out of memory: exit code 137/)
    expect(byMode.get('oom_message')!.failureNote).toBe('out of memory: PyTorch: torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB')
    expect(byMode.get('nan')!.failureNote).toBe('non-finite metric loss=NaN at step 1')
    expect(byMode.get('exit3')!.failureNote).toBe('exit code 3; last output: ValueError: bad lr')
    expect(byMode.get('sighup')!.failureNote).toMatch(/^killed by signal SIGHUP/)
    const detail = await engine.getSweep({ sweepId })
    expect(detail.failureReasons).toEqual({ oom: 3, nan_metric: 1, nonzero_exit: 1, signal: 1, timeout: 1 })
    const stored = ws.query<{ failure_reason: string | null }>('SELECT failure_reason FROM trials WHERE sweep_id = ? ORDER BY idx', sweepId)
    expect(stored.map((r) => r.failure_reason)).toEqual([null, 'oom', 'oom', 'oom', 'nan_metric', 'nonzero_exit', 'signal', 'timeout'])
  })
})
