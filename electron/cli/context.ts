import type { Engine, EngineOptions } from '../engine/engine-types.ts'
import { askLine } from './ask-line.ts'
import { guardOutput } from './guarded-output.ts'

/** The part of a writable stream the CLI uses; `columns` is the terminal width when known. */
export interface OutputStream {
  write(chunk: string, cb?: (err?: Error | null) => void): unknown
  columns?: number
  /** True once the reader went away (EPIPE): writes are dropped from then on. */
  readonly closed?: boolean
}

export type StopSignal = 'SIGINT' | 'SIGTERM'

/**
 * Everything a command touches outside its own code, injected so tests drive commands
 * in-process with a fake engine and captured output.
 */
export interface CliContext {
  engineFactory(opts: EngineOptions): Engine | Promise<Engine>
  stdout: OutputStream
  stderr: OutputStream
  /** Whether stdout is a terminal: live progress bar and colors, else plain lines. */
  isTTY: boolean
  env: Readonly<Record<string, string | undefined>>
  /** Subscribes to SIGINT/SIGTERM; returns the unsubscribe. Absent: signals are not handled. */
  onSignal?(handler: (signal: StopSignal) => void): () => void
  /**
   * Subscribes to stdout losing its reader (`sweeplab run f | head -3`, EPIPE); returns the
   * unsubscribe. run and resume then stop as on SIGTERM. Absent: never reported.
   */
  onStdoutClosed?(handler: () => void): () => void
  now?(): number
  /**
   * Asks the person at the terminal one question and resolves with the line typed, or null when
   * they gave none (Ctrl-C, Ctrl-D). Absent when stdin is not a terminal: nobody can answer, so
   * commands that need a confirmation ask for a flag instead.
   */
  ask?(question: string): Promise<string | null>
}

/** The context of a real terminal session: process streams and signals, the real engine. */
export function createProcessContext(): CliContext {
  // Guarded so a reader that goes away (`| head`) never crashes the process with an unhandled EPIPE.
  const stdout = guardOutput(process.stdout)
  return {
    // Imported lazily so `--help` and argument errors never load SQLite or the scheduler.
    engineFactory: async (opts) => {
      const { createEngine } = await import('../engine/engine.ts')
      if (!opts.browserWorkers || opts.browserHost) return createEngine(opts)
      // --browser-gpu-workers: pages in a headless Chromium (Playwright), closed once the engine is down.
      const { createChromiumHost } = await import('../engine/workers/browser/chromium-host.ts')
      const host = await createChromiumHost()
      let engine: Engine
      try {
        engine = createEngine({ ...opts, browserHost: host })
      } catch (e) {
        await host.close()
        throw e
      }
      const shutdown = engine.shutdown
      engine.shutdown = async (o) => {
        try {
          await shutdown(o)
        } finally {
          await host.close()
        }
      }
      return engine
    },
    stdout,
    stderr: guardOutput(process.stderr),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    onSignal(handler) {
      const onInt = (): void => handler('SIGINT')
      const onTerm = (): void => handler('SIGTERM')
      process.on('SIGINT', onInt)
      process.on('SIGTERM', onTerm)
      return () => {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
      }
    },
    onStdoutClosed: (handler) => stdout.onClose(handler),
    now: Date.now,
    ...(process.stdin.isTTY ? { ask: (question: string) => askLine(process.stdin, process.stderr, question) } : {}),
  }
}
