import { isAbsolute, join, resolve } from 'node:path'
import { SweeplabError } from '../../../shared/errors.ts'
import { BUILTIN_DATASETS, builtinDatasetPath, findBuiltinDataset } from './builtin-datasets.ts'
import type { DatasetConfig } from './dataset-config.ts'
import { datasetsDir, readManifest } from './dataset-files.ts'
import type { ReadOptions } from './dataset-types.ts'

/** Where datasets are looked up. Workers pass the same values the engine uses. */
export interface DatasetContext {
  /** The workspace folder (the database's folder): registered datasets and the prepared-data cache live here. */
  workspaceDir: string
  /** Bundled datasets folder; default: resources/datasets of the source checkout. The packaged app passes its own. */
  resourcesDir?: string
  /** Folder that a relative `path:` is resolved against (the sweep file's folder); default: the working directory. */
  baseDir?: string
}

/** A dataset located: the file to read, how, and the column defaults it brings. */
export interface ResolvedSource {
  kind: 'builtin' | 'registered' | 'file'
  name: string
  version: number | null
  path: string
  read: ReadOptions
  text?: string
  label?: string
}

/**
 * Finds the data of a `dataset:` config: a built-in name, then a dataset registered in the workspace
 * (its manifest, so no database is needed), or a file path. Throws `dataset/missing` listing the choices.
 */
export function resolveDatasetSource(c: DatasetConfig, ctx: DatasetContext): ResolvedSource {
  const read: ReadOptions = {
    ...(c.format ? { format: c.format } : {}),
    ...(c.textUnit ? { textUnit: c.textUnit } : {}),
    ...(c.maxRows ? { maxRows: c.maxRows } : {}),
  }
  if (c.path !== undefined) {
    const path = isAbsolute(c.path) ? c.path : resolve(ctx.baseDir ?? process.cwd(), c.path)
    return { kind: 'file', name: c.path, version: null, path, read }
  }
  const name = c.name as string
  const builtin = findBuiltinDataset(name)
  if (builtin !== undefined) {
    if (c.version !== undefined) {
      throw new SweeplabError('dataset/invalid', `dataset "${name}" is built in and has no versions; write dataset: ${name} (without @${c.version} or version:)`, { details: { name } })
    }
    return {
      kind: 'builtin',
      name,
      version: null,
      path: builtinDatasetPath(builtin, ctx.resourcesDir),
      read: { format: builtin.format, ...(builtin.textUnit ? { textUnit: builtin.textUnit } : {}), ...read },
      ...(builtin.text ? { text: builtin.text } : {}),
      ...(builtin.label ? { label: builtin.label } : {}),
    }
  }
  const m = readManifest(ctx.workspaceDir, name, c.version)
  if (m === undefined) {
    const what = c.version !== undefined ? `version ${c.version} of dataset "${name}"` : `dataset "${name}"`
    throw new SweeplabError(
      'dataset/missing',
      `${what} is neither built in (${BUILTIN_DATASETS.map((d) => d.name).join(', ')}) nor registered in ${ctx.workspaceDir}; add it with: sweeplab data add PATH --name ${name}`,
      { details: { name } },
    )
  }
  return {
    kind: 'registered',
    name,
    version: m.version,
    path: join(datasetsDir(ctx.workspaceDir), m.file),
    read: { format: m.format, ...(m.textUnit ? { textUnit: m.textUnit } : {}), ...(m.delimiter ? { delimiter: m.delimiter } : {}), ...read },
    ...(m.text ? { text: m.text } : {}),
    ...(m.label ? { label: m.label } : {}),
  }
}
