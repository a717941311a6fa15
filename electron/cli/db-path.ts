import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import envPaths from 'env-paths'
import { SweeplabError } from '../../shared/errors.ts'

/** File name of the default workspace inside the per-user data folder. */
export const DEFAULT_DB_FILE = 'workspace.db'

/**
 * The workspace database: `--db` (relative to the working directory), else `SWEEPLAB_DB`, else
 * `<user data dir>/sweeplab/workspace.db` (~/.local/share on Linux, ~/Library/Application Support
 * on macOS, %LOCALAPPDATA%\sweeplab\Data on Windows). The CLI, the server and the app share it.
 */
export function resolveDbPath(
  opts: { db?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (opts.db) return resolve(opts.db)
  if (env.SWEEPLAB_DB) return resolve(env.SWEEPLAB_DB)
  // suffix '' because env-paths otherwise appends '-nodejs' to the folder name.
  return join(envPaths('sweeplab', { suffix: '' }).data, DEFAULT_DB_FILE)
}

/**
 * Refuses a workspace path no command can use before anything opens it: a directory (a common
 * `--db` slip: the folder instead of the file), and for commands that only read a workspace
 * (`mustExist`), a file that is not there, so a mistyped `--db` never leaves an empty workspace
 * behind. Other stat failures are left to the store, which names them when it opens the file.
 */
export function checkWorkspacePath(dbPath: string, opts: { mustExist: boolean }): void {
  let isDirectory: boolean
  try {
    isDirectory = statSync(dbPath).isDirectory()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const missing = code === 'ENOENT' || code === 'ENOTDIR'
    if (missing && opts.mustExist) throw new SweeplabError('usage', `no workspace at ${dbPath} (run a sweep first, or check --db / SWEEPLAB_DB)`)
    return
  }
  if (isDirectory) throw new SweeplabError('usage', `${dbPath} is a directory; --db takes the workspace's .db file`)
}
