import { formatLocation, isSweeplabError } from '../../shared/errors.ts'
import type { SweepStatus } from '../../shared/status.ts'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/**
 * Bad usage or bad input (2) versus a failure of the work itself (1), by the error's code area.
 * An unknown sweep or trial id is bad input too: the user typed an id that is not there.
 */
export function exitCodeForError(e: unknown): number {
  if (!isSweeplabError(e)) return EXIT_FAILED
  const c = e.code
  if (c === 'sweep/not-found' || c === 'trial/not-found' || c === 'artifact/not-found') return EXIT_USAGE
  if (c === 'sweep/edit-refused' || c.startsWith('rerun/')) return EXIT_USAGE
  // A write asked of a read-only workspace (`--read-only rm 3`) is a usage mistake, not a failed command.
  return c === 'usage' || c.startsWith('spec/') || c.startsWith('io/') || c.startsWith('dataset/') || c.startsWith('retrain/') || c === 'workspace/read-only' ? EXIT_USAGE : EXIT_FAILED
}

/** 0 only for a sweep that finished all its trials; anything that stopped short is 1. */
export function exitCodeForSweep(status: SweepStatus): number {
  return status === 'completed' ? EXIT_OK : EXIT_FAILED
}

/**
 * What the user sees for an error: a SweeplabError's message (its located problems added when
 * the message does not already list them), no stack; anything else gets a hint about --verbose.
 */
export function formatCliError(e: unknown, verbose: boolean): string {
  if (isSweeplabError(e)) {
    const missing = (e.details?.problems ?? []).map(formatLocation).filter((line) => !e.message.includes(line))
    const text = [e.message, ...missing.map((l) => `  ${l}`)].join('\n')
    return `error: ${text}${verbose && e.stack ? `\n${stackOnly(e.stack)}` : ''}`
  }
  const err = e instanceof Error ? e : new Error(String(e))
  if (verbose) return `error: ${err.stack ?? err.message}`
  return `error: ${err.message} (run with --verbose for the stack)`
}

function stackOnly(stack: string): string {
  return stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n')
}
