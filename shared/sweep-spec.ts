import { z } from 'zod'

/**
 * The sweep file: W&B's keys with W&B's meaning, plus Sweeplab's own under clear names.
 * Parsing (YAML/JSON with positions) and semantic checks live in electron/engine/config; this
 * is the shape, shared so the renderer can type and validate forms with the same rules.
 */

export const DISTRIBUTIONS = [
  'constant',
  'categorical',
  'int_uniform',
  'uniform',
  'q_uniform',
  'log_uniform',
  'log_uniform_values',
  'q_log_uniform_values',
  'inv_log_uniform_values',
  'normal',
  'q_normal',
  'log_normal',
  'q_log_normal',
] as const
export type Distribution = (typeof DISTRIBUTIONS)[number]

export const SEARCH_METHODS = ['grid', 'random', 'bayes'] as const
export type SearchMethod = (typeof SEARCH_METHODS)[number]

const finite = z.number().refine(Number.isFinite, 'expected a finite number')
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()])
/** A parameter value may be any JSON value (lists and dicts are passed through as they are). */
const jsonValue: z.ZodType<unknown> = z.lazy(() => z.union([scalar, z.array(jsonValue), z.record(z.string(), jsonValue)]))

export interface ParameterSpec {
  value?: unknown
  values?: unknown[]
  probabilities?: number[]
  distribution?: Distribution
  min?: number
  max?: number
  mu?: number
  sigma?: number
  q?: number
  parameters?: Record<string, ParameterSpec>
}

export const parameterSpecSchema: z.ZodType<ParameterSpec> = z.lazy(() =>
  z
    .object({
      value: jsonValue.optional(),
      values: z.array(jsonValue).min(1, 'expected at least one value').optional(),
      probabilities: z.array(finite.min(0)).optional(),
      distribution: z.enum(DISTRIBUTIONS).optional(),
      min: finite.optional(),
      max: finite.optional(),
      mu: finite.optional(),
      sigma: finite.positive().optional(),
      q: finite.positive().optional(),
      parameters: z.record(z.string(), parameterSpecSchema).optional(),
    })
    .strict(),
)

export const metricSpecSchema = z
  .object({
    name: z.string().min(1),
    goal: z.enum(['minimize', 'maximize']).default('minimize'),
    target: finite.optional(),
  })
  .strict()

/** Parsed now, acted on by the pruners (a later milestone). W&B's hyperband keys. */
export const earlyTerminateSchema = z
  .object({
    type: z.enum(['hyperband', 'asha', 'median']),
    min_iter: z.number().int().positive().optional(),
    max_iter: z.number().int().positive().optional(),
    s: z.number().int().positive().optional(),
    eta: z.number().positive().optional(),
    strict: z.boolean().optional(),
    warmup_steps: z.number().int().nonnegative().optional(),
  })
  .strict()

/** Seconds as a number, or a duration string such as `90s`, `10m`, `2h`. */
export const durationSchema = z.union([
  finite.positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'expected a duration such as 30s, 10m or 2h'),
])

export const resourcesSchema = z
  .object({
    cpu: z.number().int().positive().default(1),
    gpu: z.number().int().nonnegative().default(0),
  })
  .strict()

export const sweepSpecSchema = z
  .object({
    // W&B keys
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    method: z.enum(SEARCH_METHODS),
    metric: metricSpecSchema.optional(),
    parameters: z.record(z.string(), parameterSpecSchema),
    run_cap: z.number().int().positive().optional(),
    program: z.string().min(1).optional(),
    command: z.array(z.string()).min(1).optional(),
    early_terminate: earlyTerminateSchema.optional(),
    project: z.string().optional(),
    entity: z.string().optional(),
    // Sweeplab keys
    trainer: z.string().min(1).optional(),
    workers: z.number().int().positive().optional(),
    resources: resourcesSchema.optional(),
    seed: z.number().int().nonnegative().optional(),
    timeout: durationSchema.optional(),
    retries: z.number().int().nonnegative().default(0),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
  })
  .strict()

export type SweepSpecInput = z.input<typeof sweepSpecSchema>
export type SweepSpec = z.output<typeof sweepSpecSchema>
export type MetricSpec = z.output<typeof metricSpecSchema>
export type EarlyTerminateSpec = z.output<typeof earlyTerminateSchema>

/** Stdout lines that start with this marker carry a JSON metrics object (see docs/command-trials.md). */
export const METRICS_STDOUT_MARKER = '@@sweeplab '
