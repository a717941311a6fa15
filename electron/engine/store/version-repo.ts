import type { Database } from 'better-sqlite3'
import type { SweepVersion, VersionRepo } from './store-types.ts'

interface Row {
  sweep_id: number
  version: number
  spec_json: string
  spec_text: string
  note: string | null
  created_at: number
}

/** Config versions of sweeps (sweep_versions, migration 0004). */
export function createVersionRepo(db: Database): VersionRepo {
  const insert = db.prepare(`INSERT INTO sweep_versions (sweep_id, version, spec_json, spec_text, note, created_at)
    VALUES (@sweepId, @version, @specJson, @specText, @note, @createdAt)`)
  const list = db.prepare<{ sweepId: number }, Row>('SELECT * FROM sweep_versions WHERE sweep_id = @sweepId ORDER BY version')
  const counts = db.prepare<{ sweepId: number }, { v: number; n: number }>(
    'SELECT config_version AS v, COUNT(*) AS n FROM trials WHERE sweep_id = @sweepId GROUP BY config_version',
  )
  return {
    insert(v: SweepVersion) {
      insert.run(v)
    },
    list(sweepId) {
      return list.all({ sweepId }).map((r) => ({
        sweepId: r.sweep_id, version: r.version, specJson: r.spec_json, specText: r.spec_text, note: r.note, createdAt: r.created_at,
      }))
    },
    trialCounts(sweepId) {
      return new Map(counts.all({ sweepId }).map((r) => [r.v, r.n]))
    },
  }
}
