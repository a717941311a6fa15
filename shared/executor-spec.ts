import { z } from 'zod'

/** Where a sweep's trials run: this machine's worker pool, or a Slurm cluster through sbatch. */
export const EXECUTOR_TYPES = ['local', 'slurm'] as const
export type ExecutorType = (typeof EXECUTOR_TYPES)[number]

/** Slurm's own time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or UNLIMITED. */
export const SLURM_TIME_PATTERN = /^(UNLIMITED|INFINITE|\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)$/
/** sbatch --mem: a number with an optional K, M, G or T suffix (megabytes without one). */
export const SLURM_MEM_PATTERN = /^\d+[KMGT]?$/

/** The sweep file's `executor:` key (Sweeplab's own; W&B has none). */
export const executorSpecSchema = z
  .object({
    type: z.enum(EXECUTOR_TYPES).default('local').describe('local: worker processes on this machine; slurm: each trial is a Slurm job submitted with sbatch.'),
    partition: z.string().min(1).optional().describe('slurm: sbatch --partition (default: the cluster\'s default partition).'),
    account: z.string().min(1).optional().describe('slurm: sbatch --account.'),
    time: z.string().regex(SLURM_TIME_PATTERN, 'expected a Slurm time such as 30, 1:30:00 or 2-00:00:00').optional().describe('slurm: sbatch --time, the job\'s limit in Slurm\'s format (default: from timeout, rounded up to whole minutes).'),
    gres: z.string().min(1).optional().describe('slurm: sbatch --gres, e.g. gpu:a100:1 (default: gpu:N from resources.gpu).'),
    cpus_per_task: z.number().int().positive().optional().describe('slurm: sbatch --cpus-per-task (default: resources.cpu).'),
    mem: z.string().regex(SLURM_MEM_PATTERN, 'expected a size such as 4G or 16000M').optional().describe('slurm: sbatch --mem, memory per job.'),
    max_concurrent: z.number().int().positive().max(100_000).optional().describe('slurm: trials queued or running at once, also the job array throttle (%N); default workers, else 16.'),
    extra_args: z.array(z.string().min(1)).optional().describe('slurm: more sbatch arguments, one per item, e.g. ["--qos=short", "--constraint=v100"].'),
  })
  .strict()

export type ExecutorSpec = z.output<typeof executorSpecSchema>

/** Trials a Slurm sweep keeps submitted at once when neither max_concurrent nor workers says. */
export const DEFAULT_SLURM_MAX_CONCURRENT = 16
