import { z } from 'zod'
import { SWEEP_STATUSES, TRIAL_STATUSES } from '../status.ts'
import { FAILURE_REASONS } from '../failure-reasons.ts'

/**
 * The payloads the API returns, as zod schemas (strict: an unlisted field is drift, not data) with
 * the TypeScript types derived from them, so a result can be checked against its contract (see
 * `apiResultSchemas` in contract.ts). Every time is epoch milliseconds; non-finite metric values
 * travel as `null` (JSON has no NaN), hence nullable metric numbers.
 */

const id = z.number().int().positive()
/** Epoch milliseconds. */
const time = z.number()
/** A metric value: null when it was not finite. */
const metricValue = z.number().nullable()

/**
 * What the projected finish time is computed from: durations of the trials that ran to an end
 * (completed, failed, crashed, diverged, timeout, pruned; not cancelled or interrupted ones, cut
 * short from outside), when the running ones started, and how many trials run at once.
 */
export const sweepTimingSchema = z.strictObject({
  finished: z.number().int().nonnegative(),
  /** Mean and sample standard deviation of their durations (ms); null with too few. */
  meanMs: z.number().nonnegative().nullable(),
  sdMs: z.number().nonnegative().nullable(),
  /** Start times (epoch ms) of the trials running now. */
  runningSince: z.array(time),
  /** Trials the sweep runs at once (its workers, capped by CPU slots and GPUs). */
  concurrency: z.number().int().positive(),
})
export type SweepTiming = z.output<typeof sweepTimingSchema>

export const sweepSummarySchema = z.strictObject({
  id,
  name: z.string(),
  method: z.string(),
  status: z.enum(SWEEP_STATUSES),
  metricName: z.string().nullable(),
  metricGoal: z.enum(['minimize', 'maximize']),
  /** Number of trials the sweep will run in all, or null when unbounded (random without run_cap). */
  total: z.number().int().nonnegative().nullable(),
  counts: z.partialRecord(z.enum(TRIAL_STATUSES), z.number().int().nonnegative()),
  /** Trials that reached a final state for their config (retries and resumes not double-counted). */
  done: z.number().int().nonnegative(),
  bestValue: metricValue,
  bestTrialId: id.nullable(),
  createdAt: time,
  startedAt: time.nullable(),
  endedAt: time.nullable(),
  error: z.string().nullable(),
  /** Why a running sweep starts no new trial now (e.g. `paused: 0.8 GB free on /data, needs 2 GB`); null otherwise. */
  waiting: z.string().nullable(),
  /** Trial durations so far, for the projected finish time (shared/eta.ts). */
  timing: sweepTimingSchema,
})
export type SweepSummary = z.output<typeof sweepSummarySchema>

export const sweepDetailSchema = sweepSummarySchema.extend({
  description: z.string().nullable(),
  specText: z.string(),
  specFile: z.string().nullable(),
  spec: z.unknown(),
  seed: z.number().int(),
  workers: z.number().int(),
  /** Trials (every attempt) per failure reason; a reason no trial has is absent. */
  failureReasons: z.partialRecord(z.enum(FAILURE_REASONS), z.number().int().nonnegative()),
  /** The config version trials sample from now (see getSweepVersions). */
  configVersion: z.number().int().positive(),
  /** `max_duration` of the current version in ms, and the running (not paused) time spent so far. */
  maxDurationMs: z.number().nonnegative().nullable(),
  runMs: z.number().nonnegative(),
  /**
   * Points the sweep's `constraints:` kept from running (absent when it has none): a grid's skipped
   * combinations, or the rejected draws of random and bayes so far. `exact: false` means part is unknown.
   */
  skipped: z.strictObject({ count: z.number().int().nonnegative(), exact: z.boolean(), combinations: z.number().int().nonnegative().optional() }).optional(),
})
export type SweepDetail = z.output<typeof sweepDetailSchema>

export const trialSummarySchema = z.strictObject({
  id,
  sweepId: id,
  /** Position in the sweep's search sequence; retries and resumed attempts share it. Reruns count down from -1, outside the sequence. */
  index: z.number().int(),
  attempt: z.number().int().positive(),
  status: z.enum(TRIAL_STATUSES),
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  /** Last reported value of the sweep's metric, and the best one over steps. */
  finalValue: metricValue,
  bestValue: metricValue,
  startedAt: time.nullable(),
  endedAt: time.nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  backend: z.string().nullable(),
  /** How the backend was chosen, and why faster ones were not used (built-in trainers). */
  backendNote: z.string().nullable(),
  error: z.string().nullable(),
  workerId: z.number().int().nullable(),
  /** Status `pruned`: the step of its last report of the sweep metric when early termination stopped it. */
  prunedAtStep: z.number().int().nonnegative().nullable(),
  /** Why it did not complete (null for a completed or unfinished trial), and one line that says so. */
  failureReason: z.enum(FAILURE_REASONS).nullable(),
  failureNote: z.string().nullable(),
  /** The sweep config version it was sampled from (1: the file the sweep started with). */
  configVersion: z.number().int().positive(),
  /** The trial this one reruns (`rerunTrial`, `rerunBest`), else null. */
  rerunOf: id.nullable(),
  /** Sweeps with `repeats: n`: the config this trial is a repeat of (its search index ÷ n) and which repeat (0..n−1); absent otherwise. */
  configIndex: z.number().int().nonnegative().nullable().optional(),
  repeat: z.number().int().nonnegative().nullable().optional(),
})
export type TrialSummary = z.output<typeof trialSummarySchema>

/** One config of a sweep with `repeats: n`: its repeats and the metric's mean and spread over them (shared/config-stats.ts). */
export const configSummarySchema = z.strictObject({
  configIndex: z.number().int().nonnegative(),
  params: z.record(z.string(), z.unknown()),
  /** Seeds per config (the sweep's `repeats`). */
  repeats: z.number().int().positive(),
  /** The latest attempt of each repeat, in repeat order, and their seeds. */
  trialIds: z.array(id),
  seeds: z.array(z.number().int()),
  status: z.enum(TRIAL_STATUSES),
  mean: metricValue,
  /** Sample standard deviation; null below two values. */
  std: metricValue,
  /** Repeats whose value is in the mean. */
  n: z.number().int().nonnegative(),
})
export type ConfigSummary = z.output<typeof configSummarySchema>

export const metricSeriesSchema = z.strictObject({
  trialId: id,
  name: z.string(),
  steps: z.array(z.number()),
  values: z.array(metricValue),
  wallTimes: z.array(time),
  /** Points stored before downsampling. */
  totalPoints: z.number().int().nonnegative(),
})
export type MetricSeries = z.output<typeof metricSeriesSchema>

export const logLineSchema = z.strictObject({
  trialId: id,
  /** Order within the trial; -1 in live `log-lines` events, which leave before the store numbers them. */
  seq: z.number().int().min(-1),
  stream: z.enum(['stdout', 'stderr', 'system']),
  time,
  line: z.string(),
})
export type LogLine = z.output<typeof logLineSchema>

/** `ErrorLocation` (shared/errors.ts) as it travels: one located problem of an input file. */
export const errorLocationSchema = z.strictObject({
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  /** Dotted key path inside the document, e.g. `parameters.lr.min`. */
  path: z.string().optional(),
  message: z.string(),
})

export const specValidationSchema = z.strictObject({
  ok: z.boolean(),
  problems: z.array(errorLocationSchema),
  /** Number of trials the spec describes (grid size or run_cap), null when unbounded. */
  total: z.number().int().nonnegative().nullable(),
  /** A grid with when: or constraints: its distinct combinations, and how many of them the constraints skip. */
  grid: z.strictObject({ combinations: z.number().int().nonnegative(), skipped: z.number().int().nonnegative() }).optional(),
})
export type SpecValidation = z.output<typeof specValidationSchema>

export const environmentInfoSchema = z.strictObject({
  version: z.string(),
  node: z.string(),
  platform: z.string(),
  dbPath: z.string(),
  cpuCores: z.number().int().positive(),
  gpus: z.array(z.strictObject({ index: z.number().int().nonnegative(), name: z.string(), memoryMiB: z.number().nullable() })),
  /** How GPUs were looked for, or why none were found (e.g. `nvidia-smi not found`). */
  gpuDetection: z.string(),
  backends: z.array(z.strictObject({ name: z.string(), available: z.boolean(), detail: z.string() })),
})
export type EnvironmentInfo = z.output<typeof environmentInfoSchema>

export type ExportBestFormat = 'yaml' | 'json' | 'args'
export type ExportTrialsFormat = 'csv' | 'json'

/** A file or folder a trial produced: weights, confusion matrix, generated samples, or any output. */
export const artifactSchema = z.strictObject({
  id,
  trialId: id,
  /** weights | confusion-matrix | samples | file */
  kind: z.string(),
  /** Path relative to the trial folder, e.g. `model` or `fold-2/confusion_matrix.json`. */
  name: z.string(),
  /** Absolute path on this machine. */
  path: z.string(),
  /** Bytes (a folder: the sum of its files). */
  size: z.number().int().nonnegative(),
  createdAt: time,
  /** When checkpoint retention (`keep:`) deleted its files; null while they are on disk. */
  deletedAt: time.nullable(),
})
export type Artifact = z.output<typeof artifactSchema>

/** The start of a text artifact, read for display (a confusion matrix, generated samples, a log). */
export const artifactContentSchema = z.strictObject({
  artifactId: id,
  content: z.string(),
  /** True when the file is longer than what was read. */
  truncated: z.boolean(),
  /** The whole file's size in bytes. */
  size: z.number().int().nonnegative(),
})
export type ArtifactContent = z.output<typeof artifactContentSchema>

/** An example sweep file shipped with Sweeplab (resources/examples). */
export const exampleSpecSchema = z.strictObject({
  /** File name without extension, e.g. `spam-classifier-grid`. */
  name: z.string(),
  /** The sweep's `description`, or its name when it has none. */
  title: z.string(),
  /** Absolute path: pass it as `fileName` to createSweep so relative paths in the file resolve. */
  fileName: z.string(),
  text: z.string(),
})
export type ExampleSpec = z.output<typeof exampleSpecSchema>

/** One parameter's share of the metric's variance (fANOVA main effect) and how sure that estimate is. */
export const paramImportanceSchema = z.strictObject({
  /** Dotted for nested params (`optimizer.lr`). */
  name: z.string(),
  /** How it was read: its values, log10 of its values (log-scale distributions), or unordered levels. */
  scale: z.enum(['linear', 'log', 'categorical']),
  /** Share of the explained variance, in [0, 1]; the parameters' shares sum to 1. */
  importance: z.number().min(0).max(1),
  /** 90% bootstrap interval of `importance` (5th and 95th percentile over the resamples). */
  low: z.number().min(0).max(1),
  high: z.number().min(0).max(1),
  /** 1 = most important. */
  rank: z.number().int().positive(),
  /** Share of the bootstrap resamples that gave the parameter this same rank. */
  rankProbability: z.number().min(0).max(1),
  /** Pearson correlation of the value (log10 for log scale) with the metric; null for categoricals or no spread. */
  correlation: z.number().min(-1).max(1).nullable(),
})
export type ParamImportance = z.output<typeof paramImportanceSchema>

/**
 * Parameter importance for a sweep's metric, from the finished trials (completed, and pruned ones
 * with a value). Not enough data is an answer, not an error: `ok: false` says why and how many more.
 */
export const importanceResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    metric: z.string(),
    goal: z.enum(['minimize', 'maximize']),
    /** Finished trials with a value that the estimate used. */
    trials: z.number().int().nonnegative(),
    /** Trees in the forest, and bootstrap resamples behind the intervals. */
    trees: z.number().int().positive(),
    resamples: z.number().int().positive(),
    /** Most important first. */
    params: z.array(paramImportanceSchema),
  }),
  z.strictObject({
    ok: z.literal(false),
    reason: z.enum(['no-metric', 'no-varying-params', 'too-few-trials', 'constant-metric']),
    metric: z.string().nullable(),
    /** Finished trials with a value, the least the estimate needs, and how many more that is. */
    have: z.number().int().nonnegative(),
    minimum: z.number().int().nonnegative(),
    needed: z.number().int().nonnegative(),
    /** What to do next, in a sentence. */
    message: z.string(),
  }),
])
export type ImportanceResult = z.output<typeof importanceResultSchema>

/** How much disk a workspace takes (getWorkspaceSize): computed off the engine's thread and cached for a few seconds. */
export const workspaceSizeSchema = z.strictObject({
  totalBytes: z.number().nonnegative(),
  /** The SQLite file with its -wal, -shm and disk-full reserve. */
  databaseBytes: z.number().nonnegative(),
  /** Every sweep's trial folders (weights, outputs, params files). */
  trialBytes: z.number().nonnegative(),
  /** The rest of the files folder: imported datasets and the prepared-data cache. */
  otherBytes: z.number().nonnegative(),
  /** Trial folders per sweep (sweeps without a folder are absent). */
  sweeps: z.array(z.strictObject({ sweepId: id, bytes: z.number().nonnegative() })),
  /** Epoch ms of the walk this answer comes from. */
  measuredAt: time,
})
export type WorkspaceSize = z.output<typeof workspaceSizeSchema>
/** A trial's Slurm job (executor: slurm): sbatch's id ("123" or "123_4" for an array task) and what squeue/sacct last said. */
export const slurmJobInfoSchema = z.strictObject({
  jobId: z.string(),
  state: z.string(),
  reason: z.string().nullable(),
  node: z.string().nullable(),
  submittedAt: z.number(),
  updatedAt: z.number(),
})
export type SlurmJobInfo = z.infer<typeof slurmJobInfoSchema>
