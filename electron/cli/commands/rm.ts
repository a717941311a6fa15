import type { Command } from 'commander'
import { SweeplabError } from '../../../shared/errors.ts'
import { isYes } from '../ask-line.ts'
import { EXIT_FAILED, EXIT_OK } from '../cli-errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { resolveSweepId } from '../sweep-ref.ts'

/** `sweeplab rm SWEEP [--yes]`: delete a sweep that is not running, after asking. */
export function registerRmCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('rm')
    .description('delete a sweep with its trials, metrics, logs and trial files (asks first; refused while it runs)')
    .argument('<sweep>', 'sweep id, or a name that only one sweep has')
    .option('-y, --yes', 'delete without asking (required when stdin is not a terminal)')
    .action(async (ref: string, opts: { yes?: boolean }, cmd: Command) => {
      setExit(await removeSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function removeSweep(ctx: CliContext, ref: string, opts: { yes?: boolean }, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const sweep = await engine.getSweep({ sweepId })
    const label = `sweep ${sweepId} ${JSON.stringify(sweep.name)}`
    // Opening the engine marked sweeps of dead processes interrupted: `running` here means a live one
    // runs it. Said before asking, so nobody confirms a deletion that the engine would refuse.
    if (sweep.status === 'running') {
      throw new SweeplabError('sweep/running', `${label} is running; stop it first (sweeplab cancel ${sweepId}), then delete it`)
    }
    const trials = Object.values(sweep.counts).reduce((a, n) => a + (n ?? 0), 0)
    const what = `${label} (${sweep.status}, ${trials} trial${trials === 1 ? '' : 's'})`
    if (!opts.yes) {
      if (!ctx.ask) {
        throw new SweeplabError('usage', `not deleting ${what} without confirmation: stdin is not a terminal; pass --yes to delete it`)
      }
      const answer = await ctx.ask(`delete ${what} with its metrics, logs and trial files? [y/N] `)
      if (!isYes(answer)) {
        ctx.stderr.write(`${label} was not deleted\n`)
        return EXIT_FAILED
      }
    }
    await engine.deleteSweep({ sweepId })
    ctx.stdout.write(`deleted ${what}\n`)
    return EXIT_OK
  })
}
