import { isSweepFileName } from './sweep-file.ts'

/** Workspace files the Open Workspace dialog offers. */
export const WORKSPACE_FILE_EXTENSIONS = ['db', 'sqlite', 'sqlite3'] as const

/**
 * The command line (without the executable) that restarts the app on another workspace: the
 * current one minus `--db`, `--read-only` and the sweep files it opened (they were opened once
 * already), plus `--db FILE` and `--read-only` when asked for. Null `db`: the default workspace.
 */
export function relaunchArgs(args: ReadonlyArray<string>, db: string | null, readOnly: boolean): string[] {
  const kept: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--db') {
      i++
      continue
    }
    if (arg.startsWith('--db=') || arg === '--read-only') continue
    if (!arg.startsWith('-') && isSweepFileName(arg)) continue
    kept.push(arg)
  }
  return [...kept, ...(db === null ? [] : ['--db', db]), ...(readOnly ? ['--read-only'] : [])]
}

/** The window title for a workspace, saying when it is read-only. */
export function workspaceTitle(appName: string, dbPath: string, readOnly: boolean): string {
  return readOnly ? `${appName} — read-only: ${dbPath}` : appName
}
