import type { OutputStream } from './context.ts'

/** An output that outlives its reader: see `guardOutput`. */
export interface GuardedOutput extends OutputStream {
  readonly closed: boolean
  /** Calls `listener` once when the reader goes away; returns the unsubscribe. */
  onClose(listener: () => void): () => void
}

/**
 * Wraps stdout or stderr so that `sweeplab run sweep.yaml | head -3` does not die on an unhandled
 * EPIPE once `head` exits: the first write error marks the output closed, later writes are
 * dropped (their callbacks still run, so flushing at exit never hangs), and listeners hear of it.
 * Any error counts, not only EPIPE: a stream that failed once cannot be written to again.
 */
export function guardOutput(stream: NodeJS.WritableStream & { columns?: number }): GuardedOutput {
  let closed = false
  const listeners = new Set<() => void>()
  const close = (): void => {
    if (closed) return
    closed = true
    for (const l of [...listeners]) l()
    listeners.clear()
  }
  stream.on('error', close)
  return {
    get closed() {
      return closed
    },
    get columns() {
      return stream.columns
    },
    write(chunk, cb) {
      if (closed) {
        cb?.()
        return true
      }
      return stream.write(chunk, (err) => {
        if (err) close()
        cb?.()
      })
    },
    onClose(listener) {
      if (closed) {
        listener()
        return () => {}
      }
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
