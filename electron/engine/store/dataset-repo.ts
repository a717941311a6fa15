import type { Database } from 'better-sqlite3'
import { SweeplabError } from '../../../shared/errors.ts'
import type { DatasetRepo, DatasetRow, NewDataset } from './store-types.ts'

interface DatasetDbRow {
  id: number
  name: string
  version: number
  source_path: string
  stored_path: string
  format: string
  content_hash: string
  bytes: number
  rows: number
  columns_json: string
  text_column: string | null
  label_column: string | null
  report_json: string
  created_at: number
}

/** Dataset registry rows. Statements are prepared once; JSON columns go through toRow/fromRow. */
export function createDatasetRepo(db: Database): DatasetRepo {
  const insert = db.prepare(`INSERT INTO datasets
    (name, version, source_path, stored_path, format, content_hash, bytes, rows, columns_json, text_column, label_column, report_json, created_at)
    VALUES (@name, @version, @source_path, @stored_path, @format, @content_hash, @bytes, @rows, @columns_json, @text_column, @label_column, @report_json, @created_at)`)
  const get = db.prepare<{ id: number }, DatasetDbRow>('SELECT * FROM datasets WHERE id = @id')
  const byVersion = db.prepare<{ name: string; version: number }, DatasetDbRow>('SELECT * FROM datasets WHERE name = @name AND version = @version')
  const latest = db.prepare<{ name: string }, DatasetDbRow>('SELECT * FROM datasets WHERE name = @name ORDER BY version DESC LIMIT 1')
  const list = db.prepare<[], DatasetDbRow>(`SELECT d.* FROM datasets d
    WHERE d.version = (SELECT MAX(version) FROM datasets WHERE name = d.name) ORDER BY d.name`)
  const allVersions = db.prepare<[], DatasetDbRow>('SELECT * FROM datasets ORDER BY name, version DESC')
  const maxVersion = db.prepare<{ name: string }, { v: number | null }>('SELECT MAX(version) AS v FROM datasets WHERE name = @name')

  return {
    insert(d: NewDataset): number {
      try {
        return Number(insert.run(toRow(d)).lastInsertRowid)
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new SweeplabError('dataset/exists', `dataset "${d.name}" version ${d.version} already exists`, { cause: e, details: { name: d.name, version: d.version } })
        }
        throw e
      }
    },
    get(id) {
      const r = get.get({ id })
      return r === undefined ? undefined : fromRow(r)
    },
    getByName(name, version) {
      const r = version === undefined ? latest.get({ name }) : byVersion.get({ name, version })
      return r === undefined ? undefined : fromRow(r)
    },
    list() {
      return list.all().map(fromRow)
    },
    listAllVersions() {
      return allVersions.all().map(fromRow)
    },
    nextVersion(name) {
      return (maxVersion.get({ name })?.v ?? 0) + 1
    },
  }
}

function toRow(d: NewDataset): Omit<DatasetDbRow, 'id'> {
  return {
    name: d.name,
    version: d.version,
    source_path: d.sourcePath,
    stored_path: d.storedPath,
    format: d.format,
    content_hash: d.contentHash,
    bytes: d.bytes,
    rows: d.rows,
    columns_json: JSON.stringify(d.columns),
    text_column: d.textColumn,
    label_column: d.labelColumn,
    report_json: JSON.stringify(d.report),
    created_at: d.createdAt,
  }
}

function fromRow(r: DatasetDbRow): DatasetRow {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    sourcePath: r.source_path,
    storedPath: r.stored_path,
    format: r.format,
    contentHash: r.content_hash,
    bytes: r.bytes,
    rows: r.rows,
    columns: JSON.parse(r.columns_json) as string[],
    textColumn: r.text_column,
    labelColumn: r.label_column,
    report: JSON.parse(r.report_json) as unknown,
    createdAt: r.created_at,
  }
}
