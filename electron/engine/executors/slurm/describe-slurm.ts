import { listPartitions, runSlurmCommand, whySlurmMissing } from './slurm-commands.ts'

/** What `sweeplab doctor` says about Slurm: whether sbatch is here and which partitions sinfo lists. */
export type SlurmDescription =
  | { available: false; reason: string }
  | { available: true; partitions: Array<{ name: string; available: boolean; nodes: number; states: string[] }> | null; sinfoError: string | null }

/** Looks on `pathVar` (the PATH a Slurm sweep would use) for sbatch, then asks sinfo for the partitions. */
export async function describeSlurm(pathVar: string | undefined): Promise<SlurmDescription> {
  const missing = whySlurmMissing(pathVar ?? '')
  if (missing) return { available: false, reason: missing }
  const env = { ...process.env, PATH: pathVar ?? '' }
  const info = await listPartitions((cmd, args) => runSlurmCommand(cmd, args, env))
  return 'error' in info ? { available: true, partitions: null, sinfoError: info.error } : { available: true, partitions: info.partitions, sinfoError: null }
}
