import { join, resolve } from 'node:path'
import envPaths from 'env-paths'

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
