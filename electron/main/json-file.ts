import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * The parsed content of a small JSON settings file, or undefined when it is missing or not JSON
 * (a settings file cut short by a crash must not stop the app from starting; callers validate the
 * shape and fall back to defaults).
 */
export function readJsonFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * Writes a small JSON settings file whole or not at all: a temporary file renamed over the old
 * one, so a crash mid-write leaves the previous version. Synchronous because it also runs while
 * the app exits, when no later tick is guaranteed.
 */
export function writeJsonFileAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`)
  renameSync(tmp, path)
}
