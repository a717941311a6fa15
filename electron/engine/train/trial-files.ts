/**
 * Where a trainer writes its outputs (confusion matrix, samples, weights). In a Node worker it is
 * the trial folder; in a browser GPU worker's page each write becomes a message to the worker
 * process, which writes the same file there. Trainers never touch a file system themselves, so the
 * same trainer code runs in both places.
 */
export interface TrialFiles {
  /** Writes `path` (relative, '/'-separated) under the trial folder, replacing it whole. */
  write(path: string, data: string | Uint8Array): Promise<void>
  /** The same, under the sub-folder `dir` (one per cross-validation fold). */
  sub(dir: string): TrialFiles
}

/**
 * `path` if it is a plain relative path that stays inside the folder (no `..`, no absolute path,
 * no backslash, no empty or dot segment); throws otherwise. Paths arriving from a page are checked
 * with it before anything is written.
 */
export function checkRelativePath(path: string): string {
  const parts = path.split('/')
  const bad = path === '' || path.includes('\\') || path.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')
  if (bad) throw new Error(`output path ${JSON.stringify(path)} must be a relative path inside the trial folder`)
  return path
}

/** A TrialFiles that prefixes every path with `dir/` (for `sub`). */
export function prefixedFiles(write: (path: string, data: string | Uint8Array) => Promise<void>, dir = ''): TrialFiles {
  const join = (p: string) => checkRelativePath(dir ? `${dir}/${p}` : p)
  return {
    write: (path, data) => write(join(path), data),
    sub: (sub) => prefixedFiles(write, join(sub)),
  }
}
