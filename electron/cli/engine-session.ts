import type { Engine, EngineOptions } from '../engine/engine-types.ts'
import type { CliContext } from './context.ts'
import { checkWorkspacePath, resolveDbPath } from './db-path.ts'
import { SweeplabError } from '../../shared/errors.ts'

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  db?: string
  verbose?: boolean
  /** `--browser-gpu-workers <count>` */
  browserGpuWorkers?: string
  /** `--read-only`: open an existing workspace without ever writing it. */
  readOnly?: boolean
}

/** Pages asked for by --browser-gpu-workers (0 without it); a bad count is a usage error. */
export function browserWorkerCount(flag: string | undefined): number {
  if (flag === undefined) return 0
  const n = Number(flag)
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new SweeplabError('usage', `--browser-gpu-workers takes a count from 1 to 16, got "${flag}"`)
  return n
}

/** An open engine plus a shutdown that may be asked for more than once (signals, then the normal end). */
export interface EngineSession {
  readonly engine: Engine
  /** Whether a shutdown was asked for: after it the store is closed, so read nothing more. */
  readonly stopping: boolean
  shutdown(opts?: { graceMs?: number; reason?: string }): Promise<void>
}

/** Engine options a command may set, plus whether the workspace must already exist. */
export type SessionOptions = Partial<Omit<EngineOptions, 'dbPath' | 'log'>> & {
  /** Commands that only read or act on existing sweeps (ls, show, export, cancel): never create a workspace. */
  mustExist?: boolean
}

/**
 * Opens the engine on the resolved workspace, runs `fn`, and always shuts the engine down,
 * once, unless `fn` already did (a signal handler may have).
 */
export async function withEngine<T>(
  ctx: CliContext,
  globals: GlobalOptions,
  opts: SessionOptions,
  fn: (session: EngineSession) => Promise<T>,
): Promise<T> {
  const { mustExist = false, ...extra } = opts
  const dbPath = resolveDbPath(globals, ctx.env)
  const readOnly = globals.readOnly === true
  // A read-only workspace is never created: a mistyped path is an error, not an empty file.
  checkWorkspacePath(dbPath, { mustExist: mustExist || readOnly })
  const log = globals.verbose ? (m: string): void => void ctx.stderr.write(`[engine] ${m}\n`) : undefined
  const browserWorkers = browserWorkerCount(globals.browserGpuWorkers)
  const engine = await ctx.engineFactory({ dbPath, ...extra, ...(log ? { log } : {}), ...(browserWorkers ? { browserWorkers } : {}), ...(readOnly ? { readOnly } : {}) })
  let pending: Promise<void> | undefined
  const session: EngineSession = {
    engine,
    get stopping() {
      return pending !== undefined
    },
    shutdown(opts) {
      // A second request (Ctrl-C twice) is passed on so it can cut the grace short; the engine
      // settles both calls when it is down.
      const p = engine.shutdown(opts)
      pending = pending ? Promise.all([pending, p]).then(() => undefined) : p
      return pending
    },
  }
  let result: T
  try {
    result = await fn(session)
  } catch (e) {
    // The command's own error is the one to report; a failing shutdown after it would hide it.
    await (pending ?? session.shutdown()).catch(() => undefined)
    throw e
  }
  await (pending ?? session.shutdown())
  return result
}
