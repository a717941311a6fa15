import type { Command } from 'commander'
import type { SweepDetail, TrialSummary } from '../../../shared/api/types.ts'
import type { TrialStatus } from '../../../shared/status.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { bold, formatMetricPair, formatRelativeTime, shouldUseColor } from '../format.ts'
import { parsePositiveInt, parseTrialStatus } from '../parse-options.ts'
import { formatSweepHeadline } from '../sweep-report.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { renderTrialTable, sortTrialsByMetric } from '../trial-table.ts'

export interface ShowOptions {
  json?: boolean
  limit?: number
  status?: TrialStatus
}

/** `--json` output of show: the sweep (with its spec) and the selected trials, best first. */
export interface ShowJson {
  sweep: SweepDetail
  trials: TrialSummary[]
}

/** `sweeplab show SWEEP`: the sweep's header and its trials ranked by the metric. */
export function registerShowCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('show')
    .description("show a sweep and its trials, best first by the sweep's metric")
    .argument('<sweep>', 'sweep id, or a name that only one sweep has')
    .option('--json', 'print { sweep, trials } as JSON')
    .option('--limit <n>', 'show at most n trials', parsePositiveInt)
    .option('--status <status>', 'only trials in this status (completed, failed, running, ...)', parseTrialStatus)
    .action(async (ref: string, opts: ShowOptions, cmd: Command) => {
      setExit(await showSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function showSweep(ctx: CliContext, ref: string, opts: ShowOptions, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const [sweep, all] = await Promise.all([engine.getSweep({ sweepId }), engine.getTrials({ sweepId })])
    const selected = opts.status ? all.filter((t) => t.status === opts.status) : all
    const trials = sortTrialsByMetric(selected, sweep.metricGoal).slice(0, opts.limit ?? Infinity)
    if (opts.json) {
      const out: ShowJson = { sweep, trials }
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
      return 0
    }
    const useColor = shouldUseColor(ctx.isTTY, ctx.env)
    const now = (ctx.now ?? Date.now)()
    const metric = sweep.metricName ? `${sweep.metricName} (${sweep.metricGoal})` : 'none'
    const best = sweep.bestValue !== null ? `${formatMetricPair(sweep.metricName, sweep.bestValue)} (trial ${sweep.bestTrialId})` : '-'
    const lines = [
      bold(formatSweepHeadline(sweep, useColor), useColor),
      `method ${sweep.method}   metric ${metric}   best ${best}`,
      `created ${formatRelativeTime(sweep.createdAt, now)}   workers ${sweep.workers}   seed ${sweep.seed}${sweep.specFile ? `   file ${sweep.specFile}` : ''}`,
    ]
    if (sweep.error) lines.push(`error: ${sweep.error}`)
    lines.push('')
    if (trials.length === 0) lines.push(opts.status ? `no ${opts.status} trials` : 'no trials yet')
    else lines.push(renderTrialTable(trials, { metricName: sweep.metricName, useColor }))
    const hidden = selected.length - trials.length
    if (hidden > 0) lines.push(`… ${hidden} more (use --limit)`)
    ctx.stdout.write(`${lines.join('\n')}\n`)
    return 0
  })
}
