import type { Command } from 'commander'
import type { ImportanceResult, SweepDetail, TrialSummary } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { TrialStatus } from '../../../shared/status.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { bold, formatMetric, formatMetricPair, formatRelativeTime, shouldUseColor } from '../format.ts'
import { parsePositiveInt, parseTrialStatus } from '../parse-options.ts'
import { formatSweepHeadline } from '../sweep-report.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { renderTable } from '../table.ts'
import { renderTrialTable, sortTrialsByMetric } from '../trial-table.ts'
import { sliceBins, type ParamSlice } from '../slice-bins.ts'

export interface ShowOptions {
  json?: boolean
  limit?: number
  status?: TrialStatus
  importance?: boolean
  slices?: boolean
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
    .option('--importance', "rank the parameters by importance for the sweep's metric, with 90% bootstrap intervals (--json: the API result)")
    .option('--slices', "the app's slice plots as text: per parameter, the finished trials in bins of its value with each bin's best and mean (--json: the bins)")
    .action(async (ref: string, opts: ShowOptions, cmd: Command) => {
      setExit(await showSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function showSweep(ctx: CliContext, ref: string, opts: ShowOptions, globals: GlobalOptions): Promise<number> {
  // The ranking always uses every finished trial; a filter that silently did nothing would mislead.
  if (opts.importance && (opts.status || opts.limit)) throw new SweeplabError('usage', '--importance ranks parameters over all finished trials; it takes no --status or --limit')
  if (opts.slices && (opts.status || opts.limit || opts.importance)) throw new SweeplabError('usage', '--slices bins all finished trials; it takes no --status, --limit or --importance')
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    if (opts.importance) {
      const [sweep, importance] = await Promise.all([engine.getSweep({ sweepId }), engine.getImportance({ sweepId })])
      const useColor = shouldUseColor(ctx.isTTY, ctx.env)
      ctx.stdout.write(opts.json ? `${JSON.stringify(importance, null, 2)}\n` : `${bold(formatSweepHeadline(sweep, useColor), useColor)}\n${renderImportance(importance)}\n`)
      return 0
    }
    const [sweep, all] = await Promise.all([engine.getSweep({ sweepId }), engine.getTrials({ sweepId })])
    if (opts.slices) {
      const slices = sliceBins(all, sweep.metricGoal)
      const useColor = shouldUseColor(ctx.isTTY, ctx.env)
      ctx.stdout.write(opts.json ? `${JSON.stringify(slices, null, 2)}\n` : `${bold(formatSweepHeadline(sweep, useColor), useColor)}\n${renderSlices(slices, sweep.metricName, sweep.metricGoal)}\n`)
      return 0
    }
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

const BAR_WIDTH = 10
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

/** A bar of `share` × BAR_WIDTH cells in eighth-cell steps, padded so the numbers after it align. */
export function importanceBar(share: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, share)) * BAR_WIDTH * 8)
  const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!
  return bar.padEnd(BAR_WIDTH)
}

const percent = (share: number): string => `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`

/** The importance table of `show --importance`, or why there is none yet. */
export function renderImportance(r: ImportanceResult): string {
  if (!r.ok) return `importance: ${r.message}`
  const head = ['parameter', 'scale', 'importance', '', '90% interval', 'correlation', 'rank held']
  const rows = r.params.map((p) => [
    p.name, p.scale, importanceBar(p.importance), percent(p.importance), `${percent(p.low)}–${percent(p.high)}`,
    p.correlation === null ? '-' : `${p.correlation >= 0 ? '+' : ''}${p.correlation.toFixed(2)}`, percent(p.rankProbability),
  ])
  return [
    `importance for ${r.metric} (${r.goal}) from ${r.trials} finished trials: fANOVA on a ${r.trees}-tree random forest, intervals over ${r.resamples} bootstrap resamples`,
    '',
    renderTable(head, rows),
    '',
    'importance: share of the metric\'s variance the parameter explains on its own (shares sum to 100%)',
    `correlation: Pearson with ${r.metric} (log10 of log-scale values; - for categoricals); rank held: share of resamples that rank it the same`,
  ].join('\n')
}

/** The slice bins of `show --slices`: one block per parameter, or why there are none. */
export function renderSlices(slices: readonly ParamSlice[], metricName: string | null, goal: string): string {
  const metric = metricName ?? 'metric'
  if (slices.length === 0) return `slices: no parameter varies over the completed trials with a ${metric} value yet`
  const blocks = slices.map((s) => {
    const rows = s.bins.map((b) => [`  ${b.label}`, `${b.count}`, formatMetric(b.best), formatMetric(b.mean)])
    return `${s.name}${s.scale === 'log' ? ' (log bins)' : ''}\n${renderTable(['  value', 'trials', `best ${metric}`, 'mean'], rows)}`
  })
  return [`slices of ${metric} (${goal}): completed trials binned by each parameter's value`, '', blocks.join('\n\n')].join('\n')
}
