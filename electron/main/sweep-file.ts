import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SWEEP_FILE_EXTENSIONS: ReadonlyArray<string> = ['yaml', 'yml', 'json']
/** Matches the API's limit on a spec's text (10,000,000 characters): a larger file could never be validated. */
export const MAX_SWEEP_FILE_BYTES = 10_000_000

/** What the `open-sweep-file` event carries: the text, and the absolute path the renderer shows and sends back as `fileName`. */
export interface SweepFile {
  text: string
  fileName: string
}

export type SweepFileResult = { ok: true; file: SweepFile } | { ok: false; path: string; reason: string }

export function isSweepFileName(path: string): boolean {
  return SWEEP_FILE_EXTENSIONS.includes(extname(path).slice(1).toLowerCase())
}

/** The local path a file:// URL names (a file dropped on the window), else undefined. */
export function localPathFromUrl(url: string): string | undefined {
  if (!url.toLowerCase().startsWith('file:')) return undefined
  try {
    // Throws for file://otherhost/… on POSIX and for malformed escapes: neither is a local file.
    return fileURLToPath(url)
  } catch {
    return undefined
  }
}

/**
 * Reads a sweep file for the new-sweep screen. Refuses, with a reason a user can act on, what the
 * screen could not use: another kind of file, a folder, a file over 10 MB, text that is not UTF-8.
 */
export async function readSweepFile(path: string, cwd: string = process.cwd()): Promise<SweepFileResult> {
  const abs = isAbsolute(path) ? path : resolve(cwd, path)
  const fail = (reason: string): SweepFileResult => ({ ok: false, path: abs, reason })
  if (!isSweepFileName(abs)) return fail('not a sweep file: Sweeplab opens .yaml, .yml and .json files')
  try {
    const info = await stat(abs)
    if (info.isDirectory()) return fail('this is a folder, not a sweep file')
    if (!info.isFile()) return fail('not a regular file')
    if (info.size > MAX_SWEEP_FILE_BYTES) {
      return fail(`the file is ${(info.size / 1_000_000).toFixed(1)} MB; sweep files over ${MAX_SWEEP_FILE_BYTES / 1_000_000} MB are not opened`)
    }
    const bytes = await readFile(abs)
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      return fail('the file is not UTF-8 text')
    }
    return { ok: true, file: { text, fileName: abs } }
  } catch (e) {
    return fail(describeFsError(e))
  }
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT': return 'the file does not exist (moved or deleted?)'
    case 'EACCES':
    case 'EPERM': return 'permission denied'
    case 'ENOTDIR': return 'a folder on its path is a file'
    case 'ELOOP': return 'too many symbolic links on its path'
    default: return e instanceof Error ? e.message : String(e)
  }
}
