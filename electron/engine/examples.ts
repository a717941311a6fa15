import { readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import type { ExampleSpec } from '../../shared/api/types.ts'
import { SweeplabError } from '../../shared/errors.ts'

/** resources/examples of the source checkout; the packaged app passes its own copy (EngineOptions.examplesDir). */
export const DEFAULT_EXAMPLES_DIR = join(import.meta.dirname, '../../resources/examples')

/**
 * The example sweep files (`*.yaml`, `*.yml`) in a folder, sorted by name. Each file's `fileName`
 * is absolute so that `program:` and dataset paths in it resolve against the examples folder.
 * Throws `io/read-failed` naming the folder when it cannot be listed (a broken install).
 */
export function listExampleSpecs(dir = DEFAULT_EXAMPLES_DIR): ExampleSpec[] {
  const root = resolve(dir)
  let files: string[]
  try {
    files = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
      .map((e) => e.name)
  } catch (e) {
    throw new SweeplabError('io/read-failed', `cannot list the example sweeps in ${root}: ${(e as Error).message}`, { cause: e, details: { path: root } })
  }
  return files
    .map((file) => {
      const fileName = join(root, file)
      const name = basename(file, extname(file))
      const text = readFileSync(fileName, 'utf8')
      return { name, title: titleOf(text, name), fileName, text }
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The sweep's `description`, else its `name`, else the file name: shown in pickers, so one line. */
function titleOf(text: string, fallback: string): string {
  let doc: unknown
  try {
    doc = parse(text)
  } catch {
    // A broken example still lists under its file name; createSweep reports the error with its line.
    return fallback
  }
  if (typeof doc !== 'object' || doc === null) return fallback
  const { description, name } = doc as { description?: unknown; name?: unknown }
  for (const v of [description, name]) {
    if (typeof v === 'string' && v.trim() !== '') return v.trim().replace(/\s+/g, ' ')
  }
  return fallback
}
