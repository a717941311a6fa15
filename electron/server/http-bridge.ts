import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dispatchApiCall } from '../../shared/api/dispatch.ts'
import type { SweeplabApi, SweeplabEvent, WireRequest, WireResponse } from '../../shared/api/contract.ts'
import { openEventStream } from './event-stream.ts'
import { readBody } from './read-body.ts'
import { SECURITY_HEADERS, authenticate, cookieName, hostAllowed, newToken, originAllowed, sendText } from './security.ts'
import { serveStatic } from './static-files.ts'

/** What the bridge needs of the engine: the API and its event feed (structural, so tests may fake it). */
export type BridgeEngine = SweeplabApi & { subscribe(cb: (ev: SweeplabEvent) => void): () => void }

export interface HttpBridgeOptions {
  engine: BridgeEngine
  /** The built renderer (`out/renderer`); without it only the API is served. */
  staticDir?: string
  /** Fixed token (tests); by default a fresh random 32-byte hex token. */
  token?: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Skips the loopback Host check; only for a deliberately non-loopback --host. */
  allowRemote?: boolean
  maxBodyBytes?: number
  /** SSE heartbeat interval (tests shorten it). */
  heartbeatMs?: number
}

export interface HttpBridge {
  /** Base URL without the token, e.g. http://127.0.0.1:5123 */
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

function isWireRequest(x: unknown): x is WireRequest {
  return typeof x === 'object' && x !== null && typeof (x as WireRequest).id === 'number' && typeof (x as WireRequest).method === 'string'
}

function sendJson(res: ServerResponse, body: WireResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

function badPayload(id: number, message: string): WireResponse {
  return { id, ok: false, error: { code: 'api/bad-payload', message } }
}

/** Formats a listening address for a URL; an unspecified address is reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

/**
 * Serves the API (POST /api/call, SSE /api/events) and the built renderer over HTTP. Every request
 * must pass, in order: the Host check (DNS rebinding), the Origin check (other sites), the method,
 * then the token (query on first load → cookie, or a Bearer header).
 */
export async function createHttpBridge(opts: HttpBridgeOptions): Promise<HttpBridge> {
  const { engine, staticDir, host = '127.0.0.1', port = 0, allowRemote = false, maxBodyBytes = 10_000_000 } = opts
  const token = opts.token ?? newToken()
  const streams = new Set<() => void>()
  let boundPort = 0

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBodyBytes)
    if (!body.ok) {
      if (body.reason === 'too-large') {
        // Close the connection so the rest of the body is never read.
        sendText(res, 413, `request body over ${maxBodyBytes} bytes`, { Connection: 'close' })
        res.on('finish', () => req.destroy())
      } else res.destroy()
      return
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(body.text)
    } catch {
      return sendJson(res, badPayload(-1, 'request body is not JSON'))
    }
    if (!isWireRequest(parsed)) return sendJson(res, badPayload(-1, 'malformed request: expected { id, method, args }'))
    sendJson(res, await dispatchApiCall(engine, parsed))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    const hostHeader = req.headers.host
    if (!allowRemote && !hostAllowed(hostHeader, boundPort)) return sendText(res, 421, 'wrong Host header: open the URL sweeplab serve printed')
    if (!originAllowed(req.headers.origin, hostHeader)) return sendText(res, 403, 'cross-origin request refused')
    const url = new URL(req.url ?? '/', 'http://localhost')
    const rawPath = (req.url ?? '/').split('?')[0]!
    const isApi = rawPath === '/api' || rawPath.startsWith('/api/')
    if (isApi) res.setHeader('Cache-Control', 'no-store')
    if (req.method !== 'GET' && req.method !== 'POST') return sendText(res, 405, 'method not allowed', { Allow: 'GET, POST' })
    const source = authenticate(req, url, token, boundPort)
    if (!source) return sendText(res, 401, 'missing or wrong token: open the URL with ?token= that sweeplab serve printed')

    if (rawPath === '/api/call') {
      if (req.method !== 'POST') return sendText(res, 405, 'use POST', { Allow: 'POST' })
      return handleCall(req, res)
    }
    if (rawPath === '/api/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'use GET', { Allow: 'GET' })
      const end = openEventStream(req, res, (cb) => engine.subscribe(cb), opts.heartbeatMs)
      streams.add(end)
      req.on('close', () => streams.delete(end))
      return
    }
    if (isApi) return sendText(res, 404, 'no such API endpoint')
    if (req.method !== 'GET') return sendText(res, 405, 'use GET', { Allow: 'GET' })
    if (source === 'query') {
      // Trade the token in the address bar for a cookie the page's scripts cannot read, and drop it
      // from the URL so it stays out of history.
      url.searchParams.delete('token')
      res.setHeader('Set-Cookie', `${cookieName(boundPort)}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      res.writeHead(303, { Location: `${rawPath}${url.search}` })
      res.end()
      return
    }
    if (!staticDir) return sendText(res, 404, 'not found (the renderer is not built: npm run build)')
    return serveStatic(staticDir, rawPath, res)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`)
      else res.destroy()
    })
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(port, host, () => {
      server.off('error', fail)
      ok()
    })
  })
  boundPort = (server.address() as AddressInfo).port
  return {
    url: `http://${urlHost(host)}:${boundPort}`,
    token,
    close() {
      for (const end of streams) end()
      streams.clear()
      return new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      })
    },
  }
}
