import type { Database } from 'better-sqlite3'
import {
  retrainInfoSchema, sweepEnvironmentSchema, type RetrainInfo, type SweepDataset, type SweepEnvironment, type SweepProvenance,
} from '../../../shared/sweep-provenance.ts'

interface ProvenanceDbRow {
  sweep_id: number
  dataset_kind: string | null
  dataset_name: string | null
  dataset_version: number | null
  dataset_hash: string | null
  parent_sweep_id: number | null
  retrain_json: string | null
  environment_json: string
}

export interface NewProvenance {
  sweepId: number
  dataset: SweepDataset | null
  retrain: RetrainInfo | null
  environment: SweepEnvironment
}

/** Where each sweep came from (migration 0008): written once at creation, read by reports and retrains. */
export interface ProvenanceRepo {
  insert(p: NewProvenance): void
  /** undefined for sweeps created before migration 0008. */
  get(sweepId: number): SweepProvenance | undefined
  /** Sweeps that retrain the given one, by id. */
  children(sweepId: number): number[]
}

export function createProvenanceRepo(db: Database): ProvenanceRepo {
  // Prepared on first use, so a store opened read-only on an older schema still opens.
  let stmts: ReturnType<typeof prepare> | undefined
  const s = () => (stmts ??= prepare(db))
  return {
    insert(p) {
      s().insert.run({
        sweep_id: p.sweepId,
        dataset_kind: p.dataset?.kind ?? null,
        dataset_name: p.dataset?.name ?? null,
        dataset_version: p.dataset?.version ?? null,
        dataset_hash: p.dataset?.contentHash ?? null,
        parent_sweep_id: p.retrain?.parentSweepId ?? null,
        retrain_json: p.retrain === null ? null : JSON.stringify(p.retrain),
        environment_json: JSON.stringify(p.environment),
      })
    },
    get(sweepId) {
      const r = s().get.get({ id: sweepId })
      return r === undefined ? undefined : fromRow(r)
    },
    children(sweepId) {
      return s().children.all({ id: sweepId }).map((r) => r.sweep_id)
    },
  }
}

function prepare(db: Database) {
  const insert = db.prepare(`INSERT INTO sweep_provenance
    (sweep_id, dataset_kind, dataset_name, dataset_version, dataset_hash, parent_sweep_id, retrain_json, environment_json)
    VALUES (@sweep_id, @dataset_kind, @dataset_name, @dataset_version, @dataset_hash, @parent_sweep_id, @retrain_json, @environment_json)`)
  const get = db.prepare<{ id: number }, ProvenanceDbRow>('SELECT * FROM sweep_provenance WHERE sweep_id = @id')
  const children = db.prepare<{ id: number }, { sweep_id: number }>('SELECT sweep_id FROM sweep_provenance WHERE parent_sweep_id = @id ORDER BY sweep_id')
  return { insert, get, children }
}

function fromRow(r: ProvenanceDbRow): SweepProvenance {
  return {
    sweepId: r.sweep_id,
    dataset: r.dataset_name === null ? null : {
      kind: (r.dataset_kind ?? 'registered') as SweepDataset['kind'],
      name: r.dataset_name,
      version: r.dataset_version,
      contentHash: r.dataset_hash,
    },
    parentSweepId: r.parent_sweep_id,
    // Parsed with the schemas: a damaged row is an error naming the table, not a wrong comparison.
    retrain: r.retrain_json === null ? null : retrainInfoSchema.parse(JSON.parse(r.retrain_json)),
    environment: sweepEnvironmentSchema.parse(JSON.parse(r.environment_json)),
  }
}
