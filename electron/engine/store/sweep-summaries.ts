import type { Database } from 'better-sqlite3'
import type { SweepSummary } from '../../../shared/api/types.ts'
import { TERMINAL_TRIAL_STATUSES } from '../../../shared/status.ts'
import type { MetricGoal, SweepStatus, TrialStatus } from '../../../shared/status.ts'

// A constant list from shared/status.ts (not user input), so the SQL stays in step with the statuses.
const DONE_STATUSES_SQL = [...TERMINAL_TRIAL_STATUSES].filter((s) => s !== 'interrupted').map((s) => `'${s}'`).join(', ')

/**
 * One statement for every sweep's list-view summary (the per-sweep variant only adds a filter).
 *
 * - `done`: configs (idx) whose highest attempt is terminal and not `interrupted`. An interrupted
 *   attempt is re-queued as attempt+1, and a retried config counts once, by its latest attempt.
 * - best: over `completed` trials, ranked by `final_value` (the metric's last logged value, W&B's
 *   summary metric and Optuna's final objective), not `best_value`: a run that peaked early and
 *   then diverged is not the configuration to export. Ties go to the lower trial id. Non-finite
 *   values (±Infinity) never rank; NaN is stored as NULL and skipped.
 * - best with `repeats` (trials with a config_index): over configs none of whose repeats is queued
 *   or running, by the mean of their completed repeats' final values (shared/config-stats.ts); the
 *   trial is the config's first repeat. Ties go to the lower config.
 */
function summarySql(filter: 'all' | 'one'): string {
  // Only constant fragments are spliced in here; every value stays a bound parameter.
  const bySweep = filter === 'one' ? 'WHERE sweep_id = @id' : ''
  return `
WITH latest AS (
  SELECT sweep_id, idx, MAX(attempt) AS attempt FROM trials ${bySweep} GROUP BY sweep_id, idx
),
done AS (
  SELECT t.sweep_id, COUNT(*) AS n
  FROM latest l JOIN trials t ON t.sweep_id = l.sweep_id AND t.idx = l.idx AND t.attempt = l.attempt
  WHERE t.status IN (${DONE_STATUSES_SQL})
  GROUP BY t.sweep_id
),
per_status AS (
  SELECT sweep_id, status, COUNT(*) AS n FROM trials ${bySweep} GROUP BY sweep_id, status
),
configs AS (
  SELECT t.sweep_id, t.config_index, COALESCE(MIN(CASE WHEN t.repeat = 0 THEN t.id END), MIN(t.id)) AS first_id,
    AVG(CASE WHEN t.status = 'completed' AND t.final_value > -9e999 AND t.final_value < 9e999 THEN t.final_value END) AS mean,
    SUM(t.status IN ('queued', 'running')) AS open
  FROM latest l JOIN trials t ON t.sweep_id = l.sweep_id AND t.idx = l.idx AND t.attempt = l.attempt
  WHERE t.config_index IS NOT NULL
  GROUP BY t.sweep_id, t.config_index
),
with_repeats AS (
  SELECT DISTINCT sweep_id FROM configs
),
ranked_configs AS (
  SELECT c.sweep_id, c.first_id, c.mean,
    ROW_NUMBER() OVER (
      PARTITION BY c.sweep_id
      ORDER BY CASE WHEN s.metric_goal = 'maximize' THEN -c.mean ELSE c.mean END, c.config_index
    ) AS rank
  FROM configs c JOIN sweeps s ON s.id = c.sweep_id
  WHERE c.open = 0 AND c.mean IS NOT NULL
),
counts AS (
  SELECT sweep_id, json_group_object(status, n) AS counts FROM per_status GROUP BY sweep_id
),
-- Trials that ran to an end (not cut short by a cancel or a dead engine) time the ETA.
timing AS (
  SELECT sweep_id, COUNT(*) AS n, AVG(duration_ms) AS mean_ms, AVG(duration_ms * duration_ms) AS mean_sq
  FROM trials
  WHERE status IN ('completed', 'failed', 'crashed', 'diverged', 'timeout', 'pruned') AND duration_ms IS NOT NULL ${filter === 'one' ? 'AND sweep_id = @id' : ''}
  GROUP BY sweep_id
),
running AS (
  SELECT sweep_id, json_group_array(started_at) AS since
  FROM trials WHERE status = 'running' AND started_at IS NOT NULL ${filter === 'one' ? 'AND sweep_id = @id' : ''}
  GROUP BY sweep_id
),
ranked AS (
  SELECT t.sweep_id, t.id, t.final_value,
    ROW_NUMBER() OVER (
      PARTITION BY t.sweep_id
      ORDER BY CASE WHEN s.metric_goal = 'maximize' THEN -t.final_value ELSE t.final_value END, t.id
    ) AS rank
  FROM trials t JOIN sweeps s ON s.id = t.sweep_id
  WHERE t.status = 'completed' AND t.final_value > -9e999 AND t.final_value < 9e999 ${filter === 'one' ? 'AND t.sweep_id = @id' : ''}
)
SELECT s.id, s.name, s.method, s.status, s.metric_name, s.metric_goal, s.total,
  s.created_at, s.started_at, s.ended_at, s.error, s.waiting, s.workers,
  tm.n AS timed, tm.mean_ms, tm.mean_sq, ru.since AS running_since,
  c.counts, COALESCE(d.n, 0) AS done,
  CASE WHEN wr.sweep_id IS NULL THEN r.final_value ELSE rc.mean END AS best_value,
  CASE WHEN wr.sweep_id IS NULL THEN r.id ELSE rc.first_id END AS best_trial_id
FROM sweeps s
LEFT JOIN counts c ON c.sweep_id = s.id
LEFT JOIN done d ON d.sweep_id = s.id
LEFT JOIN ranked r ON r.sweep_id = s.id AND r.rank = 1
LEFT JOIN with_repeats wr ON wr.sweep_id = s.id
LEFT JOIN ranked_configs rc ON rc.sweep_id = s.id AND rc.rank = 1
LEFT JOIN timing tm ON tm.sweep_id = s.id
LEFT JOIN running ru ON ru.sweep_id = s.id
${filter === 'one' ? 'WHERE s.id = @id' : ''}
ORDER BY s.id`
}

interface SummaryDbRow {
  id: number
  name: string
  method: string
  status: string
  metric_name: string | null
  metric_goal: string
  total: number | null
  created_at: number
  started_at: number | null
  ended_at: number | null
  error: string | null
  waiting: string | null
  workers: number
  timed: number | null
  mean_ms: number | null
  mean_sq: number | null
  running_since: string | null
  counts: string | null
  done: number
  best_value: number | null
  best_trial_id: number | null
}

export function createSweepSummaryQueries(db: Database): {
  all: () => SweepSummary[]
  one: (id: number) => SweepSummary | undefined
} {
  const all = db.prepare<[], SummaryDbRow>(summarySql('all'))
  const one = db.prepare<{ id: number }, SummaryDbRow>(summarySql('one'))
  return {
    all: () => all.all().map(summaryFromRow),
    one: (id) => {
      const row = one.get({ id })
      return row === undefined ? undefined : summaryFromRow(row)
    },
  }
}

function summaryFromRow(r: SummaryDbRow): SweepSummary {
  return {
    id: r.id,
    name: r.name,
    method: r.method,
    status: r.status as SweepStatus,
    metricName: r.metric_name,
    metricGoal: r.metric_goal as MetricGoal,
    total: r.total,
    counts: r.counts === null ? {} : (JSON.parse(r.counts) as Partial<Record<TrialStatus, number>>),
    done: r.done,
    bestValue: r.best_value,
    bestTrialId: r.best_trial_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    error: r.error,
    waiting: r.waiting,
    timing: timingFromRow(r),
  }
}

function timingFromRow(r: SummaryDbRow): SweepSummary['timing'] {
  const n = r.timed ?? 0
  const mean = n > 0 ? r.mean_ms : null
  // Sample variance from the mean of squares; rounding can push it a hair below zero.
  const sd = n > 1 && mean !== null && r.mean_sq !== null ? Math.sqrt(Math.max(0, r.mean_sq - mean * mean) * (n / (n - 1))) : null
  return {
    finished: n,
    meanMs: mean,
    sdMs: sd,
    runningSince: r.running_since === null ? [] : (JSON.parse(r.running_since) as number[]),
    concurrency: Math.max(1, r.workers),
  }
}
