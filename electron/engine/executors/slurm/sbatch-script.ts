import { createHash } from 'node:crypto'
import type { ExecutorSpec } from '../../../../shared/executor-spec.ts'

/** What one submission needs: the sweep's executor options and the trials it starts. */
export interface SbatchRequest {
  sweepId: number
  workspaceDir: string
  executor: ExecutorSpec
  /** resources.cpu and resources.gpu of the sweep (defaults for --cpus-per-task and --gres). */
  cpu: number
  gpu: number
  /** The sweep's `timeout` in seconds, the default for --time. */
  timeoutSeconds: number | null
  /** One job.json per trial; more than one makes a job array. */
  jobFiles: readonly string[]
  /** Where Slurm writes the jobs' own stdout/stderr (%A and %a are Slurm's, expanded per task). */
  outputDir: string
  /** The argv that runs one trial on the node, without its `--job FILE`. */
  workerArgv: readonly string[]
}

/**
 * The name every job of a sweep carries, so squeue can be asked about this sweep's jobs only. Two
 * workspaces both have a sweep 1: a short hash of the workspace folder tells their jobs apart.
 */
export function slurmJobName(sweepId: number, workspaceDir: string): string {
  return `sweeplab-${createHash('sha256').update(workspaceDir).digest('hex').slice(0, 8)}-${sweepId}`
}

/** Slurm limits are whole minutes: a 90 s timeout asks for 2. */
export function slurmMinutes(seconds: number): string {
  return String(Math.max(1, Math.ceil(seconds / 60)))
}

/** Single-quotes for bash: the paths and argv go into the script verbatim. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** sbatch's arguments (before the script path) for one submission. */
export function buildSbatchArgs(req: SbatchRequest): string[] {
  const ex = req.executor
  const n = req.jobFiles.length
  const args = ['--parsable', `--job-name=${slurmJobName(req.sweepId, req.workspaceDir)}`]
  if (n > 1) {
    const throttle = ex.max_concurrent !== undefined && ex.max_concurrent < n ? `%${ex.max_concurrent}` : ''
    args.push(`--array=0-${n - 1}${throttle}`)
    args.push(`--output=${req.outputDir}/slurm-%A_%a.out`)
  } else {
    args.push(`--output=${req.outputDir}/slurm-%j.out`)
  }
  if (ex.partition) args.push(`--partition=${ex.partition}`)
  if (ex.account) args.push(`--account=${ex.account}`)
  const time = ex.time ?? (req.timeoutSeconds !== null ? slurmMinutes(req.timeoutSeconds) : null)
  if (time !== null) args.push(`--time=${time}`)
  args.push(`--cpus-per-task=${ex.cpus_per_task ?? req.cpu}`)
  if (ex.mem) args.push(`--mem=${ex.mem}`)
  const gres = ex.gres ?? (req.gpu > 0 ? `gpu:${req.gpu}` : null)
  if (gres !== null) args.push(`--gres=${gres}`)
  // A preempted or failed job is not put back in the queue by Slurm: Sweeplab's `retries` runs a new
  // attempt (a new trial row and job), so one row never holds the output of two runs.
  args.push('--no-requeue')
  args.push(...(ex.extra_args ?? []))
  return args
}

/**
 * The batch script: picks this task's job.json (by SLURM_ARRAY_TASK_ID for an array) and runs the
 * same worker code as a local trial through `sweeplab worker --job`. Slurm sets CUDA_VISIBLE_DEVICES
 * for --gres GPUs; the script leaves it alone.
 */
export function buildSbatchScript(req: SbatchRequest): string {
  const lines = ['#!/bin/bash', `# Written by Sweeplab for sweep ${req.sweepId}: ${req.jobFiles.length} trial(s).`]
  if (req.jobFiles.length === 1) {
    lines.push(`job=${shellQuote(req.jobFiles[0]!)}`)
  } else {
    lines.push('case "${SLURM_ARRAY_TASK_ID:-}" in')
    req.jobFiles.forEach((f, i) => lines.push(`  ${i}) job=${shellQuote(f)} ;;`))
    lines.push('  *) echo "sweeplab: no trial for array task ${SLURM_ARRAY_TASK_ID:-(none)}" >&2; exit 2 ;;')
    lines.push('esac')
  }
  // The app's engine may be Electron's binary: this makes it behave as plain Node.
  lines.push('export ELECTRON_RUN_AS_NODE=1')
  lines.push(`exec ${[...req.workerArgv].map(shellQuote).join(' ')} --job "$job"`)
  return `${lines.join('\n')}\n`
}
