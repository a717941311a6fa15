import { z } from 'zod'
import { cvSpecSchema, datasetSpecSchema } from './dataset-spec.ts'
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

export const PARAMETER_KEYS = ['value', 'values', 'probabilities', 'distribution', 'min', 'max', 'mu', 'sigma', 'q', 'a', 'b', 'parameters'] as const

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
      })
      .strict(),
  )
  .meta({ id: 'parameter', description: 'One hyperparameter: exactly one of value, values, a distribution (min/max, mu/sigma, a/b) or nested parameters.' })

export const metricSpecSchema = z
  .object({
    name: z.string().min(1).describe('The metric the trials report and the sweep optimizes, e.g. val_loss.'),
    goal: z.enum(['minimize', 'maximize']).default('minimize'),
    target: z.number().optional().describe('The sweep stops once a finished trial reaches this value.'),
    impute: z.enum(['latest', 'best', 'worst']).optional().describe('W&B key (bayes); accepted and ignored.'),
    impute_while_running: z.enum(['latest', 'best', 'worst', 'false']).optional().describe('W&B key (bayes); accepted and ignored.'),
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

/** Sweeplab's options of `method: bayes` (a Tree-structured Parzen Estimator); see docs/sweep-file.md. */
export const bayesOptionsSchema = z
  .object({
    startup_trials: z.number().int().nonnegative().max(1_000_000).default(BAYES_DEFAULTS.startup_trials).describe('Trials drawn at random before the model takes over (trial indexes 0 to startup_trials - 1).'),
    candidates: z.number().int().positive().max(10_000).default(BAYES_DEFAULTS.candidates).describe('Points drawn from the good density per parameter; the one with the best good/bad density ratio is tried.'),
    gamma: z.number().gt(0).lt(1).default(BAYES_DEFAULTS.gamma).describe('Fraction of the trials, best first by the metric, that make up the good density (at least one).'),
    prior_weight: z.number().positive().max(1_000_000).default(BAYES_DEFAULTS.prior_weight).describe("Weight of the parameter's own distribution in each density, against 1 per observed trial."),
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

export const resourcesSchema = z
  .object({
    cpu: z.number().int().positive().default(1).describe('CPU slots one trial occupies.'),
    gpu: z.number().int().nonnegative().default(0).describe('GPUs one trial needs; each gets CUDA_VISIBLE_DEVICES.'),
  })
  .strict()

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
    retries: z.number().int().nonnegative().default(0).describe('Extra attempts for a trial that crashed or failed (not for timeout or diverged).'),
    env: z.record(z.string(), z.string()).optional().describe('Extra environment variables for each trial.'),
    cwd: z.string().optional().describe('Working directory of each trial, relative to the sweep file.'),
    dataset: datasetSpecSchema.optional(),
    cv: cvSpecSchema.optional(),
    backend: z.enum(TRAINING_BACKENDS).default('auto').describe('TF.js backend for built-in trainers: auto picks the fastest that loads (tensorflow-gpu, tensorflow, wasm, cpu); webgpu and webgl train in a browser GPU worker (--browser-gpu-workers).'),
    bayes: bayesOptionsSchema.optional().describe('Options of method: bayes (Tree-structured Parzen Estimator).'),
    save: z.enum(['best', 'last', 'none']).default('none').describe("Save each trial's weights (built-in trainers): at its best validation epoch, its last epoch, or not at all."),
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
}

/** A parameter whose value is an object built from its own parameters. */
export interface NestedParameter {
  parameters: Record<string, SweepParameter>
  distribution?: undefined
}

export type SweepParameter = LeafParameter | NestedParameter

/**
 * A validated, normalized sweep file (what `parseSweepSpec` returns): distributions inferred, W&B defaults
 * filled, `command` defaulted when `program` is set, `timeout` in seconds, command items as strings.
 */
export type SweepSpec = Omit<SweepSpecShape, 'parameters' | 'timeout' | 'command'> & {
  parameters: Record<string, SweepParameter>
  /** Seconds. */
  timeout?: number
  command?: string[]
}

export type MetricSpec = z.output<typeof metricSpecSchema>
export type EarlyTerminateSpec = z.output<typeof earlyTerminateSchema>
export type BayesOptions = z.output<typeof bayesOptionsSchema>

/** W&B's default command when `program` is given and `command` is not. */
export const DEFAULT_COMMAND: readonly string[] = ['${env}', '${interpreter}', '${program}', '${args}']

/** Stdout lines that start with this marker carry a JSON metrics object (see docs/command-trials.md). */
export const METRICS_STDOUT_MARKER = '@@sweeplab '
