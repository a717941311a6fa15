import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SweeplabEvent } from '../../shared/api/contract.ts'

export const HEARTBEAT_MS = 15_000

/**
 * Streams engine events to one client as server-sent events. The first comment tells the client
 * the subscription is live; heartbeats keep proxies and idle timers from closing the stream.
 * Returns a function that ends the stream (used when the server closes).
 */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  subscribe: (cb: (ev: SweeplabEvent) => void) => () => void,
  heartbeatMs = HEARTBEAT_MS,
): () => void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
  let closed = false
  const off = subscribe((ev) => {
    if (!closed) res.write(`data: ${JSON.stringify(ev)}\n\n`)
  })
  res.write(': connected\n\n')
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs)
  heartbeat.unref()
  const end = (): void => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    off()
    res.end()
  }
  req.on('close', end)
  res.on('error', end)
  return end
}
