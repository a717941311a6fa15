/** Messages handed to the IPC channel but not yet written; past this the trial's output is paused. */
export const MAX_UNSENT_MESSAGES = 8

type SendFn<M> = (msg: M, done: (err: Error | null) => void) => void

/**
 * The worker's side of the IPC channel with backpressure. `process.send` never refuses a message:
 * when the engine reads slower than a trial prints (200 MB of stdout), unsent messages pile up in
 * the worker's memory. `whenWritable()` lets the reader of the trial's pipes pause until the
 * channel drains, so the trial blocks on its own writes as it would on a slow terminal.
 */
export function createIpcOutbox<M>(sendFn: SendFn<M>, maxUnsent = MAX_UNSENT_MESSAGES) {
  let unsent = 0
  let waiters: Array<() => void> = []
  return {
    send(msg: M): void {
      unsent++
      sendFn(msg, () => {
        // An error means the channel closed: the worker exits on 'disconnect', nothing to retry.
        unsent--
        if (unsent <= maxUnsent / 2 && waiters.length > 0) {
          const wake = waiters
          waiters = []
          for (const w of wake) w()
        }
      })
    },
    /** null while the channel keeps up; else a promise that resolves once it has drained to half. */
    whenWritable(): Promise<void> | null {
      if (unsent < maxUnsent) return null
      return new Promise((resolve) => waiters.push(resolve))
    },
    get unsent(): number {
      return unsent
    },
  }
}
