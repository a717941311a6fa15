import { noopSweep, timeSweep, withBenchEngine } from './bench-workspace.ts'

/**
 * Metric ingest from workers to committed rows: trials stream points as fast as they can; the
 * figure is points committed per second of wall time, worker start-up excluded.
 */
export async function benchMetricIngest(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  const cases: Array<{ trials: number; points: number }> = [
    { trials: 2, points: 500_000 },
    { trials: 100, points: 10_000 },
  ]
  for (const c of cases) {
    await withBenchEngine(c.trials, async (engine) => {
      await timeSweep(engine, noopSweep(c.trials, c.trials, 1))
      const { ms, sweepId } = await timeSweep(engine, noopSweep(c.trials, c.trials, c.points))
      const trials = await engine.getTrials({ sweepId })
      const series = await engine.getMetricSeries({ trialIds: [trials[0]!.id], metric: 'loss', maxPoints: 2 })
      if (series[0]!.totalPoints !== c.points) throw new Error(`expected ${c.points} points, found ${series[0]!.totalPoints}`)
      out[`ingest_points_per_s_${c.trials}_trials`] = (c.trials * c.points) / (ms / 1000)
    })
  }
  return out
}
