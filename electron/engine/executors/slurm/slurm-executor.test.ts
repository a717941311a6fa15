import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { executorSpecSchema } from '../../../../shared/executor-spec.ts'
import { openStore } from '../../store/open-store.ts'
import type { Store } from '../../store/store-types.ts'
import { newSweep, newTrial, useTempDir } from '../../store/test-helpers.ts'
import type { FromWorker, TrialJob } from '../../workers/protocol.ts'
import type { WorkerHandle } from '../../scheduler/worker-pool.ts'
import type { CommandResult } from './slurm-commands.ts'
import { createSlurmExecutor, type SlurmExecutor } from './slurm-executor.ts'
import { createSlurmJobRepo, type SlurmJobRepo } from './slurm-job-repo.ts'
import { STREAM_FILE } from './stream-file.ts'

const tmp = useTempDir()

/** A scripted Slurm: records every command, answers sbatch with job 50, squeue with `queue`. */
function fakeSlurm() {
  const calls: Array<[string, string[]]> = []
  const fake = {
    calls,
    queue: '',
    sbatch: { code: 0, stdout: '50\n', stderr: '' } as CommandResult,
    run: async (cmd: string, args: readonly string[]): Promise<CommandResult> => {
      calls.push([cmd, [...args]])
      if (cmd === 'sbatch') return fake.sbatch
      if (cmd === 'squeue') return { code: 0, stdout: fake.queue, stderr: '' }
      if (cmd === 'sacct') return { code: 1, stdout: '', stderr: 'Slurm accounting storage is disabled' }
      return { code: 0, stdout: '', stderr: '' }
    },
  }
  return fake
}

let store: Store
let jobs: SlurmJobRepo
let slurm: ReturnType<typeof fakeSlurm>
let messages: Array<[number, FromWorker]>
let exits: number[]
let executor: SlurmExecutor
let sweepId: number

beforeEach(() => {
  store = openStore(join(tmp(), 'w.db'))
  jobs = createSlurmJobRepo(store.db)
  slurm = fakeSlurm()
  messages = []
  exits = []
  sweepId = store.sweeps.insert(newSweep())
  executor = createSlurmExecutor({
    jobs, workspaceDir: join(tmp(), 'w.files'), commit: (fn) => store.db.transaction(fn)(),
    events: { message: (w, m) => messages.push([w.id, m]), exit: (w) => exits.push(w.id) },
    log: () => {}, pollMs: 20, finishGraceMs: 50, workerArgv: ['node', 'sweeplab.mjs', 'worker'], run: slurm.run,
  })
})
afterEach(async () => {
  await executor.close()
  store.close()
})

function startTrial(index: number): { handle: WorkerHandle; trialId: number; dir: string } {
  const trialId = store.trials.insert(newTrial(sweepId, index))
  const dir = join(tmp(), 'w.files', 'trials', String(sweepId), String(trialId))
  const handle = executor.tryAcquire()
  const job: TrialJob = {
    trialId, sweepId, params: { x: index }, seed: 7, trialDir: dir, argv: ['python3', 't.py'], cwd: tmp(), env: { CUDA_VISIBLE_DEVICES: '' },
    slurm: { executor: executorSpecSchema.parse({ type: 'slurm', partition: 'debug', max_concurrent: 2 }), cpu: 1, gpu: 1, timeoutSeconds: 600 },
  }
  handle.send({ type: 'run', job })
  return { handle, trialId, dir }
}

const until = async (fn: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 250 && !fn(); i++) await new Promise((r) => setTimeout(r, 20))
  if (!fn()) throw new Error(`timed out waiting for ${what}`)
}
const finishedOf = (trialId: number) => messages.map(([, m]) => m).find((m) => m.type === 'finished' && m.trialId === trialId) as Extract<FromWorker, { type: 'finished' }> | undefined

describe('Slurm executor', () => {
  it('submits the trials started in one tick as one job array and records each task\'s job id', async () => {
    const a = startTrial(0)
    const b = startTrial(1)
    const c = startTrial(2)
    await until(() => jobs.get(c.trialId) !== undefined, 'the jobs to be recorded')
    const sbatch = slurm.calls.filter(([cmd]) => cmd === 'sbatch')
    expect(sbatch).toHaveLength(1)
    expect(sbatch[0]![1]).toContain('--array=0-2%2')
    expect(sbatch[0]![1]).toContain('--gres=gpu:1')
    expect(sbatch[0]![1]).toContain('--time=10')
    expect([a, b, c].map((t) => jobs.get(t.trialId)!.jobId)).toEqual(['50_0', '50_1', '50_2'])
    // The job file is the local job minus the sbatch options and this machine's GPU view.
    const written = JSON.parse(readFileSync(join(a.dir, 'job.json'), 'utf8')) as TrialJob
    expect(written.slurm).toBeUndefined()
    expect(written.params).toEqual({ x: 0 })
  })

  it('hands on stream lines as they come, commits the offset, and ends the trial with the outcome the job wrote', async () => {
    const t = startTrial(0)
    await until(() => jobs.get(t.trialId) !== undefined, 'the job')
    slurm.queue = '50|RUNNING|None|node1\n'
    mkdirSync(t.dir, { recursive: true })
    const stream = join(t.dir, STREAM_FILE)
    appendFileSync(stream, `${JSON.stringify({ type: 'metrics', trialId: t.trialId, rows: [['loss', 0, 1.5, 10]] })}\n`)
    await until(() => messages.some(([, m]) => m.type === 'metrics'), 'the metrics')
    expect(messages.find(([, m]) => m.type === 'metrics')).toEqual([t.handle.id, { type: 'metrics', trialId: t.trialId, rows: [['loss', 0, 1.5, 10]] }])
    await until(() => jobs.get(t.trialId)!.state === 'RUNNING', 'the state')
    expect(jobs.get(t.trialId)).toMatchObject({ streamOffset: readFileSync(stream).length, node: 'node1' })
    const outcome = { status: 'completed', exitCode: 0, signal: null, error: null, backend: null }
    appendFileSync(stream, `${JSON.stringify({ type: 'finished', trialId: t.trialId, outcome, metrics: [], logs: [], artifacts: [] })}\n`)
    await until(() => finishedOf(t.trialId) !== undefined, 'the end')
    expect(finishedOf(t.trialId)!.outcome).toEqual(outcome)
    expect(jobs.get(t.trialId)!.state).toBe('COMPLETED')
    expect(messages.filter(([, m]) => m.type === 'metrics')).toHaveLength(1)
  })

  it("records the node the job's stream names when the trial ends before squeue ever saw it run", async () => {
    const t = startTrial(0)
    await until(() => jobs.get(t.trialId) !== undefined, 'the job')
    mkdirSync(t.dir, { recursive: true })
    const outcome = { status: 'completed', exitCode: 0, signal: null, error: null, backend: null }
    appendFileSync(join(t.dir, STREAM_FILE), [{ type: 'node', node: 'gpu07', at: 1 }, { type: 'finished', trialId: t.trialId, outcome, metrics: [], logs: [], artifacts: [] }]
      .map((e) => `${JSON.stringify(e)}\n`).join(''))
    await until(() => finishedOf(t.trialId) !== undefined, 'the end')
    expect(jobs.get(t.trialId)).toMatchObject({ state: 'COMPLETED', node: 'gpu07' })
  })

  it('ends a trial Slurm killed at its time limit as timeout with Slurm\'s reason', async () => {
    const t = startTrial(0)
    await until(() => jobs.get(t.trialId) !== undefined, 'the job')
    slurm.queue = '50|TIMEOUT|TimeLimit|node1\n'
    await until(() => finishedOf(t.trialId) !== undefined, 'the end')
    expect(finishedOf(t.trialId)!.outcome).toMatchObject({ status: 'timeout', error: 'Slurm: TIMEOUT (TimeLimit): job 50 reached its time limit' })
  })

  it('cancels with scancel and ends the trial as the engine asked', async () => {
    const t = startTrial(0)
    await until(() => jobs.get(t.trialId) !== undefined, 'the job')
    t.handle.send({ type: 'cancel', trialId: t.trialId, reason: 'cancelled', graceMs: 1000 })
    await until(() => finishedOf(t.trialId) !== undefined, 'the end')
    expect(slurm.calls).toContainEqual(['scancel', ['50']])
    expect(finishedOf(t.trialId)!.outcome).toMatchObject({ status: 'cancelled', error: 'cancelled: Slurm job 50 was cancelled with scancel' })
    expect(jobs.get(t.trialId)).toMatchObject({ state: 'CANCELLED', reason: 'scancel by Sweeplab (cancelled)' })
  })

  it('fails the trials of a refused submission with Slurm\'s message', async () => {
    slurm.sbatch = { code: 1, stdout: '', stderr: 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n' }
    const t = startTrial(0)
    await until(() => finishedOf(t.trialId) !== undefined, 'the end')
    expect(finishedOf(t.trialId)!.outcome).toMatchObject({
      status: 'failed', error: 'Slurm refused the job: sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified',
    })
    expect(jobs.get(t.trialId)).toBeUndefined()
  })

  it('re-attaches from the committed offset: lines already ingested are not handed on again', async () => {
    const trialId = store.trials.insert(newTrial(sweepId, 0))
    const dir = join(tmp(), 'w.files', 'trials', String(sweepId), String(trialId))
    mkdirSync(dir, { recursive: true })
    const old = `${JSON.stringify({ type: 'logs', trialId, rows: [['stdout', 1, 'first']] })}\n`
    appendFileSync(join(dir, STREAM_FILE), old + `${JSON.stringify({ type: 'logs', trialId, rows: [['stdout', 2, 'second']] })}\n`)
    jobs.record(trialId, '61')
    slurm.queue = '61|RUNNING|None|node2\n'
    executor.attach({ trialId, sweepId, trialDir: dir, jobId: '61', offset: Buffer.byteLength(old) })
    await until(() => messages.some(([, m]) => m.type === 'logs' && m.rows.some((r) => r[2] === 'second')), 'the new line')
    expect(messages.flatMap(([, m]) => (m.type === 'logs' ? m.rows.map((r) => r[2]) : [])).filter((l) => !l.startsWith('Slurm job'))).toEqual(['second'])
    expect(slurm.calls.some(([cmd]) => cmd === 'sbatch')).toBe(false)
    expect(existsSync(join(dir, 'job.json'))).toBe(false)
  })

  it('detaches without cancelling (engine shutdown) and reports a discarded job as exited', async () => {
    const a = startTrial(0)
    await until(() => jobs.get(a.trialId) !== undefined, 'the job')
    ;(a.handle as ReturnType<SlurmExecutor['attach']>).detach()
    expect(executor.size).toBe(0)
    expect(slurm.calls.some(([cmd]) => cmd === 'scancel')).toBe(false)
    const b = startTrial(1)
    await until(() => jobs.get(b.trialId) !== undefined, 'the job')
    executor.discard(b.handle)
    expect(exits).toEqual([b.handle.id])
  })
})
