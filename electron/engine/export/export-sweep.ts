import type { ExportBestFormat, ExportTrialsFormat, TrialSummary } from '../../../shared/api/types.ts'
import { assertNever, SweeplabError } from '../../../shared/errors.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { SweepParameter } from '../../../shared/sweep-spec.ts'
import { formatBestConfig } from './export-best.ts'
import { formatTrialsCsv, formatTrialsJson } from './export-trials.ts'
import { requireBestTrial } from './pick-best.ts'

/** What the exports need to know about a sweep. */
export interface ExportedSweep {
  id: number
  name: string
  metricName: string | null
  metricGoal: MetricGoal
  /** The normalized parameters spec (lets `args` dot names exactly as the trials got them). */
  parameters?: Readonly<Record<string, SweepParameter>>
}

/**
 * The API's exportBest over a sweep's trials: the best trial's config, or with `trialId` that
 * trial's (any status; it must belong to the sweep, else `trial/not-found` naming both ids).
 */
export function exportBestConfig(
  sweep: ExportedSweep,
  trials: ReadonlyArray<TrialSummary>,
  args: { format: ExportBestFormat; trialId?: number },
): { content: string; trialId: number } {
  const chosen = args.trialId !== undefined
  const trial = chosen ? findTrial(sweep.id, trials, args.trialId as number) : requireBestTrial(trials, sweep.metricGoal, sweep)
  const content = formatBestConfig(trial.params, args.format, {
    sweepId: sweep.id, sweepName: sweep.name, trialId: trial.id, metricName: sweep.metricName, metricValue: trial.finalValue,
    goal: sweep.metricGoal, ...(sweep.parameters ? { parameters: sweep.parameters } : {}),
    ...(chosen ? { chosen, trialStatus: trial.status } : {}),
  })
  return { content, trialId: trial.id }
}

/**
 * The API's exportTrials: every trial, or with `trialIds` only those (in the sweep's order,
 * duplicates once). Ids that are not trials of the sweep are one `trial/not-found` naming them all.
 */
export function exportTrialsTable(
  sweep: Pick<ExportedSweep, 'id' | 'metricName'>,
  trials: ReadonlyArray<TrialSummary>,
  args: { format: ExportTrialsFormat; trialIds?: ReadonlyArray<number> },
): { content: string } {
  const rows = args.trialIds === undefined ? trials : selectTrials(sweep.id, trials, args.trialIds)
  switch (args.format) {
    case 'csv':
      return { content: formatTrialsCsv(rows, sweep.metricName) }
    case 'json':
      return { content: formatTrialsJson(rows) }
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
