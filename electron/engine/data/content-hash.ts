import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { SweeplabError } from '../../../shared/errors.ts'

/**
 * sha256 (hex) of a dataset's content: a file's bytes, or for a folder every file below it in path
 * order as (relative path, NUL, bytes, NUL), so renaming or editing any file changes the hash.
 */
export function hashDatasetSource(path: string): string {
  const h = createHash('sha256')
  let isDir: boolean
  try {
    isDir = statSync(path).isDirectory()
  } catch (e) {
    throw new SweeplabError('dataset/missing', `${path}: no such file or folder`, { cause: e, details: { file: path } })
  }
  if (!isDir) return h.update(readFileSync(path)).digest('hex')
  for (const file of listFiles(path)) {
    h.update(relative(path, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0')
  }
  return h.digest('hex')
}

function listFiles(dir: string): string[] {
  const out: string[] = []
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.')) continue
    const full = join(dir, ent.name)
    if (ent.isDirectory()) out.push(...listFiles(full))
    else if (ent.isFile()) out.push(full)
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
