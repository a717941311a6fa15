import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { FromWorker } from '../../workers/protocol.ts'

/** The file a Slurm job appends its worker's messages to, in the trial folder on the shared file system. */
export const STREAM_FILE = 'slurm-stream.jsonl'
/** The job spec the engine writes for `sweeplab worker --job`. */
export const JOB_FILE = 'job.json'

/**
 * One line of the stream: a worker message as it would cross IPC, or what the job's own wrapper
 * says: the node it runs on, and when it was stopped from outside (scancel, time limit, preemption)
 * or its worker died.
 */
export type StreamEntry =
  | FromWorker
  | { type: 'terminated'; signal: string; at: number }
  | { type: 'worker-exit'; code: number | null; signal: string | null; at: number }
  /** Where the job runs, written first: a trial that ends between two squeue polls still has its node. */
  | { type: 'node'; node: string; at: number }

/** Read at most this much per poll, so one chatty trial cannot stall the engine's event loop. */
const MAX_READ_BYTES = 8 << 20

/**
 * The complete lines written after byte `offset`, and the offset after the last of them. A line
 * still being written (no newline yet) is left for the next read, so nothing is parsed half.
 * A missing file reads as empty: the job may not have started, or NFS has not shown it yet.
 */
export function readNewLines(path: string, offset: number, maxBytes = MAX_READ_BYTES): { lines: string[]; offset: number } {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], offset }
    throw e
  }
  try {
    const size = fstatSync(fd).size
    if (size <= offset) return { lines: [], offset }
    const want = Math.min(size - offset, maxBytes)
    const buf = Buffer.alloc(want)
    const got = readSync(fd, buf, 0, want, offset)
    const end = buf.subarray(0, got).lastIndexOf(0x0a)
    if (end < 0) {
      // One line longer than a whole read: take it anyway rather than never advancing.
      if (got === maxBytes) return { lines: [buf.toString('utf8', 0, got)], offset: offset + got }
      return { lines: [], offset }
    }
    const text = buf.toString('utf8', 0, end)
    return { lines: text.split('\n').filter((l) => l !== ''), offset: offset + end + 1 }
  } finally {
    closeSync(fd)
  }
}

/** A stream line as an entry, or null for a line that is not one (reported by the caller). */
export function parseStreamLine(line: string): StreamEntry | null {
  try {
    const v = JSON.parse(line) as { type?: unknown }
    return v !== null && typeof v === 'object' && typeof v.type === 'string' ? (v as StreamEntry) : null
  } catch {
    return null
  }
}
