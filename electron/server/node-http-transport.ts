import type { SweeplabEvent, Transport, WireResponse } from '../../shared/api/contract.ts'

export interface HttpTarget {
  url: string
  token: string
}

/**
 * Reads a server-sent event stream from a fetch body (Node has no EventSource): calls `onEvent` for
 * each `data:` message and `onComment` for each `:` line.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (data: string) => void, onComment: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder()
  let buf = ''
  for await (const chunk of body) {
    buf += decoder.decode(chunk, { stream: true })
    let sep: number
    while ((sep = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, sep)
      buf = buf.slice(sep + 2)
      const data: string[] = []
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) onComment(line.slice(1).trim())
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      if (data.length > 0) onEvent(data.join('\n'))
    }
  }
}

/**
 * A Node-side Transport to `sweeplab serve` (tests, scripts), authenticated with a Bearer header.
 * Calls made while the event stream is connecting wait for it, so no event of theirs is missed.
 */
export function createNodeHttpTransport(target: HttpTarget | Promise<HttpTarget>): Transport {
  const ready = Promise.resolve(target)
  const listeners = new Set<(ev: SweeplabEvent) => void>()
  let stream: { abort: AbortController; connected: Promise<void> } | undefined

  function openStream(): void {
    const abort = new AbortController()
    const connected = (async () => {
      const { url, token } = await ready
      const res = await fetch(`${url}/api/events`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal })
      if (!res.ok || !res.body) throw new Error(`event stream refused: HTTP ${res.status}`)
      const body = res.body
      await new Promise<void>((live) => {
        readEventStream(
          body,
          (data) => listeners.forEach((l) => l(JSON.parse(data) as SweeplabEvent)),
          (text) => text === 'connected' && live(),
        ).catch(() => undefined).finally(live)
      })
    })().catch(() => undefined)
    stream = { abort, connected }
  }

  return {
    async call(req) {
      const { url, token } = await ready
      await stream?.connected
      const res = await fetch(`${url}/api/call`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(req),
      })
      if (!res.ok) return { id: req.id, ok: false, error: { code: 'internal', message: `HTTP ${res.status}: ${(await res.text()).trim()}` } }
      return (await res.json()) as WireResponse
    },
    subscribe(cb) {
      listeners.add(cb)
      if (!stream) openStream()
      return () => {
        listeners.delete(cb)
        if (listeners.size === 0 && stream) {
          stream.abort.abort()
          stream = undefined
        }
      }
    },
  }
}
