import type { ExportBestFormat, ExportTrialsFormat, TrialSummary } from '../../../shared/api/types.ts'
import { assertNever, SweeplabError } from '../../../shared/errors.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { formatBestConfig } from './export-best.ts'
import { formatTrialsCsv, formatTrialsJson } from './export-trials.ts'
import { requireBestTrial } from './pick-best.ts'
import { pickBestConfig, summarizeConfigs } from '../../../shared/config-summaries.ts'

/** What the exports need to know about a sweep. */
export interface ExportedSweep {
  id: number
  name: string
  metricName: string | null
  metricGoal: MetricGoal
  /** The normalized parameters spec (lets `args` dot names exactly as the trials got them). */
  parameters?: Readonly<Record<string, SweepParameter>>
  /** `repeats: n`: the best config is the one with the best mean over its repeats. */
  repeats?: number
}

/**
 * The API's exportBest over a sweep's trials: the best trial's config, or with `trialId` that
 * trial's (any status; it must belong to the sweep, else `trial/not-found` naming both ids).
 * With repeats, the best config by its mean (`trialId` of the result: its first repeat).
 */
export function exportBestConfig(
  sweep: ExportedSweep,
  trials: ReadonlyArray<TrialSummary>,
  args: { format: ExportBestFormat; trialId?: number },
): { content: string; trialId: number } {
  const chosen = args.trialId !== undefined
  if (!chosen && (sweep.repeats ?? 1) > 1) return exportBestMean(sweep, trials, args.format)
  const trial = chosen ? findTrial(sweep.id, trials, args.trialId as number) : requireBestTrial(trials, sweep.metricGoal, sweep)
  const content = formatBestConfig(trial.params, args.format, {
    sweepId: sweep.id, sweepName: sweep.name, trialId: trial.id, metricName: sweep.metricName, metricValue: trial.finalValue,
    goal: sweep.metricGoal, ...(sweep.parameters ? { parameters: sweep.parameters } : {}),
    ...(chosen ? { chosen, trialStatus: trial.status } : {}),
  })
  return { content, trialId: trial.id }
}

function exportBestMean(sweep: ExportedSweep, trials: ReadonlyArray<TrialSummary>, format: ExportBestFormat): { content: string; trialId: number } {
  const best = pickBestConfig(summarizeConfigs(trials, sweep.repeats!), sweep.metricGoal)
  // No config finished with a value: requireBestTrial throws the same error a sweep without repeats gets.
  if (!best) return exportBestConfig({ ...sweep, repeats: 1 }, [], { format })
  const trialId = best.trialIds[0]!
  const content = formatBestConfig(best.params, format, {
    sweepId: sweep.id, sweepName: sweep.name, trialId, metricName: sweep.metricName, metricValue: best.mean,
    goal: sweep.metricGoal, ...(sweep.parameters ? { parameters: sweep.parameters } : {}),
    spread: { std: best.std, n: best.n, repeats: best.repeats, configIndex: best.configIndex, trialIds: best.trialIds },
  })
  return { content, trialId }
}

/**
 * The API's exportTrials: every trial, or with `trialIds` only those (in the sweep's order,
 * duplicates once). Ids that are not trials of the sweep are one `trial/not-found` naming them all.
 */
export function exportTrialsTable(
  sweep: Pick<ExportedSweep, 'id' | 'metricName' | 'repeats'>,
  trials: ReadonlyArray<TrialSummary>,
  args: { format: ExportTrialsFormat; trialIds?: ReadonlyArray<number> },
): { content: string } {
  const rows = args.trialIds === undefined ? trials : selectTrials(sweep.id, trials, args.trialIds)
  // Each row carries its whole config's mean, also when only some of its repeats are exported.
  const configs = (sweep.repeats ?? 1) > 1 ? summarizeConfigs(trials, sweep.repeats!) : undefined
  switch (args.format) {
    case 'csv':
      return { content: formatTrialsCsv(rows, sweep.metricName, configs) }
    case 'json':
      return { content: formatTrialsJson(rows, configs) }
    default:
      return assertNever(args.format, 'trials export format')
  }
}

function findTrial(sweepId: number, trials: ReadonlyArray<TrialSummary>, trialId: number): TrialSummary {
  const t = trials.find((x) => x.id === trialId)
  if (!t) throw new SweeplabError('trial/not-found', `trial ${trialId} is not a trial of sweep ${sweepId}`, { details: { sweepId, trialIds: [trialId] } })
  return t
}

function selectTrials(sweepId: number, trials: ReadonlyArray<TrialSummary>, trialIds: ReadonlyArray<number>): TrialSummary[] {
  const wanted = new Set(trialIds)
  const rows = trials.filter((t) => wanted.has(t.id))
  if (rows.length < wanted.size) {
    const found = new Set(rows.map((t) => t.id))
    const missing = [...wanted].filter((id) => !found.has(id))
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ')
    const what = missing.length === 1 ? `trial ${list} is not a trial` : `trials ${list} are not trials`
    throw new SweeplabError('trial/not-found', `${what} of sweep ${sweepId}`, { details: { sweepId, trialIds: missing } })
  }
  return rows
}
