import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DatasetFormat, TextUnit } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'

/**
 * What `data add` writes beside the copied file: enough for a worker, which never opens the
 * database, to read a registered dataset by name.
 */
export interface DatasetManifest {
  name: string
  version: number
  /** The copied file's name inside `<workspace>/datasets/`. */
  file: string
  format: DatasetFormat
  textUnit?: TextUnit
  delimiter?: string
  text?: string
  label?: string
  contentHash: string
  rows: number
  sourcePath: string
  createdAt: number
}

/** `<workspace dir>/datasets`: copies of imported datasets and their manifests. */
export function datasetsDir(workspaceDir: string): string {
  return join(workspaceDir, 'datasets')
}

/** `<name>-v<version>`: the stem of a registered dataset's file and manifest. */
export function datasetStem(name: string, version: number): string {
  return `${name}-v${version}`
}

export function manifestPath(workspaceDir: string, name: string, version: number): string {
  return join(datasetsDir(workspaceDir), `${datasetStem(name, version)}.manifest.json`)
}

/** The manifest of `name` at `version`, or at its highest version; undefined when none is on disk. */
export function readManifest(workspaceDir: string, name: string, version?: number): DatasetManifest | undefined {
  const dir = datasetsDir(workspaceDir)
  const v = version ?? latestVersion(dir, name)
  if (v === undefined) return undefined
  const p = manifestPath(workspaceDir, name, v)
  if (!existsSync(p)) return undefined
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as DatasetManifest
  } catch (e) {
    throw new SweeplabError('dataset/invalid', `${p}: damaged dataset manifest (${e instanceof Error ? e.message : String(e)}); add the dataset again`, { cause: e, details: { file: p } })
  }
}

function latestVersion(dir: string, name: string): number | undefined {
  if (!existsSync(dir)) return undefined
  const prefix = `${name}-v`
  let best: number | undefined
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(prefix) || !f.endsWith('.manifest.json')) continue
    const v = Number(f.slice(prefix.length, -'.manifest.json'.length))
    if (Number.isSafeInteger(v) && v > 0 && (best === undefined || v > best)) best = v
  }
  return best
}
