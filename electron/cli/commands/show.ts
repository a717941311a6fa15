import type { Command } from 'commander'
import type { ConfigSummary, ImportanceResult, SweepDetail, SweepSummary, TrialSummary, WorkspaceSize } from '../../../shared/api/types.ts'
import { repeatsOfSpec } from '../../../shared/config-summaries.ts'
import { renderConfigTable, sortConfigsByMean } from '../config-table.ts'
import { formatBytes } from '../../../shared/byte-size.ts'
import { describeEta, estimateSweepEta } from '../../../shared/eta.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { TrialStatus } from '../../../shared/status.ts'
import { describeSkippedPoints } from '../../../shared/skipped-points-text.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { bold, formatMetric, formatMetricPair, formatRelativeTime, shouldUseColor } from '../format.ts'
import { parseFailureReason, parsePositiveInt, parseTrialStatus } from '../parse-options.ts'
import { FAILURE_REASONS } from '../../../shared/failure-reasons.ts'
import type { FailureReason } from '../../../shared/failure-reasons.ts'
import { formatSweepHeadline } from '../sweep-report.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { renderRetrainComparison } from '../retrain-table.ts'
import { renderTable } from '../table.ts'
import { formatFailureCounts, renderFailureNotes, renderTrialTable, sortTrialsByMetric } from '../trial-table.ts'
import { sliceBins, type ParamSlice } from '../slice-bins.ts'

export interface ShowOptions {
  json?: boolean
  limit?: number
  status?: TrialStatus
  importance?: boolean
  reason?: FailureReason
  compareParent?: boolean
  slices?: boolean
}

/**
 * `--json` output of show: the sweep (with its spec) and the selected trials, best first; with
 * `repeats`, also its configs (mean ± std over repeats), best mean first.
 */
export interface ShowJson {
  sweep: SweepDetail
  trials: TrialSummary[]
  configs?: ConfigSummary[]
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
    .option('--reason <reason>', `only trials that failed for this reason (${FAILURE_REASONS.join(', ')})`, parseFailureReason)
    .option('--importance', "rank the parameters by importance for the sweep's metric, with 90% bootstrap intervals (--json: the API result)")
    .option('--compare-parent', 'a retrain sweep: old (parent) vs new metric per config (--json: the API result)')
    .option('--slices', "the app's slice plots as text: per parameter, the finished trials in bins of its value with each bin's best and mean (--json: the bins)")
    .action(async (ref: string, opts: ShowOptions, cmd: Command) => {
      setExit(await showSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function showSweep(ctx: CliContext, ref: string, opts: ShowOptions, globals: GlobalOptions): Promise<number> {
  // The ranking always uses every finished trial; a filter that silently did nothing would mislead.
  if (opts.importance && (opts.status || opts.limit || opts.reason)) throw new SweeplabError('usage', '--importance ranks parameters over all finished trials; it takes no --status, --reason or --limit')
  if (opts.compareParent && (opts.importance || opts.status || opts.limit || opts.reason)) throw new SweeplabError('usage', '--compare-parent shows the retrain comparison; it takes no --importance, --status, --reason or --limit')
  if (opts.slices && (opts.status || opts.limit || opts.importance || opts.reason || opts.compareParent)) throw new SweeplabError('usage', '--slices bins all finished trials; it takes no --status, --reason, --limit, --importance or --compare-parent')
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    if (opts.compareParent) {
      const comparison = await engine.getRetrainComparison({ sweepId })
      ctx.stdout.write(opts.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderRetrainComparison(comparison, shouldUseColor(ctx.isTTY, ctx.env)))
      return 0
    }
    if (opts.importance) {
      const [sweep, importance] = await Promise.all([engine.getSweep({ sweepId }), engine.getImportance({ sweepId })])
      const useColor = shouldUseColor(ctx.isTTY, ctx.env)
      ctx.stdout.write(opts.json ? `${JSON.stringify(importance, null, 2)}\n` : `${bold(formatSweepHeadline(sweep, useColor), useColor)}\n${renderImportance(importance)}\n`)
      return 0
    }
    const [sweep, all, size] = await Promise.all([engine.getSweep({ sweepId }), engine.getTrials({ sweepId }), engine.getWorkspaceSize({})])
    if (opts.slices) {
      const slices = sliceBins(all, sweep.metricGoal)
      const useColor = shouldUseColor(ctx.isTTY, ctx.env)
      ctx.stdout.write(opts.json ? `${JSON.stringify(slices, null, 2)}\n` : `${bold(formatSweepHeadline(sweep, useColor), useColor)}\n${renderSlices(slices, sweep.metricName, sweep.metricGoal)}\n`)
      return 0
    }
    const selected = all.filter((t) => (!opts.status || t.status === opts.status) && (!opts.reason || t.failureReason === opts.reason))
    const trials = sortTrialsByMetric(selected, sweep.metricGoal).slice(0, opts.limit ?? Infinity)
    const configs = repeatsOfSpec(sweep.spec) > 1 ? await selectConfigs(engine, sweep, opts) : undefined
    if (opts.json) {
      const out: ShowJson = { sweep, trials, ...(configs ? { configs } : {}) }
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
      return 0
    }
    const useColor = shouldUseColor(ctx.isTTY, ctx.env)
    const now = (ctx.now ?? Date.now)()
    const metric = sweep.metricName ? `${sweep.metricName} (${sweep.metricGoal})` : 'none'
    const bestOf = configs ? `mean of the config of trial ${sweep.bestTrialId}` : `trial ${sweep.bestTrialId}`
    const best = sweep.bestValue !== null ? `${formatMetricPair(sweep.metricName, sweep.bestValue)} (${bestOf})` : '-'
    const lines = [
      bold(formatSweepHeadline(sweep, useColor), useColor),
      `method ${sweep.method}   metric ${metric}   best ${best}`,
      `created ${formatRelativeTime(sweep.createdAt, now)}   workers ${sweep.workers}   seed ${sweep.seed}${sweep.specFile ? `   file ${sweep.specFile}` : ''}`,
    ]
    if (sweep.skipped) lines.push(describeSkippedPoints(sweep.skipped, sweep.method))
    if (sweep.error) lines.push(`error: ${sweep.error}`)
    const failures = formatFailureCounts(sweep.failureReasons)
    if (failures) lines.push(failures)
    lines.push(resourceLine(sweep, size, now))
    if (sweep.waiting) lines.push(sweep.waiting)
    lines.push('')
    const filter = [opts.status, opts.reason].filter(Boolean).join(' ')
    if (configs && configs.length > 0) lines.push(`configs (each run with ${repeatsOfSpec(sweep.spec)} seeds), best mean first`, renderConfigTable(configs, { metricName: sweep.metricName, useColor }), '', 'trials')
    if (trials.length === 0) lines.push(filter ? `no ${filter} trials` : 'no trials yet')
    else lines.push(renderTrialTable(trials, { metricName: sweep.metricName, useColor }))
    const hidden = selected.length - trials.length
    if (hidden > 0) lines.push(`… ${hidden} more (use --limit)`)
    const notes = renderFailureNotes(trials)
    if (notes.length > 0) lines.push('', ...notes)
    ctx.stdout.write(`${lines.join('\n')}\n`)
    return 0
  })
}

/** The configs of a sweep with repeats, best mean first, under the same --status and --limit as its trials. */
async function selectConfigs(engine: { getConfigs(a: { sweepId: number }): Promise<ConfigSummary[]> }, sweep: SweepDetail, opts: ShowOptions): Promise<ConfigSummary[]> {
  const all = await engine.getConfigs({ sweepId: sweep.id })
  const selected = opts.status ? all.filter((c) => c.status === opts.status) : all
  return sortConfigsByMean(selected, sweep.metricGoal).slice(0, opts.limit ?? Infinity)
}

/** `files 2.0 MB   eta ~12m (8m–17m), around 14:32`: the sweep's disk use and, while it runs, its projected finish. */
export function resourceLine(sweep: SweepSummary, size: WorkspaceSize, now: number): string {
  const bytes = size.sweeps.find((s) => s.sweepId === sweep.id)?.bytes ?? 0
  const eta = estimateSweepEta({ ...sweep, now })
  const at = eta.kind === 'estimate' && eta.remainingMs > 0 ? `, around ${new Date(eta.finishAt).toISOString().slice(11, 16)} UTC` : ''
  return `files ${formatBytes(bytes)}${eta.kind === 'not-running' ? '' : `   eta ${describeEta(eta)}${at}`}`
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
