import type { Command } from 'commander'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { resolveSweepId } from '../sweep-ref.ts'

/** `sweeplab cancel SWEEP [--trial ID]`: stop a sweep (or one trial), here or in the process running it. */
export function registerCancelCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('cancel')
    .description('cancel a sweep (no new trials; running ones are stopped), or one trial with --trial')
    .argument('<sweep>', 'sweep id or name')
    .option('--trial <id>', 'cancel only this trial of the sweep')
    .action(async (ref: string, opts: { trial?: string }, cmd: Command) => {
      setExit(await cancel(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function cancel(ctx: CliContext, ref: string, opts: { trial?: string }, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const sweep = await engine.getSweep({ sweepId })
    if (opts.trial !== undefined) {
      if (!/^[1-9]\d*$/.test(opts.trial)) throw new SweeplabError('usage', `--trial: expected a trial id, got "${opts.trial}"`)
      const trialId = Number(opts.trial)
      const trial = await engine.getTrial({ trialId })
      if (trial.sweepId !== sweepId) throw new SweeplabError('usage', `trial ${trialId} belongs to sweep ${trial.sweepId}, not ${sweepId}`)
      const r = await engine.cancelTrial({ trialId })
      if (r.requestedFrom !== null) ctx.stdout.write(`trial ${trialId}: cancel requested; process ${r.requestedFrom} stops it within a second\n`)
      else ctx.stdout.write(r.cancelled ? `trial ${trialId} cancelled\n` : `trial ${trialId} is not running (${trial.status}); nothing to cancel\n`)
      return 0
    }
    if (sweep.status !== 'running' && sweep.status !== 'interrupted' && sweep.status !== 'paused') {
      ctx.stdout.write(`sweep ${sweepId} is ${sweep.status}; nothing to cancel\n`)
      return 0
    }
    const r = await engine.cancelSweep({ sweepId })
    if (r.requestedFrom !== null) ctx.stdout.write(`sweep ${sweepId}: cancel requested; process ${r.requestedFrom} stops its running trials within a second\n`)
    else ctx.stdout.write(`sweep ${sweepId} cancelled\n`)
    return 0
  })
}
