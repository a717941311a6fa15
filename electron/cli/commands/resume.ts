import type { Command } from 'commander'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { parsePositiveInt } from '../parse-options.ts'
import { bufferEngineEvents } from '../sweep-events.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { SHUTDOWN_GRACE_MS, stopOnSignals, watchSweep } from '../watch-sweep.ts'

export interface ResumeOptions {
  workers?: number
  json?: boolean
  quiet?: boolean
}

/** `sweeplab resume SWEEP`: requeue what an interrupted sweep left unfinished and follow it. */
export function registerResumeCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('resume')
    .description('continue a paused or interrupted sweep (requeue its unfinished trials) and follow it to the end')
    .argument('<sweep>', 'sweep id, or a name that only one sweep has')
    .option('--workers <n>', 'at most this many trials at once (default: CPU cores)', parsePositiveInt)
    .option('--json', 'no progress; print one JSON object (summary + trials) at the end')
    .option('-q, --quiet', 'no progress; print only the final status line')
    .action(async (ref: string, opts: ResumeOptions, cmd: Command) => {
      setExit(await resumeSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function resumeSweep(ctx: CliContext, ref: string, opts: ResumeOptions, globals: GlobalOptions): Promise<number> {
  const extra = { shutdownGraceMs: SHUTDOWN_GRACE_MS, ...(opts.workers ? { maxWorkers: opts.workers } : {}) }
  return withEngine(ctx, globals, { ...extra, mustExist: true }, async (session) => {
    const { engine } = session
    const sweepId = await resolveSweepId(engine, ref)
    const signals = stopOnSignals(ctx, session)
    const events = bufferEngineEvents(engine)
    try {
      const trials = await engine.getTrials({ sweepId })
      const { requeued, requestedFrom } = await engine.resumeSweep({ sweepId })
      if (requestedFrom !== null) {
        // A paused sweep that another process still runs: that process goes on launching trials.
        if (!opts.quiet) ctx.stdout.write(`sweep ${sweepId} resumed; process ${requestedFrom}, which runs it, starts new trials again\n`)
        return 0
      }
      const sweep = await engine.getSweep({ sweepId })
      if (!opts.json && !opts.quiet) {
        ctx.stdout.write(`resuming sweep ${sweep.id} ${JSON.stringify(sweep.name)}: ${requeued} trial${requeued === 1 ? '' : 's'} requeued, ${sweep.done}/${sweep.total ?? '?'} done\n`)
      }
      return await watchSweep(ctx, session, events, signals, { sweep, trials }, { ...opts, globals })
    } finally {
      events.close()
      signals.off()
    }
  })
}
