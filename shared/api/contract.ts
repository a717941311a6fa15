import { z } from 'zod'
import type { WireError } from '../errors.ts'
import { addedDatasetSchema, datasetApiRequestSchemas, datasetDetailSchema, datasetInfoSchema, type AddedDataset, type DatasetDetail, type DatasetInfo } from '../dataset-spec.ts'
import {
  artifactContentSchema, artifactSchema, environmentInfoSchema, exampleSpecSchema, logLineSchema, metricSeriesSchema, specValidationSchema, sweepDetailSchema, sweepSummarySchema,
  trialSummarySchema, importanceResultSchema, configSummarySchema, workspaceSizeSchema, slurmJobInfoSchema,
} from './types.ts'
import { SWEEP_STATUSES } from '../status.ts'
import { rerunResultSchema, sweepVersionSchema, updateSweepResultSchema, type RerunResult, type SweepVersionInfo, type UpdateSweepResult } from './steering-types.ts'
import {
  REPORT_FORMATS, retrainComparisonSchema, sweepProvenanceSchema, sweepReportSchema, type RetrainComparison, type SweepProvenance, type SweepReport,
} from '../sweep-provenance.ts'
import type {
  Artifact, ArtifactContent, ConfigSummary, EnvironmentInfo, ExampleSpec, ImportanceResult, LogLine, MetricSeries, SlurmJobInfo, SpecValidation, SweepDetail, SweepSummary, TrialSummary, WorkspaceSize,
} from './types.ts'
import {
  compareRefSchema, compareResultSchema, warmStartCandidatesSchema, warmStartReportSchema, workspaceInfoSchema,
  type CompareResult, type WarmStartCandidates, type WarmStartReport, type WorkspaceInfo,
} from './compare-types.ts'

const id = z.number().int().positive()

/** Request schemas: the engine side validates every incoming call with these (IPC and HTTP alike). */
export const apiRequestSchemas = {
  listSweeps: z.object({}).strict(),
  getSweep: z.object({ sweepId: id }).strict(),
  getTrials: z.object({ sweepId: id }).strict(),
  getTrial: z.object({ trialId: id }).strict(),
  getMetricNames: z.object({ sweepId: id }).strict(),
  getMetricSeries: z
    .object({
      trialIds: z.array(id).max(10_000),
      metric: z.string().min(1),
      maxPoints: z.number().int().min(2).max(100_000).optional(),
    })
    .strict(),
  getLogs: z.object({ trialId: id, tail: z.number().int().positive().max(100_000).optional() }).strict(),
  validateSpec: z.object({ text: z.string().max(10_000_000), fileName: z.string().optional() }).strict(),
  createSweep: z
    .object({
      text: z.string().max(10_000_000), fileName: z.string().optional(), start: z.boolean().default(true),
      /** Sweep ids or names added to `bayes.warm_start.sweeps` (CLI `run --warm-start`, the new-sweep form's picker). */
      warmStart: z.array(z.union([id, z.string().min(1)])).max(100).optional(),
    })
    .strict(),
  cancelSweep: z.object({ sweepId: id }).strict(),
  deleteSweep: z.object({ sweepId: id }).strict(),
  cancelTrial: z.object({ trialId: id }).strict(),
  resumeSweep: z.object({ sweepId: id }).strict(),
  /** With `trialId`, that trial's config instead of the best one. */
  exportBest: z.object({ sweepId: id, format: z.enum(['yaml', 'json', 'args']), trialId: id.optional() }).strict(),
  /** With `trialIds`, only those trials (in the sweep's order). */
  exportTrials: z.object({ sweepId: id, format: z.enum(['csv', 'json']), trialIds: z.array(id).max(100_000).optional() }).strict(),
  /** The sweep file as a W&B sweep file; keys W&B cannot hold refuse it unless `dropUnsupported`. */
  exportWandb: z.object({ sweepId: id, dropUnsupported: z.boolean().optional() }).strict(),
  getEnvironment: z.object({}).strict(),
  getArtifacts: z.object({ trialId: id }).strict(),
  readArtifact: z.object({ artifactId: id, maxBytes: z.number().int().positive().max(16_777_216).optional() }).strict(),
  listExamples: z.object({}).strict(),
  getImportance: z.object({ sweepId: id }).strict(),
  pauseSweep: z.object({ sweepId: id }).strict(),
  /**
   * A new config version: `text` is the whole new sweep file (default: the current one), `set`
   * changes single keys in it (null removes the key); validated like a sweep file. `dryRun` checks
   * and describes the edit without storing it.
   */
  updateSweep: z
    .object({
      sweepId: id,
      text: z.string().max(10_000_000).optional(),
      set: z
        .object({
          run_cap: z.number().int().positive().nullable().optional(),
          max_duration: z.union([z.number().positive(), z.string().min(1).max(100)]).nullable().optional(),
          workers: z.number().int().positive().nullable().optional(),
        })
        .strict()
        .optional(),
      note: z.string().max(1000).optional(),
      dryRun: z.boolean().default(false),
    })
    .strict(),
  getSweepVersions: z.object({ sweepId: id }).strict(),
  /** `params`: changes by dotted name (`model.layers`), each a param the trial has; `seed`: default the trial's. */
  rerunTrial: z
    .object({ trialId: id, params: z.record(z.string().min(1).max(500), z.unknown()).optional(), seed: z.number().int().nonnegative().max(2 ** 31 - 1).optional() })
    .strict(),
  rerunBest: z.object({ sweepId: id, top: z.number().int().positive().max(1000), seeds: z.number().int().positive().max(1000) }).strict(),
  getConfigs: z.object({ sweepId: id }).strict(),
  /** `fresh`: measure now instead of answering from the few-seconds cache. */
  getWorkspaceSize: z.object({ fresh: z.boolean().optional() }).strict(),
  compareSweeps: z.object({ sweeps: z.array(compareRefSchema).min(2).max(8) }).strict(),
  getWarmStartCandidates: z.object({ text: z.string().max(10_000_000), fileName: z.string().optional() }).strict(),
  getWorkspace: z.object({}).strict(),
  getSlurmJob: z.object({ trialId: id }).strict(),
  ...datasetApiRequestSchemas,
  /** A new sweep running the best `top` configs of `sweepId`, `seeds` times each, on `dataset` (NAME or NAME@VERSION). */
  retrainSweep: z
    .object({
      sweepId: id,
      dataset: z.string().min(1).max(200),
      top: z.number().int().min(1).max(100).optional(),
      seeds: z.number().int().min(1).max(20).optional(),
    })
    .strict(),
  getRetrainComparison: z.object({ sweepId: id }).strict(),
  getSweepProvenance: z.object({ sweepId: id }).strict(),
  getSweepReport: z.object({ sweepId: id, format: z.enum(REPORT_FORMATS) }).strict(),
} as const

type SweepStatusName = (typeof SWEEP_STATUSES)[number]

export type ApiArgs<M extends ApiMethod> = z.input<(typeof apiRequestSchemas)[M]>

/** The one interface the app, the browser bridge and the CLI all use. One object in, JSON out. */
export interface SweeplabApi {
  listSweeps(args: ApiArgs<'listSweeps'>): Promise<SweepSummary[]>
  getSweep(args: ApiArgs<'getSweep'>): Promise<SweepDetail>
  getTrials(args: ApiArgs<'getTrials'>): Promise<TrialSummary[]>
  getTrial(args: ApiArgs<'getTrial'>): Promise<TrialSummary>
  getMetricNames(args: ApiArgs<'getMetricNames'>): Promise<string[]>
  getMetricSeries(args: ApiArgs<'getMetricSeries'>): Promise<MetricSeries[]>
  getLogs(args: ApiArgs<'getLogs'>): Promise<LogLine[]>
  validateSpec(args: ApiArgs<'validateSpec'>): Promise<SpecValidation>
  /** `warmStart`: how many earlier trials seed a bayes sweep's model, and why others were left out (only with `bayes.warm_start`). */
  createSweep(args: ApiArgs<'createSweep'>): Promise<{ sweepId: number; warmStart?: WarmStartReport }>
  /**
   * Stops a sweep: no new trials, running ones cancelled. `cancelled` counts the trials stopped here;
   * `requestedFrom` is the pid of another engine process (e.g. a CLI run) that was asked to do it.
   */
  cancelSweep(args: ApiArgs<'cancelSweep'>): Promise<{ cancelled: number; requestedFrom: number | null }>
  /** Deletes a sweep that is not running, with its trials, metrics, logs and trial files. */
  deleteSweep(args: ApiArgs<'deleteSweep'>): Promise<{ deleted: true }>
  cancelTrial(args: ApiArgs<'cancelTrial'>): Promise<{ cancelled: boolean; requestedFrom: number | null }>
  /**
   * Continues a paused or interrupted sweep (also a completed one an edit gave more to run).
   * `requestedFrom`: the process running the paused sweep, asked to go on.
   */
  resumeSweep(args: ApiArgs<'resumeSweep'>): Promise<{ requeued: number; requestedFrom: number | null }>
  /** No new trials start; running ones finish. The state survives an engine restart. */
  pauseSweep(args: ApiArgs<'pauseSweep'>): Promise<{ status: SweepStatusName; requestedFrom: number | null }>
  /** Stores a new config version (budget, concurrency, search space) and applies it to the running sweep. */
  updateSweep(args: ApiArgs<'updateSweep'>): Promise<UpdateSweepResult>
  /** Every config version of the sweep, oldest first, with how many trials each produced. */
  getSweepVersions(args: ApiArgs<'getSweepVersions'>): Promise<SweepVersionInfo[]>
  /** A new trial in the same sweep with the trial's params (edited by `params`), marked as its rerun. */
  rerunTrial(args: ApiArgs<'rerunTrial'>): Promise<RerunResult>
  /** The best `top` distinct configs, each rerun with `seeds` new seeds. */
  rerunBest(args: ApiArgs<'rerunBest'>): Promise<RerunResult>
  exportBest(args: ApiArgs<'exportBest'>): Promise<{ content: string; trialId: number }>
  exportTrials(args: ApiArgs<'exportTrials'>): Promise<{ content: string }>
  /**
   * The sweep file for W&B (`sweeplab export SWEEP --format wandb`). Refused (`export/unsupported`, listing
   * each key and line) when W&B cannot hold a key, unless `dropUnsupported`: then `dropped` lists them.
   * `omitted`: Sweeplab's run settings (workers, seed, ...), always left out.
   */
  exportWandb(args: ApiArgs<'exportWandb'>): Promise<{ content: string; dropped: string[]; omitted: string[] }>
  getEnvironment(args: ApiArgs<'getEnvironment'>): Promise<EnvironmentInfo>
  /** What a trial produced (weights, confusion matrix, samples, other files in its folder). */
  getArtifacts(args: ApiArgs<'getArtifacts'>): Promise<Artifact[]>
  /** A text artifact's content (JSON, text, CSV), up to `maxBytes` (default 1 MiB). */
  readArtifact(args: ApiArgs<'readArtifact'>): Promise<ArtifactContent>
  /** The example sweep files shipped in resources/examples, to start a new sweep from. */
  listExamples(args: ApiArgs<'listExamples'>): Promise<ExampleSpec[]>
  /** Each parameter's importance for the sweep's metric (fANOVA on a random forest) with bootstrap intervals and its correlation. */
  getImportance(args: ApiArgs<'getImportance'>): Promise<ImportanceResult>
  /** The sweep's configs with their repeats' mean and standard deviation (`repeats: n`; without it each trial is its own config). */
  getConfigs(args: ApiArgs<'getConfigs'>): Promise<ConfigSummary[]>
  /** Two or more sweeps (this workspace's, or another file's read-only) aligned on their parameters, with each one's best and trials. */
  compareSweeps(args: ApiArgs<'compareSweeps'>): Promise<CompareResult>
  /** The sweeps a bayes spec could warm-start from, with how many of their trials fit its space. */
  getWarmStartCandidates(args: ApiArgs<'getWarmStartCandidates'>): Promise<WarmStartCandidates>
  /** The open workspace file and whether it is read-only. */
  getWorkspace(args: ApiArgs<'getWorkspace'>): Promise<WorkspaceInfo>
  /** The Slurm job of a trial that ran on a cluster (id, last state and reason, node), or null for a local trial. */
  getSlurmJob(args: ApiArgs<'getSlurmJob'>): Promise<SlurmJobInfo | null>
  /** Reads, checks and analyzes a file or folder, copies it into the workspace and registers it. */
  /** Disk used by the workspace: database, each sweep's trial folders, datasets and cache. */
  getWorkspaceSize(args: ApiArgs<'getWorkspaceSize'>): Promise<WorkspaceSize>
  /**
   * Reads, checks and analyzes a file or folder, copies it into the workspace and registers it. A name
   * already registered gets version n+1 when the content changed; the same content answers the latest
   * version with `unchanged: true`.
   */
  addDataset(args: ApiArgs<'addDataset'>): Promise<AddedDataset>
  /** Built-in datasets, then every registered one at its latest version (`allVersions`: every version). */
  listDatasets(args: ApiArgs<'listDatasets'>): Promise<DatasetInfo[]>
  getDataset(args: ApiArgs<'getDataset'>): Promise<DatasetDetail>
  /** Starts the retrain sweep (linked to its parent) and answers its id. Trainer sweeps with a dataset only. */
  retrainSweep(args: ApiArgs<'retrainSweep'>): Promise<{ sweepId: number }>
  /** Old vs new metric per config of a retrain sweep; `retrain/unsupported` for any other sweep. */
  getRetrainComparison(args: ApiArgs<'getRetrainComparison'>): Promise<RetrainComparison>
  /** The dataset version, retrain parent and environment recorded at creation; null for sweeps made before they were recorded. */
  getSweepProvenance(args: ApiArgs<'getSweepProvenance'>): Promise<SweepProvenance | null>
  /** A self-contained report (HTML with inline CSS and SVG, or Markdown with SVG data URIs). */
  getSweepReport(args: ApiArgs<'getSweepReport'>): Promise<SweepReport>
}

const count = z.number().int().nonnegative()
/** The pid of the engine process a cancel was handed to, or null when this one did it. */
const requestedFrom = z.number().int().positive().nullable()

/**
 * Result schemas, one per method: what each call resolves with, checked by the contract tests on
 * every transport. `satisfies` below keeps them and `SweeplabApi` from drifting apart.
 */
export const apiResultSchemas = {
  listSweeps: z.array(sweepSummarySchema),
  getSweep: sweepDetailSchema,
  getTrials: z.array(trialSummarySchema),
  getTrial: trialSummarySchema,
  getMetricNames: z.array(z.string()),
  getMetricSeries: z.array(metricSeriesSchema),
  getLogs: z.array(logLineSchema),
  validateSpec: specValidationSchema,
  createSweep: z.strictObject({ sweepId: id, warmStart: warmStartReportSchema.optional() }),
  cancelSweep: z.strictObject({ cancelled: count, requestedFrom }),
  deleteSweep: z.strictObject({ deleted: z.literal(true) }),
  cancelTrial: z.strictObject({ cancelled: z.boolean(), requestedFrom }),
  resumeSweep: z.strictObject({ requeued: count, requestedFrom }),
  pauseSweep: z.strictObject({ status: z.enum(SWEEP_STATUSES), requestedFrom }),
  updateSweep: updateSweepResultSchema,
  getSweepVersions: z.array(sweepVersionSchema),
  rerunTrial: rerunResultSchema,
  rerunBest: rerunResultSchema,
  exportBest: z.strictObject({ content: z.string(), trialId: id }),
  exportTrials: z.strictObject({ content: z.string() }),
  exportWandb: z.strictObject({ content: z.string(), dropped: z.array(z.string()), omitted: z.array(z.string()) }),
  getEnvironment: environmentInfoSchema,
  getArtifacts: z.array(artifactSchema),
  readArtifact: artifactContentSchema,
  listExamples: z.array(exampleSpecSchema),
  getImportance: importanceResultSchema,
  getConfigs: z.array(configSummarySchema),
  getWorkspaceSize: workspaceSizeSchema,
  compareSweeps: compareResultSchema,
  getWarmStartCandidates: warmStartCandidatesSchema,
  getWorkspace: workspaceInfoSchema,
  addDataset: addedDatasetSchema,
  getSlurmJob: slurmJobInfoSchema.nullable(),
  listDatasets: z.array(datasetInfoSchema),
  getDataset: datasetDetailSchema,
  retrainSweep: z.strictObject({ sweepId: id }),
  getRetrainComparison: retrainComparisonSchema,
  getSweepProvenance: sweepProvenanceSchema.nullable(),
  getSweepReport: sweepReportSchema,
} as const satisfies { [M in ApiMethod]: z.ZodType<Awaited<ReturnType<SweeplabApi[M]>>> }

export type ApiResult<M extends ApiMethod> = z.output<(typeof apiResultSchemas)[M]>

export const API_METHODS = [
  'listSweeps', 'getSweep', 'getTrials', 'getTrial', 'getMetricNames', 'getMetricSeries', 'getLogs',
  'validateSpec', 'createSweep', 'cancelSweep', 'deleteSweep', 'cancelTrial', 'resumeSweep', 'exportBest', 'exportTrials',
  'pauseSweep', 'updateSweep', 'getSweepVersions', 'rerunTrial', 'rerunBest',
  'getConfigs',
  'getWorkspaceSize',
  'retrainSweep', 'getRetrainComparison', 'getSweepProvenance', 'getSweepReport',
  'exportWandb', 'getEnvironment', 'getArtifacts', 'readArtifact', 'listExamples', 'getImportance', 'addDataset', 'listDatasets', 'getDataset',
  'compareSweeps', 'getWarmStartCandidates', 'getWorkspace',
  'getSlurmJob',
] as const satisfies ReadonlyArray<keyof SweeplabApi>
export type ApiMethod = (typeof API_METHODS)[number]

/** Methods that write to the workspace: a read-only workspace refuses them with `workspace/read-only`. */
export const MUTATING_METHODS = [
  'createSweep', 'cancelSweep', 'deleteSweep', 'cancelTrial', 'resumeSweep', 'addDataset',
  'pauseSweep', 'updateSweep', 'rerunTrial', 'rerunBest', 'retrainSweep',
] as const satisfies ReadonlyArray<ApiMethod>

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as ReadonlyArray<string>).includes(name)
}

/** Past-tense facts pushed by the engine, batched (never one message per metric point). */
export interface SweeplabEvents {
  'sweep-updated': { sweep: SweepSummary }
  'sweep-deleted': { sweepId: number }
  'trial-updated': { trial: TrialSummary }
  'metric-points': { sweepId: number; trialId: number; name: string; steps: number[]; values: (number | null)[] }[]
  'log-lines': LogLine[]
  /**
   * Not an engine fact: the desktop shell opened a sweep file (menu, dialog, file argument) and asks
   * the renderer to show it in the new-sweep screen. Sent by electron/main only.
   */
  'open-sweep-file': { text: string; fileName: string }
}

/** Payload schemas, one per event name; `satisfies` keeps them and `SweeplabEvents` together. */
export const eventPayloadSchemas = {
  'sweep-updated': z.strictObject({ sweep: sweepSummarySchema }),
  'sweep-deleted': z.strictObject({ sweepId: id }),
  'trial-updated': z.strictObject({ trial: trialSummarySchema }),
  'metric-points': z.array(z.strictObject({
    sweepId: id,
    trialId: id,
    name: z.string(),
    steps: z.array(z.number()),
    // Non-finite values travel as null.
    values: z.array(z.number().nullable()),
  })),
  'log-lines': z.array(logLineSchema),
  'open-sweep-file': z.strictObject({ text: z.string(), fileName: z.string() }),
} as const satisfies { [K in keyof SweeplabEvents]: z.ZodType<SweeplabEvents[K]> }
export type EventName = keyof SweeplabEvents
export type SweeplabEvent = { [K in EventName]: { type: K; payload: SweeplabEvents[K] } }[EventName]

export interface WireRequest {
  id: number
  method: string
  args: unknown
}
export type WireResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError }

/** What a transport (preload, HTTP/SSE, in-process) must provide. */
export interface Transport {
  call(req: WireRequest): Promise<WireResponse>
  subscribe(cb: (ev: SweeplabEvent) => void): () => void
}
