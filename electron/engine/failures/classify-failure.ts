import { assertNever } from '../../../shared/errors.ts'
import type { FailureReason } from '../../../shared/failure-reasons.ts'
import type { TrialStatus } from '../../../shared/status.ts'

export interface FailureInput {
  status: TrialStatus
  exitCode: number | null
  signal: string | null
  /** The trial's error: for a failed command, its exit and last output lines; for a trainer, its exception. */
  error: string | null
  /** What the runner knew (it never started, the trainer threw); the status decides when absent. */
  hint?: FailureReason
  prunedAtStep?: number | null
}

export interface Failure {
  reason: FailureReason
  /** One line a person reads in a table. */
  note: string
}

/**
 * Messages that mean the process ran out of memory, as the usual runtimes print them last. Only the
 * trial's last output lines (in its error) are searched, so a script that merely logs about memory
 * earlier on is not mistaken for one that died of it.
 */
export const OOM_MESSAGES: ReadonlyArray<{ pattern: RegExp; source: string }> = [
  { pattern: /CUDA out of memory/i, source: 'PyTorch' },
  { pattern: /OutOfMemoryError/, source: 'PyTorch / JVM' },
  { pattern: /ResourceExhaustedError|OOM when allocating/, source: 'TensorFlow' },
  { pattern: /JavaScript heap out of memory/, source: 'Node' },
  { pattern: /std::bad_alloc/, source: 'C++' },
  { pattern: /\bMemoryError\b/, source: 'Python' },
  { pattern: /Cannot allocate memory|\bENOMEM\b/, source: 'the OS' },
  { pattern: /\bout of memory\b/i, source: 'the runtime' },
  // TF.js names its allocation failures just "OOM"; upper case and whole word, so "room" never counts.
  { pattern: /\bOOM\b/, source: 'TF.js' },
]

/** 128 + 9: a shell reports a child killed by SIGKILL this way, and the OOM killer sends SIGKILL. */
const EXIT_SIGKILL = 137
const NOTE_MAX = 240

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > NOTE_MAX ? `${one.slice(0, NOTE_MAX)}…` : one
}

function firstLine(text: string | null): string | null {
  if (text === null) return null
  const line = text.split('\n').find((l) => l.trim() !== '')
  return line === undefined ? null : clip(line)
}

/** The trial's last output line, from a command's error (`exit code 3; last output:\n…`). */
function lastOutputLine(error: string | null): string | null {
  if (error === null) return null
  const at = error.indexOf('last output:\n')
  if (at < 0) return null
  const lines = error.slice(at + 'last output:\n'.length).split('\n').filter((l) => l.trim() !== '')
  return lines.length ? clip(lines[lines.length - 1]!) : null
}

function findOom(input: FailureInput): string | null {
  if (input.exitCode === EXIT_SIGKILL) return `exit code 137 (killed by SIGKILL, usually the kernel's out-of-memory killer)`
  if (input.signal === 'SIGKILL') return `killed by SIGKILL, which Sweeplab did not send (usually the kernel's out-of-memory killer)`
  if (input.error === null) return null
  const lines = input.error.split('\n')
  // The last message wins: a traceback ends with the error that killed the process.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!
    for (const m of OOM_MESSAGES) if (m.pattern.test(line)) return `${m.source}: ${clip(line)}`
  }
  return null
}

/**
 * Why a trial that ended did not complete, and one line that says so (null for a completed trial).
 * Stops Sweeplab made (timeout, pruned, cancelled, interrupted) keep their status's reason; a failure
 * is out of memory when the exit code, the signal or the last output says so, and otherwise what
 * the runner knew or how the process ended.
 */
export function classifyFailure(input: FailureInput): Failure | null {
  const { status } = input
  switch (status) {
    case 'completed':
    case 'queued':
    case 'running':
      return null
    case 'diverged':
      return { reason: 'nan_metric', note: clip((input.error ?? 'a metric was NaN or infinite').replace(/^non-finite metric: /, 'non-finite metric ')) }
    case 'timeout':
      return { reason: 'timeout', note: firstLine(input.error) ?? 'exceeded its timeout' }
    case 'pruned':
      return { reason: 'pruned', note: input.prunedAtStep != null ? `stopped by early termination at step ${input.prunedAtStep}` : 'stopped by early termination' }
    case 'cancelled':
      return { reason: 'cancelled', note: firstLine(input.error) ?? 'cancelled' }
    case 'interrupted':
      return { reason: 'interrupted', note: firstLine(input.error) ?? 'the engine stopped before the trial ended' }
    case 'failed':
    case 'crashed': {
      const oom = findOom(input)
      if (oom !== null) return { reason: 'oom', note: `out of memory: ${oom}` }
      if (input.hint !== undefined) return { reason: input.hint, note: firstLine(input.error) ?? input.hint }
      if (status === 'crashed') return { reason: 'worker_crash', note: firstLine(input.error) ?? 'the worker process died' }
      if (input.signal !== null) return { reason: 'signal', note: withLastLine(`killed by signal ${input.signal}`, input.error) }
      if (input.exitCode !== null && input.exitCode !== 0) return { reason: 'nonzero_exit', note: withLastLine(`exit code ${input.exitCode}`, input.error) }
      // A built-in trainer that threw (it has no exit code).
      return { reason: 'trainer_error', note: firstLine(input.error) ?? 'the trainer failed' }
    }
    default:
      return assertNever(status, 'trial status')
  }
}

function withLastLine(what: string, error: string | null): string {
  const last = lastOutputLine(error)
  return last === null ? what : clip(`${what}; last output: ${last}`)
}
