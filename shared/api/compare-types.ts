import { z } from 'zod'
import { SWEEP_STATUSES, TRIAL_STATUSES } from '../status.ts'

/**
 * Payloads of the compare, warm-start and workspace methods (docs/compare-and-reuse.md), kept out of
 * types.ts so those features stay in their own file.
 */

const id = z.number().int().positive()
const metricValue = z.number().nullable()

/** A sweep to compare: one of this workspace, or of another workspace file (opened read-only for the call). */
export const compareRefSchema = z.strictObject({
  sweepId: id,
  /** Path of another workspace file; absent for the open workspace. */
  workspace: z.string().min(1).max(4096).optional(),
})
export type CompareRef = z.output<typeof compareRefSchema>

export const compareSweepSchema = z.strictObject({
  sweepId: id,
  /** The other workspace's file, or null for the open one. */
  workspace: z.string().nullable(),
  name: z.string(),
  method: z.string(),
  status: z.enum(SWEEP_STATUSES),
  metricName: z.string().nullable(),
  metricGoal: z.enum(['minimize', 'maximize']),
  bestValue: metricValue,
  bestTrialId: id.nullable(),
  /** The best trial's parameters, nested ones dotted (`opt.lr`). */
  bestParams: z.record(z.string(), z.unknown()).nullable(),
  trialCount: z.number().int().nonnegative(),
  /** Trials that finished with a metric value. */
  scored: z.number().int().nonnegative(),
  /** The normalized sweep file (scale hints for the axes). */
  spec: z.unknown(),
})
export type CompareSweep = z.output<typeof compareSweepSchema>

/** What one sweep tried of a parameter, or null when the sweep does not have it. */
export const compareParamSideSchema = z
  .strictObject({
    /** The best trial's value (null: no best trial yet). */
    best: z.unknown(),
    /** Numbers only: the smallest and largest value tried. */
    min: z.number().nullable(),
    max: z.number().nullable(),
    /** Anything else: the distinct values tried, as text (at most 20). */
    categories: z.array(z.string()).nullable(),
    /** Distinct values tried. */
    distinct: z.number().int().nonnegative(),
  })
  .nullable()

export const compareParamSchema = z.strictObject({
  /** Dotted for nested parameters. */
  name: z.string(),
  /** Present in every compared sweep: drawn on a common axis. */
  shared: z.boolean(),
  /** One entry per sweep, in `sweeps` order. */
  sides: z.array(compareParamSideSchema),
})
export type CompareParam = z.output<typeof compareParamSchema>

export const compareTrialSchema = z.strictObject({
  /** Position of its sweep in `sweeps`. */
  sweep: z.number().int().nonnegative(),
  trialId: id,
  /** Negative for reruns (rerunTrial, rerunBest), as in TrialSummary. */
  index: z.number().int(),
  status: z.enum(TRIAL_STATUSES),
  /** Parameters, nested ones dotted. */
  params: z.record(z.string(), z.unknown()),
  value: metricValue,
  endedAt: z.number().nullable(),
})
export type CompareTrial = z.output<typeof compareTrialSchema>

export const compareResultSchema = z.strictObject({
  sweeps: z.array(compareSweepSchema),
  /** Shared parameters first, then the others; each in name order. */
  params: z.array(compareParamSchema),
  /** The metric all sweeps optimize, or null when they differ (values are then not comparable). */
  metric: z.strictObject({ name: z.string(), goal: z.enum(['minimize', 'maximize']) }).nullable(),
  /** Each sweep's latest attempts, in sweep order then index order. */
  trials: z.array(compareTrialSchema),
})
export type CompareResult = z.output<typeof compareResultSchema>

export const warmStartReportSchema = z.strictObject({
  used: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  sources: z.array(z.strictObject({
    sweepId: id,
    name: z.string(),
    used: z.number().int().nonnegative(),
    /** Why trials were left out, and how many for each reason. */
    dropped: z.array(z.strictObject({ reason: z.string(), count: z.number().int().positive() })),
  })),
})
export type WarmStartReport = z.output<typeof warmStartReportSchema>

export const warmStartCandidateSchema = z.strictObject({
  sweepId: id,
  name: z.string(),
  status: z.enum(SWEEP_STATUSES),
  metricName: z.string().nullable(),
  metricGoal: z.enum(['minimize', 'maximize']),
  /** Same metric and goal, and at least one trial fits this sweep's space. */
  compatible: z.boolean(),
  /** Why not, when not compatible. */
  reason: z.string().nullable(),
  used: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
})
export type WarmStartCandidate = z.output<typeof warmStartCandidateSchema>

export const warmStartCandidatesSchema = z.strictObject({
  /** Why no sweep can warm-start this spec (not bayes, no metric, invalid file), else null. */
  unavailable: z.string().nullable(),
  candidates: z.array(warmStartCandidateSchema),
})
export type WarmStartCandidates = z.output<typeof warmStartCandidatesSchema>

export const workspaceInfoSchema = z.strictObject({
  dbPath: z.string(),
  /** Opened read-only: every call that would write is refused with `workspace/read-only`. */
  readOnly: z.boolean(),
})
export type WorkspaceInfo = z.output<typeof workspaceInfoSchema>
