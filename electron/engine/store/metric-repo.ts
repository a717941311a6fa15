import type { Database } from 'better-sqlite3'
import type { MetricSeries } from '../../../shared/api/types.ts'
import { lttb } from './lttb.ts'
import { createMetricInserter } from './metric-insert.ts'
import type { MetricRepo } from './store-types.ts'

export const DEFAULT_MAX_POINTS = 1_000 // a 1,000-px-wide plot cannot show more per series

type SeriesRow = [trialId: number, step: number, value: number | null, wallTime: number]

/** Metric points: batched ingest, names per sweep, downsampled series for plots. */
export function createMetricRepo(db: Database): MetricRepo {
  const insertMany = db.transaction(createMetricInserter(db))
  const count = db.prepare<{ trialId: number }, { n: number }>('SELECT COUNT(*) AS n FROM metrics WHERE trial_id = @trialId')
  // Skip-scan over the (trial_id, name, step) key: two index seeks per (trial, name) instead of
  // reading every point of the sweep, which is millions of rows for a long sweep.
  const names = db.prepare<{ sweepId: number }, { name: string }>(`
    WITH RECURSIVE seen(trial_id, name) AS (
      SELECT t.id, (SELECT MIN(m.name) FROM metrics m WHERE m.trial_id = t.id) FROM trials t WHERE t.sweep_id = @sweepId
      UNION ALL
      SELECT s.trial_id, (SELECT MIN(m.name) FROM metrics m WHERE m.trial_id = s.trial_id AND m.name > s.name)
      FROM seen s WHERE s.name IS NOT NULL
    )
    SELECT DISTINCT name FROM seen WHERE name IS NOT NULL ORDER BY name`)
  const series = db
    .prepare<{ ids: string; name: string }, SeriesRow>(`SELECT trial_id, step, value, wall_time FROM metrics
      WHERE trial_id IN (SELECT value FROM json_each(@ids)) AND name = @name ORDER BY trial_id, step`)
    .raw(true)

  return {
    insertMany: (points) => insertMany(points),
    names(sweepId) {
      return names.all({ sweepId }).map((r) => r.name)
    },
    count(trialId) {
      return count.get({ trialId })?.n ?? 0
    },
    series(trialIds, name, maxPoints = DEFAULT_MAX_POINTS) {
      const ids = [...new Set(trialIds)]
      const byTrial = new Map<number, MetricSeries>()
      let steps: number[] = []
      let values: (number | null)[] = []
      let wallTimes: number[] = []
      let current = -1
      const close = (): void => {
        if (current !== -1) byTrial.set(current, downsample(current, name, steps, values, wallTimes, maxPoints))
      }
      // One query for all trials, streamed: only one trial's full series is in memory at a time.
      for (const [trialId, step, value, wallTime] of series.iterate({ ids: JSON.stringify(ids), name })) {
        if (trialId !== current) {
          close()
          current = trialId
          steps = []
          values = []
          wallTimes = []
        }
        steps.push(step)
        values.push(value !== null && Number.isFinite(value) ? value : null)
        wallTimes.push(wallTime)
      }
      close()
      return ids.map((id) => byTrial.get(id) ?? { trialId: id, name, steps: [], values: [], wallTimes: [], totalPoints: 0 })
    },
  }
}

function downsample(trialId: number, name: string, steps: number[], values: (number | null)[], wallTimes: number[], maxPoints: number): MetricSeries {
  const totalPoints = steps.length
  if (totalPoints <= maxPoints) return { trialId, name, steps, values, wallTimes, totalPoints }
  const keep = lttb(steps, values, maxPoints)
  return {
    trialId,
    name,
    steps: keep.map((i) => steps[i] as number),
    values: keep.map((i) => values[i] as number | null),
    wallTimes: keep.map((i) => wallTimes[i] as number),
    totalPoints,
  }
}
