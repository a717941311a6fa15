import type { Database } from 'better-sqlite3'
import type { Artifact } from '../../../shared/api/types.ts'
import type { ArtifactRepo, NewArtifact } from './store-types.ts'

interface ArtifactDbRow {
  id: number
  trial_id: number
  kind: string
  name: string
  path: string | null
  size: number | null
  created_at: number
  deleted_at: number | null
}

/** Files trials produced, recorded when the trial ends. */
export function createArtifactRepo(db: Database): ArtifactRepo {
  const insert = db.prepare(
    'INSERT INTO artifacts (trial_id, kind, name, path, size, created_at) VALUES (@trialId, @kind, @name, @path, @size, @createdAt)',
  )
  const byTrial = db.prepare<{ trialId: number }, ArtifactDbRow>('SELECT * FROM artifacts WHERE trial_id = @trialId ORDER BY id')
  const byId = db.prepare<{ id: number }, ArtifactDbRow>('SELECT * FROM artifacts WHERE id = @id')
  const bySweep = db.prepare<{ sweepId: number }, ArtifactDbRow>('SELECT a.* FROM artifacts a JOIN trials t ON t.id = a.trial_id WHERE t.sweep_id = @sweepId ORDER BY a.id')
  const markDeleted = db.prepare('UPDATE artifacts SET deleted_at = @at WHERE id = @id AND deleted_at IS NULL')
  return {
    insertMany(rows: readonly NewArtifact[]) {
      for (const r of rows) insert.run(r)
    },
    get(id) {
      const row = byId.get({ id })
      return row === undefined ? undefined : artifactFromRow(row)
    },
    listByTrial(trialId): Artifact[] {
      return byTrial.all({ trialId }).map(artifactFromRow)
    },
    listBySweep(sweepId): Artifact[] {
      return bySweep.all({ sweepId }).map(artifactFromRow)
    },
    markDeleted(ids, at) {
      db.transaction(() => {
        for (const id of ids) markDeleted.run({ id, at })
      })()
    },
  }
}

function artifactFromRow(r: ArtifactDbRow): Artifact {
  return { id: r.id, trialId: r.trial_id, kind: r.kind, name: r.name, path: r.path ?? '', size: r.size ?? 0, createdAt: r.created_at, deletedAt: r.deleted_at }
}
