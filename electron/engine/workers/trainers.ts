import type { SelectBackend } from '../train/backend-types.ts'
import type { TrialFiles } from '../train/trial-files.ts'
import type { WorkerLogRow } from './protocol.ts'

/**
 * What a trainer gets. It is the same in a Node worker and in a browser GPU worker's page: the
 * platform parts (loading a TF.js backend, writing outputs) come in as functions.
 */
export interface TrainerContext {
  params: Record<string, unknown>
  seed: number
  /** The trial's outputs (confusion matrix, samples, weights); most trials write none. */
  files: TrialFiles
  /** Loads the TF.js backend the trial trains on (pinned, or the best this place has). */
  selectBackend: SelectBackend
  /** Reports one metric record (same shape as a command's JSON line). */
  report(record: Record<string, unknown>): void
  log(stream: WorkerLogRow[0], line: string): void
  /** Aborted when the trial is cancelled, timed out or the worker shuts down; check between steps. */
  signal: AbortSignal
}

export interface TrainerResult {
  backend: string
  /** How the backend was chosen and what was skipped, for the trial record. */
  backendNote?: string
}

export type Trainer = (ctx: TrainerContext) => Promise<TrainerResult>

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}

/**
 * `noop`: does no training. It reports `steps` points of `loss` (the sum of squares of the other
 * numeric params, divided by 1 + step) in bursts, so the engine's overhead and metric ingest can be measured alone.
 */
const noop: Trainer = async (ctx) => {
  const steps = Math.max(0, Math.floor(num(ctx.params.steps, 1)))
  const numeric = Object.entries(ctx.params)
    .filter((e): e is [string, number] => e[0] !== 'steps' && typeof e[1] === 'number')
    .map((e) => e[1])
  const base = numeric.reduce((a, b) => a + b * b, 0)
  const burst = 1000
  for (let s = 0; s < steps; s++) {
    if (ctx.signal.aborted) break
    ctx.report({ step: s, loss: base / (1 + s) })
    // Yield now and then so cancel messages are seen during long streams.
    if (s % burst === burst - 1) await new Promise((r) => setImmediate(r))
  }
  return { backend: 'none' }
}

const TRAINERS: Record<string, Trainer> = { noop }

export function getTrainer(name: string): Trainer | undefined {
  return Object.hasOwn(TRAINERS, name) ? TRAINERS[name] : undefined
}
