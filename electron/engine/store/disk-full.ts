/**
 * Whether a write failed because the file system is out of space: SQLite reports SQLITE_FULL
 * (it maps ENOSPC and EDQUOT to it), plain fs calls ENOSPC/EDQUOT. Busy or locked errors are not
 * this: those pass by themselves, a full disk only when someone frees space.
 */
export function isDiskFullError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT'
}

/** The one message the engine gives for a full disk: what, where, and what to do. */
export function diskFullMessage(dbPath: string, e: unknown): string {
  const why = e instanceof Error ? e.message : String(e)
  return `disk full: cannot write to ${dbPath} (${why}); no new trials were started and everything already saved is kept; free space on that disk, then resume the sweep`
}
