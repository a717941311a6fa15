import { parseSweepSpec } from '../../../electron/engine/config/parse-sweep-spec.ts'
import { openStore } from '../../../electron/engine/store/open-store.ts'
import type { MetricPointRow } from '../../../electron/engine/store/store-types.ts'

/** The search space of a realistic finished sweep; the text is stored as the sweep's own file. */
export const SEEDED_SPEC = `name: seeded
method: random
trainer: noop
metric:
  name: val_loss
  goal: minimize
parameters:
  lr:
    distribution: log_uniform_values
    min: 0.00001
    max: 0.1
  batch:
    values: [16, 32, 64, 128, 256]
  dropout:
    distribution: uniform
    min: 0.0
    max: 0.6
  layers:
    distribution: int_uniform
    min: 1
    max: 8
  optimizer:
    values: [adam, adamw, sgd, rmsprop]
`

/** mulberry32: seeded, so every run of a benchmark draws the same sweep. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface SeedOptions {
  trials: number
  /** val_loss and loss points per trial (the curves). */
  steps?: number
  name?: string
  seed?: number
}

/**
 * Writes a finished random sweep of `trials` completed trials straight through the store's own
 * repositories (the rows the engine would have written, without running anything): 10k trials with
 * 20-step curves take a few seconds instead of a real sweep's minutes. Returns the sweep id.
 */
export function seedFinishedSweep(dbPath: string, o: SeedOptions): number {
  const steps = o.steps ?? 20
  const random = createRandom(o.seed ?? 42)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const spec = parseSweepSpec(SEEDED_SPEC)
  const store = openStore(dbPath)
  try {
    const t0 = Date.now() - o.trials * 1000
    const sweepId = store.sweeps.insert({
      name: o.name ?? `seeded-${o.trials}`,
      description: `${o.trials} finished trials written by the UI benchmark`,
      method: spec.method,
      specJson: JSON.stringify(spec),
      specText: SEEDED_SPEC,
      specFile: null,
      metricName: 'val_loss',
      metricGoal: 'minimize',
      seed: o.seed ?? 42,
      total: o.trials,
      workers: 2,
      enginePid: null,
      createdAt: t0,
    })
    store.db.transaction(() => {
      for (let i = 0; i < o.trials; i++) {
        const params = {
          lr: Math.exp(Math.log(1e-5) + random() * (Math.log(0.1) - Math.log(1e-5))),
          batch: pick([16, 32, 64, 128, 256]),
          dropout: random() * 0.6,
          layers: 1 + Math.floor(random() * 8),
          optimizer: pick(['adam', 'adamw', 'sgd', 'rmsprop']),
        }
        const start = t0 + i * 1000
        const id = store.trials.insert({ sweepId, index: i, attempt: 1, params, seed: i, createdAt: start })
        store.trials.markRunning(id, { workerId: 1 + (i % 2), startedAt: start })
        const floor = 0.3 * (Math.log10(params.lr) + 3) ** 2 + 0.4 * params.dropout + 0.03 * Math.abs(params.layers - 4) + (params.optimizer === 'sgd' ? 0.1 : 0)
        const rate = 0.1 + 20 * Math.min(params.lr, 0.02)
        const points: MetricPointRow[] = []
        for (let s = 0; s < steps; s++) {
          const noise = 1 + 0.02 * (random() - 0.5)
          points.push([id, 'loss', s, (floor + 2 * Math.exp(-rate * (s + 1))) * noise, start + s * 40])
          points.push([id, 'val_loss', s, (1.05 * floor + 0.02 + 2.2 * Math.exp(-rate * (s + 1))) * noise, start + s * 40])
        }
        store.metrics.insertMany(points)
        store.trials.refreshMetricSummary(id, 'val_loss', 'minimize')
        store.trials.finish(id, { status: 'completed', endedAt: start + steps * 40, durationMs: steps * 40, exitCode: 0, backend: 'noop' })
      }
    })()
    store.sweeps.setNextIndex(sweepId, o.trials)
    store.sweeps.setStatus(sweepId, 'completed', { endedAt: t0 + o.trials * 1000 })
    return sweepId
  } finally {
    store.close()
  }
}
