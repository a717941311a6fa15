/**
 * Lets queued messages in (a cancel, a page's poll) between training steps. Node has
 * setImmediate; a page gets a MessageChannel post, because setTimeout(0) is clamped to 4 ms after
 * a few nested calls and to 1 s in a hidden window, which would stall a trial on every yield.
 */
type Resolve = () => void
/** The DOM's MessageChannel, as far as it is used here (Node's typings describe its own). */
interface DomChannel {
  port1: { onmessage: (() => void) | null }
  port2: { postMessage(v: unknown): void }
}

function channelYield(): () => Promise<void> {
  const waiting: Resolve[] = []
  const channel = new MessageChannel() as unknown as DomChannel
  channel.port1.onmessage = () => waiting.shift()?.()
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve)
      channel.port2.postMessage(0)
    })
}

export const yieldNow: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise<void>((r) => setImmediate(r)) : channelYield()
