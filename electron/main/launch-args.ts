import { resolve } from 'node:path'
import { isSweepFileName } from './sweep-file.ts'

export interface LaunchArgs {
  /** Sweep files named on the command line, absolute, in order. */
  files: string[]
  /** `--db <path>` / `--db=<path>`, absolute: the workspace, as for the CLI. */
  db?: string
  /** `--read-only`: open the workspace without ever writing it (File → Open Workspace Read-Only… relaunches with it). */
  readOnly?: boolean
}

/**
 * Reads what Sweeplab cares about from a command line: ours at start-up (`process.argv`) or a
 * second instance's (`second-instance`). argv[0] is the executable; the app path (`.` under
 * `electron .`) and the switches Chromium adds (`--original-process-start-time=…`) are skipped,
 * since they are neither a sweep file nor `--db`. Relative paths resolve against `cwd`, the
 * directory the command ran in.
 */
export function parseLaunchArgs(argv: ReadonlyArray<string>, cwd: string): LaunchArgs {
  const out: LaunchArgs = { files: [] }
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--db' && i + 1 < argv.length) out.db = resolve(cwd, argv[++i]!)
    else if (arg.startsWith('--db=') && arg.length > 5) out.db = resolve(cwd, arg.slice(5))
    else if (arg === '--read-only') out.readOnly = true
    else if (!arg.startsWith('-') && isSweepFileName(arg)) out.files.push(resolve(cwd, arg))
  }
  return out
}
