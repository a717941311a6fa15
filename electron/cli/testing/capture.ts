import { closeSync, mkdirSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliContext, StopSignal } from '../context.ts'
import { FakeEngine } from './fake-engine.ts'

/**
 * The workspace a test CLI points at by default (SWEEPLAB_DB). A real, empty file: read commands
 * refuse a workspace that does not exist, and a FakeEngine never creates one.
 */
export const TEST_DB = join(tmpdir(), 'sweeplab-cli-test', 'workspace.db')

function ensureTestDb(): void {
  mkdirSync(join(TEST_DB, '..'), { recursive: true })
  closeSync(openSync(TEST_DB, 'a'))
}

/** A writable that keeps what was written; `text` is everything so far. */
export interface CapturedStream {
  write(chunk: string, cb?: (err?: Error | null) => void): boolean
  readonly text: string
  columns?: number
}

export function captureStream(): CapturedStream {
  let text = ''
  return {
    write(chunk, cb) {
      text += chunk
      cb?.()
      return true
    },
    get text() {
      return text
    },
  }
}

export interface TestCli {
  ctx: CliContext
  stdout: CapturedStream
  stderr: CapturedStream
  /** Every engine the commands opened, in order. */
  engines: FakeEngine[]
  /** Sends SIGINT/SIGTERM to the handlers the command installed. */
  signal(s: StopSignal): void
  /** The questions the command asked (only with `answers`). */
  questions: string[]
}

/**
 * A context for driving commands in-process: captured streams, a fixed clock, no real signals,
 * and a FakeEngine per command (`setup` scripts each one before the command sees it).
 */
export function createTestCli(opts: {
  isTTY?: boolean
  env?: Record<string, string>
  setup?: (e: FakeEngine) => void
  /** Answers typed at a terminal, in order (null = Ctrl-C/Ctrl-D); absent: stdin is not a terminal. */
  answers?: Array<string | null>
} = {}): TestCli {
  ensureTestDb()
  const stdout = captureStream()
  const stderr = captureStream()
  const engines: FakeEngine[] = []
  const handlers = new Set<(s: StopSignal) => void>()
  const questions: string[] = []
  const answers = opts.answers ? [...opts.answers] : undefined
  const ctx: CliContext = {
    engineFactory(o) {
      const e = new FakeEngine(o)
      opts.setup?.(e)
      engines.push(e)
      return e
    },
    stdout,
    stderr,
    isTTY: opts.isTTY ?? false,
    env: { SWEEPLAB_DB: TEST_DB, ...opts.env },
    onSignal(h) {
      handlers.add(h)
      return () => handlers.delete(h)
    },
    now: () => Date.UTC(2026, 0, 2, 5, 4, 5),
    ...(answers
      ? {
          ask: async (question: string) => {
            questions.push(question)
            if (answers.length === 0) throw new Error(`unexpected question: ${question}`)
            return answers.shift() ?? null
          },
        }
      : {}),
  }
  return { ctx, stdout, stderr, engines, questions, signal: (s) => handlers.forEach((h) => h(s)) }
}
