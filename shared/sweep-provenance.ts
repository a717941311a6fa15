import { z } from 'zod'

/**
 * Where a sweep came from (issue 8 §7): the exact dataset version it trained on, the sweep it retrains
 * (if any) with the configs it took over, and the environment captured when it was created. Stored
 * once per sweep (migration 0008) and never changed; sweeps created before that have none.
 */

const id = z.number().int().positive()

/** The program folder of a command sweep as git saw it when the sweep was created. */
export const gitStateSchema = z.strictObject({
  folder: z.string(),
  /** not-a-repo: the folder is in no git work tree; no-git: git is not installed; error: git failed (see detail). */
  state: z.enum(['clean', 'dirty', 'not-a-repo', 'no-git', 'error']),
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  /** Files git status listed (modified, staged, untracked) when dirty. */
  changedFiles: z.number().int().nonnegative().nullable(),
  /** One sentence a report prints as it is. */
  detail: z.string(),
})
export type GitState = z.output<typeof gitStateSchema>

export const sweepEnvironmentSchema = z.strictObject({
  sweeplabVersion: z.string(),
  node: z.string(),
  /** e.g. `linux 6.8.0 x64`. */
  os: z.string(),
  capturedAt: z.number(),
  /** Command sweeps only; null for built-in trainers (the program is Sweeplab itself). */
  git: gitStateSchema.nullable(),
})
export type SweepEnvironment = z.output<typeof sweepEnvironmentSchema>

/** The dataset a sweep trained on: a registered one at its version, a built-in, or a file path. */
export const sweepDatasetSchema = z.strictObject({
  kind: z.enum(['registered', 'builtin', 'file']),
  name: z.string(),
  /** Registered datasets only. */
  version: z.number().int().positive().nullable(),
  /** sha256 of the registered copy; null for built-ins and files. */
  contentHash: z.string().nullable(),
})
export type SweepDataset = z.output<typeof sweepDatasetSchema>

/** One config a retrain took over from its parent sweep, with the value the parent measured. */
export const retrainConfigSchema = z.strictObject({
  /** 1 = the parent's best. */
  rank: z.number().int().positive(),
  parentTrialId: id,
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  /** The parent trial's final value of the sweep metric. */
  oldValue: z.number().nullable(),
})
export type RetrainConfig = z.output<typeof retrainConfigSchema>

export const retrainInfoSchema = z.strictObject({
  parentSweepId: id,
  parentName: z.string(),
  /** The parent's dataset as `name@version` (or a built-in name / path); null when it had none recorded. */
  oldDataset: z.string().nullable(),
  newDataset: z.string(),
  top: z.number().int().positive(),
  seeds: z.number().int().positive(),
  metric: z.strictObject({ name: z.string(), goal: z.enum(['minimize', 'maximize']) }),
  /** Trial index i runs configs[floor(i / seeds)] with its seed + (i mod seeds). */
  configs: z.array(retrainConfigSchema),
})
export type RetrainInfo = z.output<typeof retrainInfoSchema>

export const sweepProvenanceSchema = z.strictObject({
  sweepId: id,
  dataset: sweepDatasetSchema.nullable(),
  /** The sweep this one retrains; null for other sweeps (and after the parent was deleted). */
  parentSweepId: id.nullable(),
  retrain: retrainInfoSchema.nullable(),
  environment: sweepEnvironmentSchema,
})
export type SweepProvenance = z.output<typeof sweepProvenanceSchema>

/** One config of a retrain: the parent's value beside the new runs' mean ± std. */
export const retrainComparisonRowSchema = z.strictObject({
  rank: z.number().int().positive(),
  parentTrialId: id,
  params: z.record(z.string(), z.unknown()),
  oldValue: z.number().nullable(),
  /** Final values of the new runs of this config (one per seed; null: not finished or no value). */
  newValues: z.array(z.number().nullable()),
  newTrialIds: z.array(id),
  /** Mean and sample std over the new runs that have a value; null when none has. std is null below 2 values. */
  newMean: z.number().nullable(),
  newStd: z.number().nullable(),
  /** newMean − oldValue. */
  delta: z.number().nullable(),
  /** Whether the change is for the better by the sweep's goal; null without both values or when equal. */
  improved: z.boolean().nullable(),
})
export type RetrainComparisonRow = z.output<typeof retrainComparisonRowSchema>

export const retrainComparisonSchema = z.strictObject({
  sweepId: id,
  parentSweepId: id,
  /** False once the parent sweep was deleted (its values were copied here at retrain time). */
  parentExists: z.boolean(),
  parentName: z.string(),
  oldDataset: z.string().nullable(),
  newDataset: z.string(),
  metric: z.strictObject({ name: z.string(), goal: z.enum(['minimize', 'maximize']) }),
  rows: z.array(retrainComparisonRowSchema),
})
export type RetrainComparison = z.output<typeof retrainComparisonSchema>

export const REPORT_FORMATS = ['html', 'md'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const sweepReportSchema = z.strictObject({
  content: z.string(),
  /** A suggested file name, e.g. `sweep-3-lr-search-report.html`. */
  fileName: z.string(),
})
export type SweepReport = z.output<typeof sweepReportSchema>
