import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../electron/engine/engine.ts'
import type { Engine } from '../electron/engine/engine-types.ts'

/** A throwaway workspace for one benchmark: an engine on a fresh SQLite file, removed afterwards. */
export async function withBenchEngine<T>(maxWorkers: number, fn: (engine: Engine, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-bench-'))
  const engine = createEngine({ dbPath: join(dir, 'bench.db'), maxWorkers })
  try {
    return await fn(engine, dir)
  } finally {
    await engine.shutdown({ graceMs: 1000 })
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs a sweep file to its end and returns the wall time in ms. */
export async function timeSweep(engine: Engine, text: string): Promise<{ ms: number; sweepId: number }> {
  const t0 = performance.now()
  const { sweepId } = await engine.createSweep({ text })
  const s = await engine.waitForSweep(sweepId)
  const ms = performance.now() - t0
  if (s.status !== 'completed') throw new Error(`bench sweep ended ${s.status}: ${s.error ?? ''}`)
  return { ms, sweepId }
}

export function noopSweep(trials: number, workers: number, steps: number): string {
  return [
    'method: random',
    'trainer: noop',
    `run_cap: ${trials}`,
    `workers: ${workers}`,
    'seed: 1',
    'metric: {name: loss, goal: minimize}',
    'parameters:',
    '  x: {min: 0.0, max: 1.0}',
    `  steps: {value: ${steps}}`,
  ].join('\n')
}
