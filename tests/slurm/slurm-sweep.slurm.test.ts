import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../shared/errors.ts'
import { slurmJobName } from '../../electron/engine/executors/slurm/sbatch-script.ts'
import { workspaceFilesDir } from '../../electron/engine/workspace-files.ts'
import type { Workspace } from '../integration/helpers.ts'
import { skipReason, jobsNamed, scancel, useSlurmWorkspace, waitUntil } from './cluster.ts'

const why = skipReason()

function spec(executor: string, sleep = 0, extra = ''): string {
  return `method: grid\nprogram: train.mjs\ncommand: [node, '\${program}', '\${args}']\nmetric: {name: loss}\nseed: 11\n` +
    `parameters:\n  x: {values: [0, 1, 2]}\n  sleep: {value: ${sleep}}\n${executor}${extra}`
}

describe.skipIf(why !== null)('Slurm executor on a real cluster', () => {
  let ws!: Workspace
  useSlurmWorkspace((w) => (ws = w))

  it('runs every trial as a Slurm job (one job array) with the same metrics as a local run of the same seeds', async () => {
    const engine = ws.engine()
    const local = (await engine.createSweep({ text: spec(''), fileName: ws.write('local.yaml', spec('')) })).sweepId
    await engine.waitForSweep(local)
    const text = spec('executor: {type: slurm, partition: debug, max_concurrent: 3}\n')
    const slurm = (await engine.createSweep({ text, fileName: ws.write('slurm.yaml', text) })).sweepId
    const done = await engine.waitForSweep(slurm)
    expect(done.status).toBe('completed')

    const series = async (sweepId: number) => {
      const trials = await engine.getTrials({ sweepId })
      const out: Record<string, unknown> = {}
      for (const t of trials) {
        const [s] = await engine.getMetricSeries({ trialIds: [t.id], metric: 'loss' })
        out[JSON.stringify(t.params)] = { status: t.status, seed: t.seed, steps: s!.steps, values: s!.values }
      }
      return out
    }
    const [a, b] = [await series(local), await series(slurm)]
    expect(Object.keys(b)).toHaveLength(3)
    expect(b).toEqual(a)

    const trials = await engine.getTrials({ sweepId: slurm })
    const jobs = await Promise.all(trials.map((t) => engine.getSlurmJob({ trialId: t.id })))
    // The three trials were ready at once: one sbatch, a job array with tasks 0-2.
    expect(jobs.map((j) => j!.jobId.replace(/^\d+/, ''))).toEqual(['_0', '_1', '_2'])
    expect(jobs.every((j) => j!.state === 'COMPLETED' && j!.node === 'localhost')).toBe(true)
    expect(jobsNamed(slurmJobName(slurm, workspaceFilesDir(ws.dbPath))).sort()).toEqual(jobs.map((j) => j!.jobId).sort())
    const logs = await engine.getLogs({ trialId: trials[0]!.id })
    expect(logs.map((l) => l.line)).toContain('hello from slurm')
    expect(logs.some((l) => l.stream === 'system' && /submitted to Slurm as job/.test(l.line))).toBe(true)
  })

  it('records a job cancelled from outside with scancel as cancelled, with Slurm\'s state', async () => {
    const engine = ws.engine()
    const text = spec('executor: {type: slurm}\n', 120).replace('values: [0, 1, 2]', 'values: [0]')
    const { sweepId } = await engine.createSweep({ text, fileName: ws.write('s.yaml', text) })
    const [trial] = await waitUntil(async () => {
      const ts = await engine.getTrials({ sweepId })
      return ts.length === 1 ? ts : null
    }, 20_000, 'the trial row')
    const job = await waitUntil(async () => {
      const j = await engine.getSlurmJob({ trialId: trial!.id })
      return j?.state === 'RUNNING' ? j : null
    }, 60_000, 'the job to run')
    scancel(job.jobId)
    const end = await engine.waitForSweep(sweepId)
    const t = await engine.getTrial({ trialId: trial!.id })
    expect(t.status).toBe('cancelled')
    expect(t.error).toMatch(/^Slurm: CANCELLED/)
    expect(end.status).toBe('failed')
    expect((await engine.getSlurmJob({ trialId: trial!.id }))!.state).toBe('CANCELLED')
  })

  it('asks for resources.gpu GPUs with --gres and lets Slurm set CUDA_VISIBLE_DEVICES (the cluster has two stand-in GPUs)', async () => {
    const engine = ws.engine()
    ws.write('gpu.mjs', "console.log('cvd=' + process.env.CUDA_VISIBLE_DEVICES)\n")
    const text = `method: grid\nprogram: gpu.mjs\ncommand: [node, '\${program}']\nparameters:\n  g: {values: [1, 2]}\nresources: {gpu: 2}\nexecutor: {type: slurm}\n`
    const { sweepId } = await engine.createSweep({ text, fileName: ws.write('g.yaml', text) })
    expect((await engine.waitForSweep(sweepId)).status).toBe('completed')
    for (const t of await engine.getTrials({ sweepId })) {
      const lines = (await engine.getLogs({ trialId: t.id })).map((l) => l.line)
      expect(lines).toContain('cvd=0,1')
      expect(lines.find((l) => l.startsWith('submitted to Slurm'))).toContain('--gres=gpu:2')
    }
  })

  it('refuses a partition the cluster does not have, naming the ones it has', async () => {
    const engine = ws.engine()
    const text = spec('executor: {type: slurm, partition: nosuch}\n')
    const e = await engine.createSweep({ text, fileName: 's.yaml' }).catch((x: unknown) => x)
    expect(isSweeplabError(e) && e.code).toBe('slurm/no-partition')
    expect((e as Error).message).toBe('s.yaml: executor.partition: partition "nosuch" does not exist on this cluster; sinfo lists: debug')
    expect(await engine.listSweeps({})).toEqual([])
  })

  it('fails the trials of a submission Slurm refuses, with Slurm\'s message', async () => {
    const engine = ws.engine()
    const text = spec('executor: {type: slurm, mem: 999999G}\n').replace('values: [0, 1, 2]', 'values: [0]')
    const { sweepId } = await engine.createSweep({ text, fileName: ws.write('s.yaml', text) })
    const end = await engine.waitForSweep(sweepId)
    expect(end.status).toBe('failed')
    const [t] = await engine.getTrials({ sweepId })
    expect(t!.status).toBe('failed')
    expect(t!.error).toMatch(/^Slurm refused the job: sbatch: error: .*(memory|node configuration)/i)
  })
})
