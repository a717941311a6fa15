import type { Database } from 'better-sqlite3'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { isTerminalTrialStatus } from '../../../shared/status.ts'
import type { TrialStatus } from '../../../shared/status.ts'
import type { NewTrial, TrialRepo } from './store-types.ts'
import { FAILURE_REASONS } from '../../../shared/failure-reasons.ts'
import type { FailureReason } from '../../../shared/failure-reasons.ts'
import { classifyFailure } from '../failures/classify-failure.ts'

const REASONS: ReadonlySet<string> = new Set(FAILURE_REASONS)
/** A reason written by a newer build is shown as none rather than breaking the API's schema. */
function isFailureReason(r: string | null): r is FailureReason {
  return r !== null && REASONS.has(r)
}

interface TrialDbRow {
  id: number
  sweep_id: number
  idx: number
  attempt: number
  status: string
  params_json: string
  seed: number
  worker_id: number | null
  backend: string | null
  backend_note: string | null
  started_at: number | null
  ended_at: number | null
  exit_code: number | null
  signal: string | null
  error: string | null
  final_value: number | null
  best_value: number | null
  pruned_at_step: number | null
  failure_reason: string | null
  failure_note: string | null
  config_version: number
  rerun_of: number | null
  config_index: number | null
  repeat: number | null
}

const COLUMNS = 'id, sweep_id, idx, attempt, status, params_json, seed, worker_id, backend, backend_note, started_at, ended_at, exit_code, signal, error, final_value, best_value, pruned_at_step, failure_reason, failure_note, config_version, rerun_of, config_index, repeat'

/** Trial rows (one per attempt). Statements are prepared once; every value is a named parameter. */
export function createTrialRepo(db: Database): TrialRepo {
  const insert = db.prepare(`INSERT INTO trials (sweep_id, idx, attempt, status, params_json, seed, created_at, config_version, rerun_of, config_index, repeat)
    VALUES (@sweepId, @index, @attempt, 'queued', @paramsJson, @seed, @createdAt, @configVersion, @rerunOf, @configIndex, @repeat)`)
  const lowest = db.prepare<{ sweepId: number }, { low: number | null }>('SELECT MIN(idx) AS low FROM trials WHERE sweep_id = @sweepId')
  const get = db.prepare<{ id: number }, TrialDbRow>(`SELECT ${COLUMNS} FROM trials WHERE id = @id`)
  const bySweep = db.prepare<{ sweepId: number }, TrialDbRow>(`SELECT ${COLUMNS} FROM trials WHERE sweep_id = @sweepId ORDER BY idx, attempt`)
  const byStatus = db.prepare<{ sweepId: number; statuses: string }, TrialDbRow>(
    `SELECT ${COLUMNS} FROM trials WHERE sweep_id = @sweepId AND status IN (SELECT value FROM json_each(@statuses)) ORDER BY id`,
  )
  // Guarded so that a trial cancelled while queued is never revived by a late start.
  const markRunning = db.prepare(`UPDATE trials SET status = 'running', worker_id = @workerId, started_at = @startedAt
    WHERE id = @id AND status IN ('queued', 'running')`)
  const setPid = db.prepare('UPDATE trials SET pid = @pid WHERE id = @id')
  const setBackend = db.prepare('UPDATE trials SET backend = @backend WHERE id = @id')
  // The status guard makes the terminal write happen exactly once per row, whoever races to it
  // (worker exit, cancel, timeout, shutdown, the stale-run sweep on engine start).
  const finish = db.prepare(`UPDATE trials SET
      status = @status, ended_at = @endedAt, duration_ms = @durationMs, exit_code = @exitCode,
      signal = @signal, error = @error, backend = COALESCE(@backend, backend),
      backend_note = COALESCE(@backendNote, backend_note), pruned_at_step = @prunedAtStep,
      failure_reason = @failureReason, failure_note = @failureNote, pid = NULL
    WHERE id = @id AND status IN ('queued', 'running')`)
  // Non-finite points never become best_value: a diverged +Infinity must not win a maximize.
  const refresh = db.prepare(`UPDATE trials SET
      final_value = (SELECT value FROM metrics WHERE trial_id = @id AND name = @name ORDER BY step DESC LIMIT 1),
      last_step = (SELECT MAX(step) FROM metrics WHERE trial_id = @id AND name = @name),
      best_value = (SELECT CASE WHEN @goal = 'maximize' THEN MAX(value) ELSE MIN(value) END
        FROM metrics WHERE trial_id = @id AND name = @name AND value > -9e999 AND value < 9e999)
    WHERE id = @id`)
  // Folds one batch's own summary into the stored one: O(1) per trial instead of a rescan.
  // Only valid when every point of the batch was new (see mergeMetricSummary in store-types.ts).
  const merge = db.prepare(`UPDATE trials SET
      final_value = CASE WHEN last_step IS NULL OR @lastStep > last_step THEN @lastValue ELSE final_value END,
      last_step = CASE WHEN last_step IS NULL OR @lastStep > last_step THEN @lastStep ELSE last_step END,
      best_value = CASE
        WHEN @best IS NULL THEN best_value
        WHEN best_value IS NULL THEN @best
        WHEN @goal = 'maximize' THEN MAX(best_value, @best)
        ELSE MIN(best_value, @best) END
    WHERE id = @id`)
  const reasonCounts = db.prepare<{ sweepId: number }, { failure_reason: string; n: number }>(
    'SELECT failure_reason, COUNT(*) AS n FROM trials WHERE sweep_id = @sweepId AND failure_reason IS NOT NULL GROUP BY failure_reason',
  )
  const lastFinite = db.prepare<{ ids: string; name: string }, { trial_id: number; value: number }>(
    `SELECT t.value AS trial_id, (SELECT m.value FROM metrics m WHERE m.trial_id = t.value AND m.name = @name
        AND m.value > -9e999 AND m.value < 9e999 ORDER BY m.step DESC LIMIT 1) AS value
     FROM json_each(@ids) t`,
  )

  return {
    insert(t: NewTrial): number {
      const row = {
        sweepId: t.sweepId, index: t.index, attempt: t.attempt, paramsJson: JSON.stringify(t.params), seed: t.seed, createdAt: t.createdAt,
        configVersion: t.configVersion ?? 1, rerunOf: t.rerunOf ?? null, configIndex: t.configIndex ?? null, repeat: t.repeat ?? null,
      }
      return Number(insert.run(row).lastInsertRowid)
    },
    get(id) {
      const row = get.get({ id })
      return row === undefined ? undefined : trialFromRow(row)
    },
    listBySweep(sweepId) {
      return bySweep.all({ sweepId }).map(trialFromRow)
    },
    listByStatus(sweepId, statuses) {
      return byStatus.all({ sweepId, statuses: JSON.stringify(statuses) }).map(trialFromRow)
    },
    markRunning(id, r) {
      markRunning.run({ id, workerId: r.workerId, startedAt: r.startedAt })
    },
    lowestIndex(sweepId) {
      return Math.min(0, lowest.get({ sweepId })?.low ?? 0)
    },
    setPid(id, pid) {
      setPid.run({ id, pid })
    },
    setBackend(id, backend) {
      setBackend.run({ id, backend })
    },
    finish(id, end) {
      if (!isTerminalTrialStatus(end.status)) throw new SweeplabError('internal', `trial ${id}: finish() needs a terminal status, got "${end.status}"`)
      // Every path that ends a trial (the scheduler, resume's stale-row sweep, cancel) gets a reason.
      const failure = end.failure !== undefined ? end.failure : classifyFailure({
        status: end.status, exitCode: end.exitCode ?? null, signal: end.signal ?? null, error: end.error ?? null, prunedAtStep: end.prunedAtStep ?? null,
      })
      const changed = finish.run({
        id,
        status: end.status,
        endedAt: end.endedAt,
        durationMs: end.durationMs,
        exitCode: end.exitCode ?? null,
        signal: end.signal ?? null,
        error: end.error ?? null,
        backend: end.backend ?? null,
        backendNote: end.backendNote ?? null,
        prunedAtStep: end.prunedAtStep ?? null,
        failureReason: failure?.reason ?? null,
        failureNote: failure?.note ?? null,
      })
      return changed.changes === 1
    },
    refreshMetricSummary(id, metricName, goal) {
      refresh.run({ id, name: metricName, goal })
    },
    mergeMetricSummary(id, batch, goal) {
      merge.run({ id, lastStep: batch.lastStep, lastValue: batch.lastValue, best: batch.best, goal })
    },
    countFailureReasons(sweepId) {
      const counts: Partial<Record<FailureReason, number>> = {}
      for (const r of reasonCounts.all({ sweepId })) if (isFailureReason(r.failure_reason)) counts[r.failure_reason] = r.n
      return counts
    },
    lastFiniteValues(trialIds, metricName) {
      const out = new Map<number, number>()
      if (trialIds.length === 0) return out
      for (const r of lastFinite.all({ ids: JSON.stringify(trialIds), name: metricName })) if (r.value !== null) out.set(r.trial_id, r.value)
      return out
    },
  }
}

function finiteOrNull(v: number | null): number | null {
  return v === null || Number.isFinite(v) ? v : null
}

function trialFromRow(r: TrialDbRow): TrialSummary {
  return {
    id: r.id,
    sweepId: r.sweep_id,
    index: r.idx,
    attempt: r.attempt,
    status: r.status as TrialStatus,
    params: JSON.parse(r.params_json) as Record<string, unknown>,
    seed: r.seed,
    finalValue: finiteOrNull(r.final_value),
    bestValue: finiteOrNull(r.best_value),
    startedAt: r.started_at,
    endedAt: r.ended_at,
    exitCode: r.exit_code,
    signal: r.signal,
    backend: r.backend,
    backendNote: r.backend_note,
    error: r.error,
    workerId: r.worker_id,
    prunedAtStep: r.pruned_at_step,
    failureReason: isFailureReason(r.failure_reason) ? r.failure_reason : null,
    failureNote: r.failure_note,
    configVersion: r.config_version,
    rerunOf: r.rerun_of,
    ...(r.config_index !== null ? { configIndex: r.config_index, repeat: r.repeat } : {}),
  }
}
