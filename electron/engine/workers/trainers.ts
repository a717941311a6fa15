import type { WorkerLogRow } from './protocol.ts'

export interface TrainerContext {
  params: Record<string, unknown>
  seed: number
  trialDir: string
  /** Reports one metric record (same shape as a command's JSON line). */
  report(record: Record<string, unknown>): void
  log(stream: WorkerLogRow[0], line: string): void
  /** Aborted when the trial is cancelled, timed out or the worker shuts down; check between steps. */
  signal: AbortSignal
}

export interface TrainerResult {
  backend: string
}

export type Trainer = (ctx: TrainerContext) => Promise<TrainerResult>

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}

/**
 * `noop`: does no training. It reports `steps` points of `loss` (a deterministic function of the
 * numeric params) in bursts, so the engine's overhead and metric ingest can be measured alone.
 */
const noop: Trainer = async (ctx) => {
  const steps = Math.max(0, Math.floor(num(ctx.params.steps, 1)))
  const numeric = Object.values(ctx.params).filter((v): v is number => typeof v === 'number')
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
