import { z } from 'zod'
import type { WireError } from '../errors.ts'
import { datasetApiRequestSchemas, datasetDetailSchema, datasetInfoSchema, type DatasetDetail, type DatasetInfo } from '../dataset-spec.ts'
import {
  artifactContentSchema, artifactSchema, environmentInfoSchema, exampleSpecSchema, logLineSchema, metricSeriesSchema, specValidationSchema, sweepDetailSchema, sweepSummarySchema,
  trialSummarySchema, importanceResultSchema, slurmJobInfoSchema,
} from './types.ts'
import type {
  Artifact, ArtifactContent, EnvironmentInfo, ExampleSpec, ImportanceResult, LogLine, SlurmJobInfo, MetricSeries, SpecValidation, SweepDetail, SweepSummary, TrialSummary,
} from './types.ts'

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
    .object({ text: z.string().max(10_000_000), fileName: z.string().optional(), start: z.boolean().default(true) })
    .strict(),
  cancelSweep: z.object({ sweepId: id }).strict(),
  deleteSweep: z.object({ sweepId: id }).strict(),
  cancelTrial: z.object({ trialId: id }).strict(),
  resumeSweep: z.object({ sweepId: id }).strict(),
  /** With `trialId`, that trial's config instead of the best one. */
  exportBest: z.object({ sweepId: id, format: z.enum(['yaml', 'json', 'args']), trialId: id.optional() }).strict(),
  /** With `trialIds`, only those trials (in the sweep's order). */
  exportTrials: z.object({ sweepId: id, format: z.enum(['csv', 'json']), trialIds: z.array(id).max(100_000).optional() }).strict(),
  getEnvironment: z.object({}).strict(),
  getArtifacts: z.object({ trialId: id }).strict(),
  readArtifact: z.object({ artifactId: id, maxBytes: z.number().int().positive().max(16_777_216).optional() }).strict(),
  listExamples: z.object({}).strict(),
  getImportance: z.object({ sweepId: id }).strict(),
  getSlurmJob: z.object({ trialId: id }).strict(),
  ...datasetApiRequestSchemas,
} as const

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
  createSweep(args: ApiArgs<'createSweep'>): Promise<{ sweepId: number }>
  /**
   * Stops a sweep: no new trials, running ones cancelled. `cancelled` counts the trials stopped here;
   * `requestedFrom` is the pid of another engine process (e.g. a CLI run) that was asked to do it.
   */
  cancelSweep(args: ApiArgs<'cancelSweep'>): Promise<{ cancelled: number; requestedFrom: number | null }>
  /** Deletes a sweep that is not running, with its trials, metrics, logs and trial files. */
  deleteSweep(args: ApiArgs<'deleteSweep'>): Promise<{ deleted: true }>
  cancelTrial(args: ApiArgs<'cancelTrial'>): Promise<{ cancelled: boolean; requestedFrom: number | null }>
  resumeSweep(args: ApiArgs<'resumeSweep'>): Promise<{ requeued: number }>
  exportBest(args: ApiArgs<'exportBest'>): Promise<{ content: string; trialId: number }>
  exportTrials(args: ApiArgs<'exportTrials'>): Promise<{ content: string }>
  getEnvironment(args: ApiArgs<'getEnvironment'>): Promise<EnvironmentInfo>
  /** What a trial produced (weights, confusion matrix, samples, other files in its folder). */
  getArtifacts(args: ApiArgs<'getArtifacts'>): Promise<Artifact[]>
  /** A text artifact's content (JSON, text, CSV), up to `maxBytes` (default 1 MiB). */
  readArtifact(args: ApiArgs<'readArtifact'>): Promise<ArtifactContent>
  /** The example sweep files shipped in resources/examples, to start a new sweep from. */
  listExamples(args: ApiArgs<'listExamples'>): Promise<ExampleSpec[]>
  /** Each parameter's importance for the sweep's metric (fANOVA on a random forest) with bootstrap intervals and its correlation. */
  getImportance(args: ApiArgs<'getImportance'>): Promise<ImportanceResult>
  /** The Slurm job of a trial that ran on a cluster (id, last state and reason, node), or null for a local trial. */
  getSlurmJob(args: ApiArgs<'getSlurmJob'>): Promise<SlurmJobInfo | null>
  /** Reads, checks and analyzes a file or folder, copies it into the workspace and registers it. */
  addDataset(args: ApiArgs<'addDataset'>): Promise<DatasetDetail>
  /** Built-in datasets, then every registered one at its latest version. */
  listDatasets(args: ApiArgs<'listDatasets'>): Promise<DatasetInfo[]>
  getDataset(args: ApiArgs<'getDataset'>): Promise<DatasetDetail>
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
  createSweep: z.strictObject({ sweepId: id }),
  cancelSweep: z.strictObject({ cancelled: count, requestedFrom }),
  deleteSweep: z.strictObject({ deleted: z.literal(true) }),
  cancelTrial: z.strictObject({ cancelled: z.boolean(), requestedFrom }),
  resumeSweep: z.strictObject({ requeued: count }),
  exportBest: z.strictObject({ content: z.string(), trialId: id }),
  exportTrials: z.strictObject({ content: z.string() }),
  getEnvironment: environmentInfoSchema,
  getArtifacts: z.array(artifactSchema),
  readArtifact: artifactContentSchema,
  listExamples: z.array(exampleSpecSchema),
  getImportance: importanceResultSchema,
  getSlurmJob: slurmJobInfoSchema.nullable(),
  addDataset: datasetDetailSchema,
  listDatasets: z.array(datasetInfoSchema),
  getDataset: datasetDetailSchema,
} as const satisfies { [M in ApiMethod]: z.ZodType<Awaited<ReturnType<SweeplabApi[M]>>> }

export type ApiResult<M extends ApiMethod> = z.output<(typeof apiResultSchemas)[M]>

export const API_METHODS = [
  'listSweeps', 'getSweep', 'getTrials', 'getTrial', 'getMetricNames', 'getMetricSeries', 'getLogs',
  'validateSpec', 'createSweep', 'cancelSweep', 'deleteSweep', 'cancelTrial', 'resumeSweep', 'exportBest', 'exportTrials',
  'getEnvironment', 'getArtifacts', 'readArtifact', 'listExamples', 'getImportance', 'getSlurmJob', 'addDataset', 'listDatasets', 'getDataset',
] as const satisfies ReadonlyArray<keyof SweeplabApi>
export type ApiMethod = (typeof API_METHODS)[number]

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
