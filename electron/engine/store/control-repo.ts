import type { Database } from 'better-sqlite3'
import type { ControlAction, ControlRepo, ControlRequest } from './store-types.ts'

interface Row {
  id: number
  sweep_id: number
  trial_id: number | null
  action: ControlAction
}

export function createControlRepo(db: Database): ControlRepo {
  const insert = db.prepare(
    'INSERT INTO control_requests (sweep_id, trial_id, action, created_at) VALUES (@sweepId, @trialId, @action, @now)',
  )
  const pending = db.prepare<[string], Row>(
    'SELECT id, sweep_id, trial_id, action FROM control_requests WHERE handled_at IS NULL AND sweep_id IN (SELECT value FROM json_each(?)) ORDER BY id',
  )
  const handled = db.prepare('UPDATE control_requests SET handled_at = @now WHERE id = @id')
  return {
    request: (r) => Number(insert.run({ ...r, now: Date.now() }).lastInsertRowid),
    pending: (sweepIds): ControlRequest[] =>
      sweepIds.length === 0
        ? []
        : pending.all(JSON.stringify(sweepIds)).map((r) => ({ id: r.id, sweepId: r.sweep_id, trialId: r.trial_id, action: r.action })),
    markHandled: (id) => {
      handled.run({ id, now: Date.now() })
    },
  }
}
