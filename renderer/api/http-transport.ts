import type { SweeplabEvent, Transport, WireResponse } from '../../shared/api/contract.ts'

/** Reconnect delays for the event stream: doubled after each failure, reset once it opens. */
const FIRST_RETRY_MS = 500
const MAX_RETRY_MS = 15_000

/**
 * The browser-mode transport: API calls are POSTs to /api/call and events come from the
 * /api/events stream. Auth rides on the HttpOnly cookie set on the first page load, so this code
 * never sees the token.
 */
export function createHttpTransport(baseUrl = ''): Transport {
  const listeners = new Set<(ev: SweeplabEvent) => void>()
  let source: EventSource | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let delay = FIRST_RETRY_MS

  function connect(): void {
    const es = new EventSource(`${baseUrl}/api/events`, { withCredentials: baseUrl !== '' })
    source = es
    es.onopen = () => {
      delay = FIRST_RETRY_MS
    }
    es.onmessage = (msg: MessageEvent<string>) => {
      let ev: SweeplabEvent
      try {
        ev = JSON.parse(msg.data) as SweeplabEvent
      } catch {
        return
      }
      for (const l of listeners) l(ev)
    }
    es.onerror = () => {
      // EventSource gives up for good on an HTTP error (401 after a restart) and retries too eagerly
      // otherwise; reconnecting ourselves gives one backoff policy for both.
      es.close()
      if (source !== es) return
      source = undefined
      retryTimer = setTimeout(() => {
        retryTimer = undefined
        if (listeners.size > 0) connect()
      }, delay)
      delay = Math.min(delay * 2, MAX_RETRY_MS)
    }
  }

  function disconnect(): void {
    source?.close()
    source = undefined
    if (retryTimer !== undefined) clearTimeout(retryTimer)
    retryTimer = undefined
    delay = FIRST_RETRY_MS
  }

  return {
    async call(req) {
      let res: Response
      try {
        res = await fetch(`${baseUrl}/api/call`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(req),
        })
      } catch (e) {
        return { id: req.id, ok: false, error: { code: 'internal', message: `cannot reach the sweeplab server: ${e instanceof Error ? e.message : String(e)}` } }
      }
      // 401/403/413 come back as plain text, not an envelope: turn them into one so the client throws a coded error.
      if (!res.ok) return { id: req.id, ok: false, error: { code: 'internal', message: `HTTP ${res.status}: ${(await res.text()).trim()}` } }
      return (await res.json()) as WireResponse
    },
    subscribe(cb) {
      listeners.add(cb)
      if (!source && retryTimer === undefined) connect()
      return () => {
        listeners.delete(cb)
        if (listeners.size === 0) disconnect()
      }
    },
  }
}
