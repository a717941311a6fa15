import type { Database } from 'better-sqlite3'
import type { MetricGoal, SweepStatus } from '../../../shared/status.ts'
import type { NewSweep, SweepRepo, SweepRow } from './store-types.ts'
import { createSweepSummaryQueries } from './sweep-summaries.ts'

interface SweepDbRow {
  id: number
  name: string
  description: string | null
  method: string
  status: string
  spec_json: string
  spec_text: string
  spec_file: string | null
  metric_name: string | null
  metric_goal: string
  seed: number
  total: number | null
  next_index: number
  workers: number
  engine_pid: number | null
  heartbeat_at: number | null
  created_at: number
  started_at: number | null
  ended_at: number | null
  error: string | null
  config_version: number
  run_ms: number
}

/** Sweep rows. Statements are prepared once here; every value is a named parameter. */
export function createSweepRepo(db: Database): SweepRepo {
  const insert = db.prepare(`INSERT INTO sweeps
    (name, description, method, status, spec_json, spec_text, spec_file, metric_name, metric_goal, seed, total, workers, engine_pid, heartbeat_at, created_at, started_at)
    VALUES (@name, @description, @method, 'running', @specJson, @specText, @specFile, @metricName, @metricGoal, @seed, @total, @workers, @enginePid,
      CASE WHEN @enginePid IS NULL THEN NULL ELSE @createdAt END, @createdAt, @createdAt)`)
  const insertVersion1 = db.prepare(`INSERT INTO sweep_versions (sweep_id, version, spec_json, spec_text, note, created_at)
    VALUES (@id, 1, @specJson, @specText, NULL, @createdAt)`)
  const get = db.prepare<{ id: number }, SweepDbRow>('SELECT * FROM sweeps WHERE id = @id')
  const list = db.prepare<[], SweepDbRow>('SELECT * FROM sweeps ORDER BY id')
  const setNextIndex = db.prepare('UPDATE sweeps SET next_index = @nextIndex WHERE id = @id')
  const setEnginePid = db.prepare('UPDATE sweeps SET engine_pid = @pid, heartbeat_at = @now WHERE id = @id')
  const heartbeat = db.prepare("UPDATE sweeps SET heartbeat_at = @now WHERE engine_pid = @pid AND status IN ('running', 'paused')")
  const setPaused = db.prepare("UPDATE sweeps SET status = @status WHERE id = @id AND status IN ('running', 'paused')")
  const setConfig = db.prepare(`UPDATE sweeps SET config_version = @version, spec_json = @specJson, spec_text = @specText, total = @total, workers = @workers
    WHERE id = @id`)
  const setRunMs = db.prepare('UPDATE sweeps SET run_ms = @ms WHERE id = @id')
  // Compare-and-swap on the owner seen by the caller: of two processes resuming at once, one wins.
  const claim = db.prepare(`UPDATE sweeps SET status = 'running', engine_pid = @pid, heartbeat_at = @now, ended_at = NULL, error = NULL, waiting = NULL
    WHERE id = @id AND status = @seenStatus AND engine_pid IS @seenPid`)
  // A terminal status stamps ended_at and releases the engine; `running` (resume) clears both end fields.
  const setStatus = db.prepare(`UPDATE sweeps SET
      status = @status,
      ended_at = CASE WHEN @terminal THEN @endedAt ELSE NULL END,
      engine_pid = CASE WHEN @terminal THEN NULL ELSE engine_pid END,
      error = CASE WHEN @hasError THEN @error WHEN @terminal THEN error ELSE NULL END,
      waiting = NULL
    WHERE id = @id`)
  const setWaiting = db.prepare('UPDATE sweeps SET waiting = @waiting WHERE id = @id')
  const remove = db.prepare('DELETE FROM sweeps WHERE id = @id')
  const summaries = createSweepSummaryQueries(db)

  return {
    insert(s: NewSweep): number {
      // Version 1 of its config is written with the sweep: every sweep has at least one.
      return db.transaction(() => {
        const id = Number(insert.run(s).lastInsertRowid)
        insertVersion1.run({ id, specJson: s.specJson, specText: s.specText, createdAt: s.createdAt })
        return id
      })()
    },
    get(id) {
      const row = get.get({ id })
      return row === undefined ? undefined : sweepFromRow(row)
    },
    list() {
      return list.all().map(sweepFromRow)
    },
    summaries: summaries.all,
    summary: summaries.one,
    setNextIndex(id, nextIndex) {
      setNextIndex.run({ id, nextIndex })
    },
    setEnginePid(id, pid) {
      setEnginePid.run({ id, pid, now: Date.now() })
    },
    heartbeat(pid, now = Date.now()) {
      heartbeat.run({ pid, now })
    },
    claim(id, seen, pid, now = Date.now()) {
      return claim.run({ id, pid, now, seenStatus: seen.status, seenPid: seen.enginePid }).changes === 1
    },
    setStatus(id, status, opts = {}) {
      const terminal = status !== 'running'
      const hasError = opts.error !== undefined
      setStatus.run({ id, status, terminal: terminal ? 1 : 0, endedAt: opts.endedAt ?? Date.now(), hasError: hasError ? 1 : 0, error: opts.error ?? null })
    },
    setPaused(id, paused) {
      return setPaused.run({ id, status: paused ? 'paused' : 'running' }).changes === 1
    },
    setConfig(id, c) {
      setConfig.run({ id, ...c })
    },
    setRunMs(id, ms) {
      setRunMs.run({ id, ms: Math.round(ms) })
    },
    delete(id) {
      remove.run({ id })
    },
    setWaiting(id, waiting) {
      setWaiting.run({ id, waiting })
    },
  }
}

function sweepFromRow(r: SweepDbRow): SweepRow {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    method: r.method,
    status: r.status as SweepStatus,
    specJson: r.spec_json,
    specText: r.spec_text,
    specFile: r.spec_file,
    metricName: r.metric_name,
    metricGoal: r.metric_goal as MetricGoal,
    seed: r.seed,
    total: r.total,
    nextIndex: r.next_index,
    workers: r.workers,
    enginePid: r.engine_pid,
    heartbeatAt: r.heartbeat_at,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    error: r.error,
    configVersion: r.config_version,
    runMs: r.run_ms,
  }
}
