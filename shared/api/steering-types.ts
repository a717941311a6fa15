import { z } from 'zod'

/** Payloads of the steering methods (pause, edit, versions, reruns): see contract.ts. */

const id = z.number().int().positive()

export const updateSweepResultSchema = z.strictObject({
  /** The version stored (or that a dry run would store). */
  version: z.number().int().positive(),
  dryRun: z.boolean(),
  /** Trials the sweep samples in all under the new version (null: unbounded), and how many of them are still to start. */
  total: z.number().int().nonnegative().nullable(),
  remaining: z.number().int().nonnegative().nullable(),
  /** What changed, one line per key (`run_cap: 20 → 40`, `parameters.lr: changed`). */
  changes: z.array(z.string()),
  /** The full text of the new version. */
  text: z.string(),
  /** The pid of another engine process that runs the sweep and was asked to pick the version up. */
  requestedFrom: id.nullable(),
})
export type UpdateSweepResult = z.output<typeof updateSweepResultSchema>

export const sweepVersionSchema = z.strictObject({
  version: z.number().int().positive(),
  createdAt: z.number(),
  note: z.string().nullable(),
  specText: z.string(),
  /** Trials sampled from this version (retries and reruns included). */
  trials: z.number().int().nonnegative(),
  current: z.boolean(),
})
export type SweepVersionInfo = z.output<typeof sweepVersionSchema>

export const rerunResultSchema = z.strictObject({
  /** The new trials, queued. */
  trialIds: z.array(id),
  /**
   * running: this engine runs them now (a sweep that had ended runs again until they finish);
   * requested: another process runs the sweep and was asked to start them;
   * queued: the sweep is paused or interrupted, so they start when it is resumed.
   */
  state: z.enum(['running', 'requested', 'queued']),
  requestedFrom: id.nullable(),
})
export type RerunResult = z.output<typeof rerunResultSchema>
