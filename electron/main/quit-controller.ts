/**
 * running: the app works normally; confirming: the "stop running sweeps?" dialog is open;
 * stopping: the engine is shutting down; exited: `exit` was called.
 */
export type QuitPhase = 'running' | 'confirming' | 'stopping' | 'exited'

export interface QuitDeps {
  /** Sweeps this app's engine is running now. */
  activeSweepIds(): ReadonlyArray<number>
  /** Asks whether to stop them; resolves true for "Stop and Quit". */
  confirmStop(sweepIds: ReadonlyArray<number>): Promise<boolean>
  /** The engine's graceful shutdown: trials stopped and recorded as interrupted, store closed. */
  shutdown(): Promise<void>
  /** Ends the process (Electron's app.exit: no further before-quit). */
  exit(code: number): void
  /** Called once when stopping begins (save window state, say "Stopping…" in the title). */
  onStopping?(): void
  /** A failed or overdue shutdown; the process still exits, with code 1. */
  onError?(error: unknown): void
  /** Exit anyway after this long; the engine's own grace period is much shorter. Default 120 s. */
  shutdownTimeoutMs?: number
}

export interface QuitController {
  readonly phase: QuitPhase
  /**
   * The app wants to quit (`before-quit`, last window closed, a signal). Always holds the quit
   * (`preventDefault`) until the engine is down, asks first when sweeps are running and `ask` is
   * not false, and ignores requests while a dialog or a shutdown is already under way.
   */
  requestQuit(event?: { preventDefault(): void }, opts?: { ask?: boolean }): void
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 120_000

/** The quit decision as a small state machine, with Electron and the engine injected. */
export function createQuitController(deps: QuitDeps): QuitController {
  let phase: QuitPhase = 'running'

  async function stop(): Promise<void> {
    phase = 'stopping'
    let code = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      deps.onStopping?.()
      const limit = deps.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS
      const overdue = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the engine did not shut down within ${Math.round(limit / 1000)} s; exiting anyway`)), limit)
      })
      await Promise.race([deps.shutdown(), overdue])
    } catch (e) {
      code = 1
      deps.onError?.(e)
    } finally {
      clearTimeout(timer)
    }
    phase = 'exited'
    deps.exit(code)
  }

  async function confirmThenStop(ids: ReadonlyArray<number>): Promise<void> {
    phase = 'confirming'
    let ok: boolean
    try {
      ok = await deps.confirmStop(ids)
    } catch (e) {
      // A dialog that cannot be shown must not leave the app unable to quit or stuck half-way.
      deps.onError?.(e)
      ok = false
    }
    // A signal may have started the shutdown while the dialog was open; its answer no longer matters.
    if (phase !== 'confirming') return
    if (ok) await stop()
    else phase = 'running'
  }

  return {
    get phase() {
      return phase
    },
    requestQuit(event, opts = {}) {
      if (phase === 'exited') return
      event?.preventDefault()
      if (phase === 'stopping') return
      if (phase === 'confirming') {
        if (opts.ask === false) void stop()
        return
      }
      let ids: ReadonlyArray<number>
      try {
        ids = deps.activeSweepIds()
      } catch (e) {
        // Nothing to ask about if the engine cannot say; quitting must still work.
        deps.onError?.(e)
        ids = []
      }
      if (ids.length > 0 && opts.ask !== false) void confirmThenStop(ids)
      else void stop()
    },
  }
}

/** The dialog's text: how many sweeps, what happens to their trials, and how to continue them. */
export function quitConfirmation(sweepIds: ReadonlyArray<number>): { message: string; detail: string; buttons: [string, string] } {
  const n = sweepIds.length
  const which = `${n === 1 ? 'sweep' : 'sweeps'} ${sweepIds.map((id) => `#${id}`).join(', ')}`
  return {
    message: n === 1 ? '1 sweep is running. Stop it and quit?' : `${n} sweeps are running. Stop them and quit?`,
    detail:
      `The running trials of ${which} are stopped and marked interrupted; their metrics and logs so far are kept. ` +
      `Continue later with Resume on the sweep's page, or \`sweeplab resume ${n === 1 ? sweepIds[0] : '<sweep id>'}\` in a terminal.`,
    buttons: ['Stop and Quit', 'Cancel'],
  }
}
