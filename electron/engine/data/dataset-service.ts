import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { DATASET_NAME_PATTERN, type AddDatasetArgs, type AddedDataset, type DatasetDetail, type DatasetInfo, type DatasetFormat, type GetDatasetArgs } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { DatasetRow, Store } from '../store/store-types.ts'
import { analyzeDataset, inferColumns } from './analyze-dataset.ts'
import { BUILTIN_DATASETS, builtinDatasetPath, findBuiltinDataset, type BuiltinDataset } from './builtin-datasets.ts'
import { hashDatasetSource } from './content-hash.ts'
import { datasetsDir, datasetStem, manifestPath, type DatasetManifest } from './dataset-files.ts'
import { detectFormat, readDataset } from './read-dataset.ts'

/** The engine side of `sweeplab data` and the app's datasets screen. */
export interface DatasetService {
  /**
   * Reads, checks and analyzes a file or folder, copies it into the workspace and registers it. A
   * registered name whose content changed becomes version n+1; unchanged content is `unchanged: true`.
   */
  addDataset(args: AddDatasetArgs): AddedDataset
  /** Built-in datasets first, then every registered name at its latest version (or every version). */
  listDatasets(opts?: { allVersions?: boolean }): DatasetInfo[]
  /** One dataset with its report (built-ins are analyzed on the spot, ~1 s for spam). */
  getDataset(args: GetDatasetArgs): DatasetDetail
}

const EXTENSIONS: Readonly<Record<DatasetFormat, string>> = { csv: '.csv', jsonl: '.jsonl', text: '.txt' }

/**
 * Datasets of one workspace. Imported files are copied to `<workspaceDir>/datasets/<name>-v<version>.<ext>`
 * (a folder of .txt files becomes one JSONL file) with a manifest beside them, so sweeps never depend
 * on the user's file staying put and workers find the data without the database.
 */
export function createDatasetService(store: Pick<Store, 'datasets'>, workspaceDir: string, opts: { resourcesDir?: string; now?: () => number } = {}): DatasetService {
  const now = opts.now ?? Date.now
  return {
    addDataset(args) {
      const name = args.name
      if (!DATASET_NAME_PATTERN.test(name)) throw new SweeplabError('usage', `--name ${JSON.stringify(name)}: a dataset name has 1-64 lowercase letters, digits, . _ - and starts with a letter or digit`)
      if (findBuiltinDataset(name) !== undefined) throw new SweeplabError('dataset/exists', `"${name}" is the name of a built-in dataset; choose another name`)
      const previous = store.datasets.getByName(name)
      const source = resolve(args.path)
      const format = args.format ?? detectFormat(source)
      const raw = readDataset(source, { format, ...(args.textUnit ? { textUnit: args.textUnit } : {}) })
      const folder = statSync(source).isDirectory()
      const folderJsonl = folder ? raw.rows.map((r) => JSON.stringify(r)).join('\n') + '\n' : ''
      if (previous !== undefined) {
        // The stored copy's hash: a file's bytes, a folder's JSONL of rows (what would be stored).
        const hash = folder ? createHash('sha256').update(folderJsonl).digest('hex') : hashDatasetSource(source)
        if (hash === previous.contentHash) return { ...this.getDataset({ name, version: previous.version }), unchanged: true }
      }
      const cols = inferColumns(raw, {
        ...columnDefaults(previous, raw.columns),
        ...(args.text ? { text: args.text } : {}),
        ...(args.label ? { label: args.label } : {}),
      })
      const report = analyzeDataset(raw, cols)
      const version = store.datasets.nextVersion(name)
      const dir = datasetsDir(workspaceDir)
      mkdirSync(dir, { recursive: true })
      // A folder is stored as JSONL of the rows read, so the copy is one file with one hash.
      const storedFormat: DatasetFormat = folder ? 'jsonl' : format
      const ext = folder ? '.jsonl' : (extname(source).toLowerCase() || EXTENSIONS[format])
      const stored = join(dir, `${datasetStem(name, version)}${ext}`)
      const tmp = `${stored}.${process.pid}.tmp`
      if (folder) writeFileSync(tmp, folderJsonl)
      else copyFileSync(source, tmp)
      renameSync(tmp, stored)
      const manifest: DatasetManifest = {
        name, version, file: basename(stored), format: storedFormat,
        ...(!folder && raw.source.textUnit ? { textUnit: raw.source.textUnit } : {}),
        ...(raw.source.delimiter ? { delimiter: raw.source.delimiter } : {}),
        ...(cols.text ? { text: cols.text } : {}),
        ...(cols.label ? { label: cols.label } : {}),
        contentHash: hashDatasetSource(stored), rows: raw.rows.length, sourcePath: source, createdAt: now(),
      }
      try {
        writeFileSync(manifestPath(workspaceDir, name, version), `${JSON.stringify(manifest, null, 2)}\n`)
        store.datasets.insert({
          name, version, sourcePath: source, storedPath: stored, format: storedFormat, contentHash: manifest.contentHash,
          bytes: statSync(stored).size, rows: raw.rows.length, columns: raw.columns, textColumn: cols.text, labelColumn: cols.label,
          report, createdAt: manifest.createdAt,
        })
      } catch (e) {
        rmSync(stored, { force: true })
        rmSync(manifestPath(workspaceDir, name, version), { force: true })
        throw e
      }
      return { ...this.getDataset({ name, version }), unchanged: false }
    },

    listDatasets({ allVersions = false } = {}) {
      const registered = allVersions ? store.datasets.listAllVersions() : store.datasets.list()
      return [...BUILTIN_DATASETS.map((b) => builtinInfo(b, opts.resourcesDir)), ...registered.map(registeredInfo)]
    },

    getDataset({ name, version }) {
      const builtin = findBuiltinDataset(name)
      if (builtin !== undefined) {
        const path = builtinDatasetPath(builtin, opts.resourcesDir)
        const raw = readDataset(path, { format: builtin.format, ...(builtin.textUnit ? { textUnit: builtin.textUnit } : {}) })
        return { ...builtinInfo(builtin, opts.resourcesDir), report: analyzeDataset(raw, { text: builtin.text ?? null, label: builtin.label ?? null }) }
      }
      const row = store.datasets.getByName(name, version)
      if (row === undefined) {
        const known = [...BUILTIN_DATASETS.map((b) => b.name), ...store.datasets.list().map((d) => d.name)]
        throw new SweeplabError('dataset/missing', `no dataset "${name}"${version !== undefined ? ` version ${version}` : ''}; known: ${known.join(', ')}`, { details: { name } })
      }
      return { ...registeredInfo(row), report: row.report as DatasetDetail['report'] }
    },
  }
}

/**
 * A re-import keeps the previous version's text and label columns when the new file still has them,
 * so `data add new.csv --name reviews` needs no repeated --text/--label.
 */
function columnDefaults(previous: DatasetRow | undefined, columns: readonly string[]): { text?: string; label?: string } {
  if (previous === undefined) return {}
  return {
    ...(previous.textColumn !== null && columns.includes(previous.textColumn) ? { text: previous.textColumn } : {}),
    ...(previous.labelColumn !== null && columns.includes(previous.labelColumn) ? { label: previous.labelColumn } : {}),
  }
}

function builtinInfo(b: BuiltinDataset, resourcesDir: string | undefined): DatasetInfo {
  const path = builtinDatasetPath(b, resourcesDir)
  let bytes = 0
  try {
    bytes = statSync(path).size
  } catch {
    // A packaged app without resources still lists the name; reading it reports the missing file.
  }
  return {
    name: b.name, version: null, builtin: true, format: b.format, rows: b.rows, columns: [...b.columns], textColumn: b.text ?? null, labelColumn: b.label ?? null,
    bytes, path, createdAt: null, description: b.description, license: b.license,
  }
}

function registeredInfo(d: DatasetRow): DatasetInfo {
  return {
    name: d.name, version: d.version, builtin: false, format: d.format as DatasetFormat, rows: d.rows, columns: d.columns,
    textColumn: d.textColumn, labelColumn: d.labelColumn, bytes: d.bytes, path: d.storedPath, createdAt: d.createdAt, description: null, license: null,
  }
}
