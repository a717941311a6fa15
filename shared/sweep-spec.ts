import { z } from 'zod'
import { cvSpecSchema, datasetSpecSchema } from './dataset-spec.ts'
import { BYTE_SIZE_PATTERN } from './byte-size.ts'
import { executorSpecSchema } from './executor-spec.ts'

/**
 * The sweep file: W&B's keys with W&B's meaning, plus Sweeplab's own under clear names.
 * This is the *shape* (what the JSON Schema and the renderer's form validate). Cross-field rules
 * (exactly one of value/values/range per parameter, min < max, grid enumerability, ...) and the
 * normalization that yields `SweepSpec` live in electron/engine/config. Reference: docs/sweep-file.md.
 */

export const DISTRIBUTIONS = [
  'constant',
  'categorical',
  'int_uniform',
  'uniform',
  'q_uniform',
  'log_uniform',
  'log_uniform_values',
  'q_log_uniform',
  'q_log_uniform_values',
  'inv_log_uniform',
  'inv_log_uniform_values',
  'normal',
  'q_normal',
  'log_normal',
  'q_log_normal',
  'beta',
  'q_beta',
] as const
export type Distribution = (typeof DISTRIBUTIONS)[number]

/** W&B spells a weighted categorical this way; accepted in files and normalized to `categorical`. */
export const DISTRIBUTION_ALIASES = { categorical_w_probabilities: 'categorical' } as const satisfies Record<string, Distribution>
const DISTRIBUTION_NAMES = [...DISTRIBUTIONS, 'categorical_w_probabilities'] as const

/** TF.js backends a sweep may pin, fastest first; `auto` takes the first that loads. */
export const TRAINING_BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'] as const
export type TrainingBackend = (typeof TRAINING_BACKENDS)[number]

export const SEARCH_METHODS = ['grid', 'random', 'bayes'] as const
export type SearchMethod = (typeof SEARCH_METHODS)[number]

/** W&B's parameter-name rule; dots are what nested names are joined with in `--a.b=1` flags. */
export const PARAMETER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/

export const PARAMETER_KEYS = ['value', 'values', 'probabilities', 'distribution', 'min', 'max', 'mu', 'sigma', 'q', 'a', 'b', 'parameters', 'group', 'when'] as const

/** A parameter as written in the file (every key optional; see `SweepParameter` for the normalized form). */
export interface ParameterSpec {
  value?: unknown
  values?: unknown[]
  probabilities?: number[]
  distribution?: Distribution | keyof typeof DISTRIBUTION_ALIASES
  min?: number
  max?: number
  mu?: number
  sigma?: number
  q?: number
  a?: number
  b?: number
  parameters?: Record<string, ParameterSpec>
  /** Sweeplab: values swept together, one row per point (see docs/sweep-file.md "Grouped values"). */
  group?: Array<Record<string, unknown>>
  /** Sweeplab: the parameter exists only when these parameters have these values. */
  when?: Record<string, unknown>
}

/** Any YAML/JSON value: parameter values are passed to trials as they are written. */
const anyValueSchema = z.json().meta({ id: 'value', description: 'Any YAML/JSON value (string, number, boolean, null, list or mapping).' })

const parameterNameSchema = z.string().regex(PARAMETER_NAME_PATTERN, 'a parameter name starts with a letter or _ and has only letters, digits, _ . -')

export const parameterSpecSchema: z.ZodType<ParameterSpec> = z
  .lazy(() =>
    z
      .object({
        value: anyValueSchema.optional().describe('A constant: every trial gets this value (distribution: constant).'),
        values: z.array(anyValueSchema).min(1).optional().describe('The choices (distribution: categorical). In a grid each is visited once.'),
        probabilities: z.array(z.number().min(0)).optional().describe('The probability of each entry of `values`, summing to 1: random draws with it, bayes uses it as its prior.'),
        distribution: z.enum(DISTRIBUTION_NAMES).optional().describe('Inferred when absent: value → constant, values → categorical, integer min/max → int_uniform, other min/max → uniform, mu/sigma → normal.'),
        min: z.number().optional().describe('Lower bound. For log_uniform / q_log_uniform / inv_log_uniform it is an exponent (natural log).'),
        max: z.number().optional().describe('Upper bound. For log_uniform / q_log_uniform / inv_log_uniform it is an exponent (natural log).'),
        mu: z.number().optional().describe('Mean of normal / log_normal (of the log for log_normal). Default 0.'),
        sigma: z.number().positive().optional().describe('Standard deviation of normal / log_normal. Default 1.'),
        q: z.number().positive().optional().describe('Quantization step of q_* distributions: round(x / q) * q. Default 1.'),
        a: z.number().positive().optional().describe('First shape parameter of beta / q_beta. Default 1.'),
        b: z.number().positive().optional().describe('Second shape parameter of beta / q_beta. Default 1.'),
        parameters: z.record(parameterNameSchema, parameterSpecSchema).optional().describe('Nested parameters: the trial gets an object with these keys.'),
        group: z
          .array(z.record(parameterNameSchema, anyValueSchema))
          .min(1)
          .optional()
          .describe('Sweeplab: values swept together instead of crossed, one mapping per point with the same keys, e.g. [{layers: 2, d_model: 64}, {layers: 4, d_model: 128}]. Each key becomes a parameter of the trial.'),
        when: z
          .record(z.string(), anyValueSchema)
          .optional()
          .describe('Sweeplab: the parameter is used only when each named parameter (categorical or constant) has the given value, or one of the listed values, e.g. {optimizer: sgd}.'),
      })
      .strict(),
  )
  .meta({ id: 'parameter', description: 'One hyperparameter: exactly one of value, values, a distribution (min/max, mu/sigma, a/b) or nested parameters.' })

/** W&B's `metric.impute`: the value the bayes model gives a trial that failed, crashed or diverged. */
export const IMPUTE_STRATEGIES = ['worst', 'best', 'latest'] as const
export type ImputeStrategy = (typeof IMPUTE_STRATEGIES)[number]

export const metricSpecSchema = z
  .object({
    name: z.string().min(1).describe('The metric the trials report and the sweep optimizes, e.g. val_loss.'),
    goal: z.enum(['minimize', 'maximize']).default('minimize'),
    target: z.number().optional().describe('The sweep stops once a finished trial reaches this value.'),
    impute: z.enum(IMPUTE_STRATEGIES).optional().describe('bayes: how failed, crashed and diverged trials count: worst (default, W&B\'s: always bad), best (their best value) or latest (their last finite value).'),
    impute_while_running: z.enum([...IMPUTE_STRATEGIES, 'false']).optional().describe('bayes: running trials count with their best or latest value so far (worst, or false, the default: they count as bad while they run).'),
  })
  .strict()

/**
 * Stops poor trials early (electron/engine/pruning/). W&B's hyperband keys, plus asha and median.
 * Iterations count the reports of the sweep metric (a built-in trainer reports it once per epoch).
 */
export const earlyTerminateSchema = z
  .object({
    type: z.enum(['hyperband', 'asha', 'median']).describe('hyperband (W&B), asha (asynchronous successive halving) or median (median stopping rule).'),
    min_iter: z.number().int().positive().optional().describe('hyperband: the first band; asha: the first rung (grace period).'),
    max_iter: z.number().int().positive().optional().describe('hyperband: bands max_iter/eta, /eta², … (s of them); asha: no rung at or above it.'),
    s: z.number().int().positive().optional().describe('hyperband with max_iter: the number of bands.'),
    eta: z.number().gt(1).optional().describe('Keep the best 1/eta at each band or rung (default 3).'),
    strict: z.boolean().optional().describe("hyperband: judge a run by its value at the band, not its best so far."),
    warmup_steps: z.number().int().nonnegative().optional().describe('median: no stopping before this many reports of the metric (default 0).'),
    min_trials: z.number().int().positive().optional().describe('median: other trials that must have reached an iteration before it stops one there (default 5).'),
  })
  .strict()

/** The TPE's defaults when `bayes:` or one of its keys is absent. */
export const BAYES_DEFAULTS = { startup_trials: 10, candidates: 24, gamma: 0.15, prior_weight: 1 } as const

/**
 * `bayes.warm_start`: earlier sweeps (id or unique name) whose finished trials seed the TPE's
 * history. Only trials whose parameters fit this sweep's space are used; the engine reports the rest.
 */
export const warmStartSchema = z
  .object({
    sweeps: z.array(z.union([z.number().int().positive(), z.string().min(1)])).min(1).max(100).describe('Sweep ids or names (a name must belong to one sweep only).'),
  })
  .strict()

/** Sweeplab's options of `method: bayes` (a Tree-structured Parzen Estimator); see docs/sweep-file.md. */
export const bayesOptionsSchema = z
  .object({
    startup_trials: z.number().int().nonnegative().max(1_000_000).default(BAYES_DEFAULTS.startup_trials).describe('Trials drawn at random before the model takes over (trial indexes 0 to startup_trials - 1).'),
    candidates: z.number().int().positive().max(10_000).default(BAYES_DEFAULTS.candidates).describe('Points drawn from the good density per parameter; the one with the best good/bad density ratio is tried.'),
    gamma: z.number().gt(0).lt(1).default(BAYES_DEFAULTS.gamma).describe('Fraction of the trials, best first by the metric, that make up the good density (at least one).'),
    prior_weight: z.number().positive().max(1_000_000).default(BAYES_DEFAULTS.prior_weight).describe("Weight of the parameter's own distribution in each density, against 1 per observed trial."),
    warm_start: warmStartSchema.optional().describe('Seed the model with the finished trials of earlier sweeps of this workspace (see docs/compare-and-reuse.md).'),
  })
  .strict()

export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/

/** The shortest `timeout`: a trial needs at least a timer tick. */
export const MIN_TIMEOUT_SECONDS = 0.001
/**
 * The longest `timeout`: 24 days. Node's timers hold at most 2^31-1 ms (≈ 24.8 days); a longer
 * delay fires after 1 ms, so `timeout: 600h` would time every trial out at once.
 */
export const MAX_TIMEOUT_SECONDS = 24 * 24 * 3600

/**
 * Seconds as a number, or a duration string such as `90s`, `10m`, `2h`. The number's bounds are
 * here for editors (JSON Schema); both forms are range-checked by the parser (MIN/MAX_TIMEOUT_SECONDS).
 */
export const durationSchema = z.union([
  z.number().positive().max(MAX_TIMEOUT_SECONDS),
  z.string().regex(DURATION_PATTERN, 'expected a duration such as 30s, 10m or 2h'),
])

/** `90`, `"90s"`, `"10m"`, `"2h"`, `"500ms"` → seconds; undefined for text that is not a duration. */
export function durationToSeconds(duration: number | string): number | undefined {
  if (typeof duration === 'number') return duration
  const m = DURATION_PATTERN.exec(duration.trim())
  if (!m) return undefined
  const n = Number(m[1])
  const unit = m[2]
  return unit === 'ms' ? n / 1000 : unit === 's' ? n : unit === 'm' ? n * 60 : n * 3600
}

/** The most seeds one config may run with: each is a full trial. */
export const MAX_REPEATS = 100

export const resourcesSchema = z
  .object({
    cpu: z.number().int().positive().default(1).describe('CPU slots one trial occupies (at most the engine\'s slots, one per core); its BLAS/OMP thread variables are set to it.'),
    gpu: z.number().nonnegative().default(0).describe('GPUs one trial needs: whole GPUs (1, 2, …) or a fraction of one that packs evenly (0.5: two trials per GPU; 0.25, 0.333 …). Each trial gets CUDA_VISIBLE_DEVICES.'),
  })
  .strict()

/** Checkpoint retention across a sweep (electron/engine/resources/checkpoint-retention.ts; docs/resources.md). */
export const keepSpecSchema = z
  .object({
    best: z.number().int().nonnegative().optional().describe('Keep the checkpoints of the k best finished trials by the sweep metric; the other finished trials\' checkpoints are deleted as trials end (their metrics stay). Needs metric.'),
    last: z.boolean().default(false).describe('Within each trial keep only its newest checkpoint file: older ones are deleted while it runs and when it ends.'),
  })
  .strict()

/** `min_free` as written: bytes, a size such as 2GB / 500MiB, or a share of the disk such as 5%. */
export const byteSizeSchema = z.union([
  z.number().nonnegative(),
  z.string().regex(BYTE_SIZE_PATTERN, 'expected a size such as 2GB, 500MB, 10GiB or 5%'),
])

/** The free-space guard of the workspace's disk (electron/engine/resources/disk-guard.ts). */
export const diskSpecSchema = z
  .object({
    min_free: byteSizeSchema.optional().describe('No trial starts while the workspace\'s disk has less free space than this (default: 1GB or 5% of the disk, whichever is less; 0 turns the check off). Running trials go on; launching resumes by itself when space is back.'),
  })
  .strict()

export const STDOUT_METRIC_STREAMS = ['stdout', 'stderr', 'both'] as const
export type StdoutMetricStream = (typeof STDOUT_METRIC_STREAMS)[number]

/**
 * One regular expression read on every output line of a command trial (see docs/command-trials.md
 * "Metrics from printed lines"); the rules on its groups are checked in electron/engine/config.
 */
export const stdoutMetricSchema = z
  .object({
    pattern: z.string().min(1).describe('A JavaScript regular expression. With name: one capture group, or (?<value>…), holds the value. Without name: each named group is a metric of that name. (?<step>…) gives the step.'),
    name: z.string().min(1).optional().describe('The metric the value is stored as; leave it out to name metrics by their groups.'),
    stream: z.enum(STDOUT_METRIC_STREAMS).default('stdout').describe('Which output the pattern reads: stdout (default), stderr or both.'),
  })
  .strict()

/** A list of patterns, or a mapping metric name → pattern. */
export const stdoutMetricsSchema = z.union([
  z.array(stdoutMetricSchema).min(1),
  z.record(z.string().min(1), z.string().min(1)),
])

export type StdoutMetricSpec = z.output<typeof stdoutMetricSchema>

/** W&B writes numbers and booleans in `command` too and stringifies them. */
const commandItemSchema = z.union([z.string(), z.number(), z.boolean()])

export const sweepSpecSchema = z
  .object({
    // W&B keys
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    method: z.enum(SEARCH_METHODS).describe('grid (every combination), random (independent draws) or bayes (TPE: a model of the finished trials picks the next; needs metric).'),
    metric: metricSpecSchema.optional(),
    parameters: z.record(parameterNameSchema, parameterSpecSchema).describe('The search space, in the order trials enumerate it.'),
    run_cap: z.number().int().positive().optional().describe('Run at most this many trials.'),
    program: z.string().min(1).optional().describe('The script each trial runs (command trials).'),
    command: z.array(commandItemSchema).min(1).optional().describe('argv template with W&B macros; default ["${env}", "${interpreter}", "${program}", "${args}"].'),
    early_terminate: earlyTerminateSchema.optional(),
    project: z.string().optional().describe('W&B key; accepted and ignored.'),
    entity: z.string().optional().describe('W&B key; accepted and ignored.'),
    controller: z.looseObject({ type: z.enum(['local', 'cloud']).optional() }).optional().describe('W&B key; accepted and ignored (Sweeplab is its own local controller).'),
    // Sweeplab keys
    trainer: z.string().min(1).optional().describe('A built-in trainer instead of program/command (noop: the engine benchmark trainer).'),
    workers: z.number().int().positive().optional().describe('Trials run in parallel (default: what the engine allows).'),
    resources: resourcesSchema.default({ cpu: 1, gpu: 0 }),
    seed: z.number().int().nonnegative().optional().describe('Sweep seed: same file + same seed → same trials in the same order.'),
    timeout: durationSchema.optional().describe('Per-trial wall-clock limit: seconds, or a string such as 90s, 10m, 2h; between 1ms and 24 days.'),
    max_duration: z.union([z.number().positive(), z.string().regex(DURATION_PATTERN, 'expected a duration such as 30m or 2h')]).optional()
      .describe('Time budget of the whole sweep: seconds, or a string such as 90m or 2h. Once the sweep has been running (not paused) this long, no new trials start; running ones finish.'),
    retries: z.number().int().nonnegative().default(0).describe('Extra attempts for a trial that crashed or failed (not for timeout or diverged).'),
    env: z.record(z.string(), z.string()).optional().describe('Extra environment variables for each trial.'),
    cwd: z.string().optional().describe('Working directory of each trial, relative to the sweep file.'),
    dataset: datasetSpecSchema.optional(),
    cv: cvSpecSchema.optional(),
    repeats: z.number().int().min(1).max(MAX_REPEATS).optional().describe('Runs each config this many times with different seeds; the config\'s metric is the mean over its repeats (with its standard deviation), and the search sees the mean. run_cap counts configs.'),
    backend: z.enum(TRAINING_BACKENDS).default('auto').describe('TF.js backend for built-in trainers: auto picks the fastest that loads (tensorflow-gpu, tensorflow, wasm, cpu); webgpu and webgl train in a browser GPU worker (--browser-gpu-workers).'),
    bayes: bayesOptionsSchema.optional().describe('Options of method: bayes (Tree-structured Parzen Estimator).'),
    stdout_metrics: stdoutMetricsSchema.optional().describe('Metrics read from the lines a command trial prints, by regular expressions (for scripts that only print).'),
    save: z.enum(['best', 'last', 'none']).default('none').describe("Save each trial's weights (built-in trainers): at its best validation epoch, its last epoch, or not at all."),
    keep: keepSpecSchema.optional().describe('Checkpoint retention across the sweep: keep: {best: 3, last: true}.'),
    disk: diskSpecSchema.optional().describe('Free-space guard: disk: {min_free: 2GB}.'),
    derived: z
      .record(parameterNameSchema, z.string().min(1))
      .optional()
      .describe('Sweeplab: values computed for each trial from its parameters with a small expression language, e.g. {warmup_steps: "int(0.1 * steps)"}; passed to the trial like parameters, never searched.'),
    constraints: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Sweeplab: conditions every trial must meet, e.g. ["layers * d_model <= 1024"]; points that break one are skipped (and counted), not run.'),
    executor: executorSpecSchema.optional().describe('Where trials run: local worker processes (default) or a Slurm cluster (docs/slurm.md).'),
  })
  .strict()

export type SweepSpecInput = z.input<typeof sweepSpecSchema>
type SweepSpecShape = z.output<typeof sweepSpecSchema>

/** A normalized leaf parameter: `distribution` is always set and its defaults (q, mu, sigma, a, b) filled in. */
export interface LeafParameter {
  distribution: Distribution
  value?: unknown
  values?: unknown[]
  probabilities?: number[]
  min?: number
  max?: number
  mu?: number
  sigma?: number
  q?: number
  a?: number
  b?: number
  parameters?: undefined
  /**
   * A group (`group:` in the file, with distribution categorical and no `values`): its rows, mappings
   * with the same keys; the trial gets each key as a parameter beside the group, never the group's name.
   */
  group?: Array<Record<string, unknown>>
  /** Dotted parameter name → the values it must have for this parameter to exist in a trial. */
  when?: Record<string, unknown[]>
}

/** A parameter whose value is an object built from its own parameters. */
export interface NestedParameter {
  parameters: Record<string, SweepParameter>
  distribution?: undefined
  group?: undefined
  /** As for a leaf: applies to every parameter inside. */
  when?: Record<string, unknown[]>
}

export type SweepParameter = LeafParameter | NestedParameter

/**
 * A validated, normalized sweep file (what `parseSweepSpec` returns): distributions inferred, W&B defaults
 * filled, `command` defaulted when `program` is set, `timeout` in seconds, command items as strings.
 */
export type SweepSpec = Omit<SweepSpecShape, 'parameters' | 'timeout' | 'command' | 'stdout_metrics' | 'max_duration'> & {
  parameters: Record<string, SweepParameter>
  /** Always a list (the mapping form becomes one entry per metric). */
  stdout_metrics?: StdoutMetricSpec[]
  /** Seconds. */
  timeout?: number
  /** Seconds. */
  max_duration?: number
  command?: string[]
}

export type MetricSpec = z.output<typeof metricSpecSchema>
export type EarlyTerminateSpec = z.output<typeof earlyTerminateSchema>
export type BayesOptions = z.output<typeof bayesOptionsSchema>
export type KeepSpec = z.output<typeof keepSpecSchema>
export type DiskSpec = z.output<typeof diskSpecSchema>

/** The parameters a group gives a trial (the keys of its rows), or undefined for any other parameter. */
export function groupMembers(p: SweepParameter): string[] | undefined {
  return p.group ? Object.keys(p.group[0] ?? {}) : undefined
}
export type WarmStartSpec = z.output<typeof warmStartSchema>

/** W&B's default command when `program` is given and `command` is not. */
export const DEFAULT_COMMAND: readonly string[] = ['${env}', '${interpreter}', '${program}', '${args}']

/** Stdout lines that start with this marker carry a JSON metrics object (see docs/command-trials.md). */
export const METRICS_STDOUT_MARKER = '@@sweeplab '
