import type { Command } from 'commander'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { shouldUseColor } from '../format.ts'
import { parsePositiveInt } from '../parse-options.ts'
import { renderRetrainComparison } from '../retrain-table.ts'
import { bufferEngineEvents } from '../sweep-events.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { SHUTDOWN_GRACE_MS, stopOnSignals, watchSweep } from '../watch-sweep.ts'

export interface RetrainOptions {
  dataset: string
  top?: number
  seeds?: number
  workers?: number
  json?: boolean
  quiet?: boolean
}

/**
 * `sweeplab retrain SWEEP --dataset NAME@VERSION [--top k] [--seeds n]`: reruns the sweep's best k
 * configs (n seeds each) on another dataset version as a new sweep linked to it, follows it, and
 * prints old vs new per config.
 */
export function registerRetrainCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('retrain')
    .description("rerun a sweep's best configs on another dataset version (a new sweep linked to it) and compare old and new metrics")
    .argument('<sweep>', 'sweep id, or a name that only one sweep has (a built-in trainer sweep with a dataset:)')
    .requiredOption('--dataset <ref>', 'the data to retrain on: NAME@VERSION, or NAME for its latest version')
    .option('--top <k>', 'how many of the best configs (default 3)', parsePositiveInt)
    .option('--seeds <n>', 'runs per config with seeds s, s+1, …; the spread is their std (default 1)', parsePositiveInt)
    .option('--workers <n>', 'at most this many trials at once (default: CPU cores)', parsePositiveInt)
    .option('--json', 'no progress; print one JSON object (summary, trials, comparison) at the end')
    .option('-q, --quiet', 'no progress; print only the final status line and the comparison')
    .action(async (ref: string, opts: RetrainOptions, cmd: Command) => {
      setExit(await retrainSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function retrainSweep(ctx: CliContext, ref: string, opts: RetrainOptions, globals: GlobalOptions): Promise<number> {
  if (opts.json && opts.quiet) throw new SweeplabError('usage', '--json and --quiet do not go together')
  const extra = { mustExist: true, shutdownGraceMs: SHUTDOWN_GRACE_MS, ...(opts.workers ? { maxWorkers: opts.workers } : {}) }
  return withEngine(ctx, globals, extra, async (session) => {
    const parentId = await resolveSweepId(session.engine, ref)
    const signals = stopOnSignals(ctx, session)
    const events = bufferEngineEvents(session.engine)
    try {
      const { sweepId } = await session.engine.retrainSweep({
        sweepId: parentId, dataset: opts.dataset, ...(opts.top ? { top: opts.top } : {}), ...(opts.seeds ? { seeds: opts.seeds } : {}),
      })
      const sweep = await session.engine.getSweep({ sweepId })
      if (!opts.json && !opts.quiet) {
        ctx.stdout.write(`sweep ${sweep.id} ${JSON.stringify(sweep.name)}: retrain of sweep ${parentId}, ${sweep.total} trials, db ${session.engine.dbPath}\n`)
      }
      const code = await watchSweep(ctx, session, events, signals, { sweep }, {
        ...opts,
        globals,
        ...(opts.json ? { extraJson: async () => ({ comparison: await session.engine.getRetrainComparison({ sweepId }) }) } : {}),
      })
      if (!opts.json && !session.stopping) {
        const comparison = await session.engine.getRetrainComparison({ sweepId })
        ctx.stdout.write(`\n${renderRetrainComparison(comparison, shouldUseColor(ctx.isTTY, ctx.env))}`)
      }
      return code
    } finally {
      events.close()
      signals.off()
    }
  })
}
