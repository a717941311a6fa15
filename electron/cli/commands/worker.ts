import type { Command } from 'commander'
import { runJobFile } from '../../engine/workers/file-worker.ts'
import type { CliContext } from '../context.ts'

/**
 * `sweeplab worker --job FILE`: runs one trial from a job file written by the engine, as a Slurm job
 * does on a compute node. Not for hand use; the trial's metrics, logs and outcome go to the stream
 * file in its trial folder, which the engine tails (docs/slurm.md).
 */
export function registerWorkerCommand(program: Command, _ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('run one trial from a job file (what a Slurm job runs on its node; see docs/slurm.md)')
    .requiredOption('--job <file>', 'job.json written by the engine in the trial folder')
    .action(async (opts: { job: string }) => {
      setExit(await runJobFile(opts.job))
    })
}
