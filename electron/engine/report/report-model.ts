import type { ImportanceResult, SweepSummary, TrialSummary } from '../../../shared/api/types.ts'
import type { DatasetImportReport } from '../../../shared/dataset-spec.ts'
import { flattenForDisplay, formatParamText } from '../../../shared/flatten-params.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { GitState, RetrainComparison, SweepProvenance } from '../../../shared/sweep-provenance.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { sweepImportance } from '../analysis/sweep-importance.ts'
import type { DatasetConfig } from '../data/dataset-config.ts'
import { normalizeDatasetSpec } from '../data/dataset-config.ts'
import type { PipelineReport } from '../data/prepared-types.ts'
import { readAppVersion } from '../environment.ts'
import { compareRetrain } from '../retrain/compare-retrain.ts'
import { collectLeaves } from '../search/parameter-leaves.ts'
import type { Store, SweepRow } from '../store/store-types.ts'
import { describeSweepDataset } from '../provenance/sweep-dataset.ts'
import { bestDistinctTrials } from '../retrain/plan-retrain.ts'

/** Best configs shown in the report, and curves drawn for the first of them. */
export const REPORT_TOP = 10
export const REPORT_CURVES = 5

/** Everything the report shows, gathered from the store: the renderers (HTML, Markdown) are pure. */
export interface ReportModel {
  generatedAt: number
  sweep: {
    id: number
    name: string
    description: string | null
    method: string
    status: string
    error: string | null
    seed: number
    total: number | null
    createdAt: number
    startedAt: number | null
    endedAt: number | null
    counts: SweepSummary['counts']
    trials: number
  }
  metric: { name: string; goal: MetricGoal } | null
  data: ReportData | null
  parameters: Array<{ name: string; distribution: string; values: string }>
  best: Array<{ rank: number; trialId: number; params: Array<[string, string]>; value: number; bestValue: number | null; std: number | null; durationMs: number | null; backend: string | null }>
  /** Name of the spread column (e.g. `val_loss_std` of cross-validation), when the trials report one. */
  spreadMetric: string | null
  importance: ImportanceResult | null
  curves: Array<{ trialId: number; rank: number; steps: number[]; values: Array<number | null> }>
  history: Array<{ trialId: number; index: number; value: number }>
  environment: ReportEnvironment
  retrain: RetrainComparison | null
}

export interface ReportData {
  /** `reviews@3`, `spam`, or a path. */
  ref: string
  /** The cleaning steps as configured in the sweep file. */
  config: DatasetConfig | null
  /** The pipeline's counts (read, cleaned, split, tokenized) as the trials prepared it; null when it could not be prepared now. */
  pipeline: PipelineReport | null
  /** The import report of the dataset (duplicates, PII, balance before cleaning). */
  imported: DatasetImportReport | null
  /** Why something above is missing. */
  notes: string[]
}

export interface ReportEnvironment {
  /** Captured when the sweep was created; null for sweeps older than that record (migration 0008). */
  sweeplabVersion: string | null
  node: string | null
  os: string | null
  capturedAt: number | null
  /** This Sweeplab, which generated the report. */
  reportVersion: string
  /** Backends the trials ran on, with trial counts (built-in trainers record theirs; command trials show `command`). */
  backends: Array<{ backend: string; trials: number }>
  /** Command sweeps: the program folder's git state at creation; null for trainer sweeps. */
  git: GitState | null
  isCommand: boolean
}

export interface ReportSources {
  store: Pick<Store, 'trials' | 'metrics' | 'provenance' | 'sweeps'>
  row: SweepRow
  /** The dataset's import report and the prepared pipeline's; each may fail (file gone) and becomes a note. */
  datasetReports: (spec: SweepSpec, provenance: SweepProvenance | undefined) => { pipeline: PipelineReport | null; imported: DatasetImportReport | null; notes: string[] }
  now?: number
}

export function collectReportModel(src: ReportSources): ReportModel {
  const { store, row } = src
  const spec = JSON.parse(row.specJson) as SweepSpec
  const trials = store.trials.listBySweep(row.id)
  const summary = store.sweeps.summary(row.id)
  const provenance = store.provenance.get(row.id)
  const metric = row.metricName === null ? null : { name: row.metricName, goal: row.metricGoal }
  const isCommand = Boolean(spec.program ?? spec.command)

  const best = metric === null ? [] : bestDistinctTrials(trials, row.metricGoal, REPORT_TOP)
  const spreadMetric = metric === null ? null : findSpreadMetric(store, row.id, metric.name)
  const spreadOf = (trialId: number): number | null => {
    if (spreadMetric === null) return null
    const s = store.metrics.series([trialId], spreadMetric, 2)[0]
    const v = s?.values.at(-1)
    return v === undefined || v === null ? null : v
  }

  let data: ReportData | null = null
  if (spec.dataset !== undefined) {
    let config: DatasetConfig | null = null
    const notes: string[] = []
    try {
      config = normalizeDatasetSpec(spec.dataset)
    } catch (e) {
      notes.push(`dataset: ${(e as Error).message}`)
    }
    const reports = src.datasetReports(spec, provenance)
    data = {
      ref: describeSweepDataset(provenance?.dataset ?? null) ?? describeSpecDataset(spec.dataset),
      config,
      pipeline: reports.pipeline,
      imported: reports.imported,
      notes: [...notes, ...reports.notes],
    }
  }

  const backendCounts = new Map<string, number>()
  for (const t of trials) {
    if (t.startedAt === null) continue
    const b = t.backend ?? (isCommand ? 'command' : 'unknown')
    backendCounts.set(b, (backendCounts.get(b) ?? 0) + 1)
  }

  return {
    generatedAt: src.now ?? Date.now(),
    sweep: {
      id: row.id,
      name: row.name,
      description: row.description,
      method: row.method,
      status: row.status,
      error: row.error,
      seed: row.seed,
      total: row.total,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      counts: summary?.counts ?? {},
      trials: trials.length,
    },
    metric,
    data,
    parameters: describeParameters(spec),
    best: best.map((t, i) => ({
      rank: i + 1,
      trialId: t.id,
      params: flattenForDisplay(t.params).map(([k, v]) => [k, formatParamText(v)] as [string, string]),
      value: t.finalValue as number,
      bestValue: t.bestValue,
      std: spreadOf(t.id),
      durationMs: t.startedAt !== null && t.endedAt !== null ? t.endedAt - t.startedAt : null,
      backend: t.backend,
    })),
    spreadMetric,
    importance: metric === null ? null : sweepImportance(row, trials),
    curves: metric === null ? [] : curvesOf(store, best.slice(0, REPORT_CURVES), metric.name),
    history: historyOf(trials),
    environment: {
      sweeplabVersion: provenance?.environment.sweeplabVersion ?? null,
      node: provenance?.environment.node ?? null,
      os: provenance?.environment.os ?? null,
      capturedAt: provenance?.environment.capturedAt ?? null,
      reportVersion: readAppVersion(),
      backends: [...backendCounts].map(([backend, n]) => ({ backend, trials: n })).sort((a, b) => b.trials - a.trials || a.backend.localeCompare(b.backend)),
      git: provenance?.environment.git ?? null,
      isCommand,
    },
    retrain: provenance?.retrain ? compareRetrain(row.id, provenance.retrain, trials, store.sweeps.get(provenance.retrain.parentSweepId) !== undefined) : null,
  }
}

function describeSpecDataset(d: NonNullable<SweepSpec['dataset']>): string {
  if (typeof d === 'string') return d
  return d.name !== undefined ? (d.version !== undefined ? `${d.name}@${d.version}` : d.name) : (d.path ?? 'dataset')
}

/** Cross-validation logs `<metric>_std` beside the mean: the spread of a config over folds. */
function findSpreadMetric(store: Pick<Store, 'metrics'>, sweepId: number, metric: string): string | null {
  const name = `${metric}_std`
  return store.metrics.names(sweepId).includes(name) ? name : null
}

function curvesOf(store: Pick<Store, 'metrics'>, best: ReadonlyArray<TrialSummary>, metric: string): ReportModel['curves'] {
  if (best.length === 0) return []
  const series = store.metrics.series(best.map((t) => t.id), metric, 300)
  return series.map((s, i) => ({ trialId: s.trialId, rank: i + 1, steps: s.steps, values: s.values }))
}

function historyOf(trials: ReadonlyArray<TrialSummary>): ReportModel['history'] {
  return trials
    .filter((t) => t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue))
    .map((t) => ({ trialId: t.id, index: t.index, value: t.finalValue as number }))
    .sort((a, b) => a.index - b.index || a.trialId - b.trialId)
}

/** The search space as a table: each leaf parameter (dotted when nested), its distribution and range or choices. */
export function describeParameters(spec: Pick<SweepSpec, 'parameters'>): ReportModel['parameters'] {
  return collectLeaves(spec.parameters).map(({ path, param }) => {
    let values: string
    if (param.distribution === 'constant') values = formatParamText(param.value)
    else if (param.values !== undefined) values = param.values.map(formatParamText).join(', ')
    else if (param.mu !== undefined && (param.distribution.includes('normal'))) values = `mu ${param.mu}, sigma ${param.sigma ?? 1}`
    else if (param.distribution === 'beta' || param.distribution === 'q_beta') values = `a ${param.a}, b ${param.b}`
    else values = `${param.min} … ${param.max}`
    if (param.q !== undefined && param.distribution.startsWith('q_')) values += ` (q ${param.q})`
    return { name: path.join('.'), distribution: param.distribution, values }
  })
}
