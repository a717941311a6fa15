import { describe, expect, it } from 'vitest'
import { executorSpecSchema } from '../../../../shared/executor-spec.ts'
import { buildSbatchArgs, buildSbatchScript, slurmJobName, slurmMinutes, type SbatchRequest } from './sbatch-script.ts'

function request(over: Partial<SbatchRequest> = {}, executor: Record<string, unknown> = {}): SbatchRequest {
  return {
    sweepId: 4, workspaceDir: '/shared/ws.files', executor: executorSpecSchema.parse({ type: 'slurm', ...executor }), cpu: 1, gpu: 0, timeoutSeconds: null,
    jobFiles: ['/shared/ws.files/trials/4/10/job.json'], outputDir: '/shared/ws.files/trials/4/slurm', workerArgv: ['/opt/node', '/opt/sweeplab/bin/sweeplab.mjs', 'worker'],
    ...over,
  }
}

describe('sbatch arguments', () => {
  it('submits one trial as a single job with the sweep\'s name, no requeue, and its CPUs', () => {
    expect(buildSbatchArgs(request())).toEqual([
      '--parsable', `--job-name=${slurmJobName(4, '/shared/ws.files')}`, '--output=/shared/ws.files/trials/4/slurm/slurm-%j.out',
      '--cpus-per-task=1', '--no-requeue',
    ])
  })

  it('submits several ready trials as one job array throttled by max_concurrent', () => {
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => `/t/${n}/job.json`)
    const args = buildSbatchArgs(request({ jobFiles: files }, { max_concurrent: 2 }))
    expect(args).toContain('--array=0-4%2')
    expect(args).toContain('--output=/shared/ws.files/trials/4/slurm/slurm-%A_%a.out')
    // No throttle when the array is no larger than max_concurrent.
    expect(buildSbatchArgs(request({ jobFiles: files }, { max_concurrent: 8 }))).toContain('--array=0-4')
  })

  it('passes partition, account, time, cpus, mem, gres and extra args through', () => {
    const args = buildSbatchArgs(request({}, { partition: 'gpu', account: 'lab', time: '1-00:00:00', cpus_per_task: 8, mem: '32G', gres: 'gpu:a100:2', extra_args: ['--qos=short', '--constraint=v100'] }))
    expect(args.slice(3)).toEqual(['--partition=gpu', '--account=lab', '--time=1-00:00:00', '--cpus-per-task=8', '--mem=32G', '--gres=gpu:a100:2', '--no-requeue', '--qos=short', '--constraint=v100'])
  })

  it('asks for resources.gpu GPUs as --gres=gpu:N and turns timeout into whole minutes', () => {
    const args = buildSbatchArgs(request({ gpu: 2, cpu: 4, timeoutSeconds: 90 }))
    expect(args).toContain('--gres=gpu:2')
    expect(args).toContain('--cpus-per-task=4')
    expect(args).toContain('--time=2')
    expect([slurmMinutes(1), slurmMinutes(60), slurmMinutes(61), slurmMinutes(7200)]).toEqual(['1', '1', '2', '120'])
  })

  it('names jobs per workspace, so two workspaces\' sweep 1 never mix', () => {
    expect(slurmJobName(1, '/a/x.files')).toMatch(/^sweeplab-[0-9a-f]{8}-1$/)
    expect(slurmJobName(1, '/a/x.files')).not.toBe(slurmJobName(1, '/b/x.files'))
  })
})

describe('sbatch script', () => {
  it('runs the worker on the job file, quoting paths for bash', () => {
    const script = buildSbatchScript(request({ jobFiles: ["/it's here/job.json"] }))
    expect(script).toBe([
      '#!/bin/bash',
      '# Written by Sweeplab for sweep 4: 1 trial(s).',
      "job='/it'\\''s here/job.json'",
      'export ELECTRON_RUN_AS_NODE=1',
      "exec '/opt/node' '/opt/sweeplab/bin/sweeplab.mjs' 'worker' --job \"$job\"",
      '',
    ].join('\n'))
  })

  it('picks an array task\'s job file by SLURM_ARRAY_TASK_ID and never sets CUDA_VISIBLE_DEVICES', () => {
    const script = buildSbatchScript(request({ jobFiles: ['/t/1/job.json', '/t/2/job.json'] }))
    expect(script).toContain("  0) job='/t/1/job.json' ;;\n  1) job='/t/2/job.json' ;;\n")
    expect(script).toContain('case "${SLURM_ARRAY_TASK_ID:-}" in')
    expect(script).not.toContain('CUDA_VISIBLE_DEVICES')
  })
})
