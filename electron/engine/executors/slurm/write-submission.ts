import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TrialJob } from '../../workers/protocol.ts'
import { buildSbatchArgs, buildSbatchScript } from './sbatch-script.ts'
import { JOB_FILE } from './stream-file.ts'

/**
 * Writes one submission's files: each trial's `job.json` (the local job without its sbatch options)
 * in its trial folder, and the batch script in the sweep's `slurm/` folder, beside the jobs' own
 * output files. Returns the script's path and sbatch's arguments. All trials belong to one sweep.
 */
export function writeSubmission(
  trials: ReadonlyArray<{ trialDir: string; job: TrialJob & { slurm: NonNullable<TrialJob['slurm']> } }>,
  opts: { workspaceDir: string; workerArgv: readonly string[]; serial: number },
): { script: string; args: string[] } {
  const first = trials[0]!
  const jobFiles = trials.map(({ trialDir, job }) => {
    mkdirSync(trialDir, { recursive: true })
    const file = join(trialDir, JOB_FILE)
    const { slurm: _options, ...plain } = job
    writeFileSync(file, JSON.stringify(plain))
    return file
  })
  const outputDir = join(first.trialDir, '..', 'slurm')
  mkdirSync(outputDir, { recursive: true })
  const req = { sweepId: first.job.sweepId, workspaceDir: opts.workspaceDir, ...first.job.slurm, jobFiles, outputDir, workerArgv: opts.workerArgv }
  const script = join(outputDir, `submit-${Date.now()}-${opts.serial}.sh`)
  writeFileSync(script, buildSbatchScript(req), { mode: 0o755 })
  return { script, args: buildSbatchArgs(req) }
}
