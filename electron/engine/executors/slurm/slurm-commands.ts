import { execFile } from 'node:child_process'
import { SweeplabError } from '../../../../shared/errors.ts'
import { whyNotExecutable } from '../../find-executable.ts'
import { parseSacct, parseSbatchJobId, parseSinfoPartitions, parseSqueue, SACCT_FIELDS, SQUEUE_FORMAT, type SlurmJobState } from './parse-slurm-output.ts'

export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Slurm's commands answer in well under a second; one that hangs (slurmctld down) is given this long. */
const COMMAND_TIMEOUT_MS = 30_000

/** Runs a Slurm command without a shell. A missing binary gives code null and the reason in stderr. */
export function runSlurmCommand(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 64 << 20, ...(env ? { env } : {}) }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        resolve({ code: null, stdout: String(stdout ?? ''), stderr: `${cmd}: ${(err as Error).message}` })
        return
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

/** Why Slurm's client commands cannot be used here, or undefined when sbatch is on PATH. */
export function whySlurmMissing(pathVar = process.env.PATH): string | undefined {
  const why = whyNotExecutable('sbatch', { cwd: process.cwd(), pathVar })
  return why === undefined ? undefined : `sbatch ${why.includes('not found') ? 'was not found on PATH' : why}: install Slurm's client commands on this machine (the login node), or use executor: {type: local}`
}

function firstLines(s: string): string {
  return s.trim().split('\n').slice(0, 5).join('; ') || '(no message)'
}

/** Submits a script; returns sbatch's job id. Throws `slurm/submit-refused` with Slurm's own message. */
export async function submitBatch(args: readonly string[], scriptPath: string, run = runSlurmCommand): Promise<string> {
  const r = await run('sbatch', [...args, scriptPath])
  if (r.code === null) throw new SweeplabError('slurm/unavailable', `could not run sbatch: ${r.stderr}`)
  const id = r.code === 0 ? parseSbatchJobId(r.stdout) : null
  if (id === null) throw new SweeplabError('slurm/submit-refused', `Slurm refused the job: ${firstLines(r.stderr || r.stdout)}`, { details: { args: [...args] } })
  return id
}

/** squeue's view of the jobs named `names` (finished ones too while slurmctld keeps them: MinJobAge). */
export async function queryQueue(names: readonly string[], run = runSlurmCommand): Promise<SlurmJobState[] | null> {
  if (names.length === 0) return []
  const r = await run('squeue', ['-h', '-r', '-t', 'all', '-n', names.join(','), '-o', SQUEUE_FORMAT])
  return r.code === 0 ? parseSqueue(r.stdout) : null
}

/** sacct's record of `jobIds`; null where accounting is off (no slurmdbd) or sacct fails. */
export async function queryAccounting(jobIds: readonly string[], run = runSlurmCommand): Promise<SlurmJobState[] | null> {
  if (jobIds.length === 0) return []
  const r = await run('sacct', ['-n', '-P', '-X', '-j', jobIds.join(','), '-o', SACCT_FIELDS])
  return r.code === 0 ? parseSacct(r.stdout) : null
}

/** Sends scancel; true when Slurm took it (a job that already ended is not an error to the caller). */
export async function cancelJobs(jobIds: readonly string[], run = runSlurmCommand): Promise<CommandResult> {
  return run('scancel', [...jobIds])
}

/** The cluster's partitions, or null with the reason when sinfo cannot tell. */
export async function listPartitions(run = runSlurmCommand): Promise<{ partitions: ReturnType<typeof parseSinfoPartitions> } | { error: string }> {
  const r = await run('sinfo', ['-h', '-o', '%R|%a|%D|%T'])
  if (r.code !== 0) return { error: firstLines(r.stderr) || `sinfo exited with code ${r.code}` }
  return { partitions: parseSinfoPartitions(r.stdout) }
}

/**
 * Before a Slurm sweep writes anything: sbatch must exist and the partition must be one sinfo lists.
 * Throws `slurm/unavailable` or `slurm/no-partition`.
 */
export async function checkSlurmReady(partition: string | undefined, label: string, run = runSlurmCommand): Promise<void> {
  const missing = whySlurmMissing()
  if (missing) throw new SweeplabError('slurm/unavailable', `${label}: executor: slurm: ${missing}`)
  const info = await listPartitions(run)
  if ('error' in info) throw new SweeplabError('slurm/unavailable', `${label}: executor: slurm: sinfo failed: ${info.error}`)
  if (partition !== undefined && !info.partitions.some((p) => p.name === partition)) {
    const known = info.partitions.map((p) => p.name).join(', ') || 'none'
    throw new SweeplabError('slurm/no-partition', `${label}: executor.partition: partition "${partition}" does not exist on this cluster; sinfo lists: ${known}`)
  }
}
