import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Sent on every response: the renderer loads only its own scripts and talks only to this server.
 * **'unsafe-eval' is required**: Plotly's WebGL traces (parcoords, scattergl) run on regl, which
 * compiles its draw commands with `new Function`; without it Plotly shows its "WebGL is not
 * supported" fallback (checked in headless Chromium). No remote script can load ('self' only).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
}

export function newToken(): string {
  return randomBytes(32).toString('hex')
}

/** Cookies ignore ports, so two servers on one machine each get their own cookie name. */
export function cookieName(port: number): string {
  return `sweeplab_token_${port}`
}

/** Constant-time, so the token cannot be guessed a byte at a time from response timings. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export type TokenSource = 'query' | 'cookie' | 'header'

/** Where a valid token came from, or undefined when none of the three carries it. */
export function authenticate(req: IncomingMessage, url: URL, token: string, port: number): TokenSource | undefined {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7).trim(), token)) return 'header'
  if (tokenMatches(readCookie(req.headers.cookie, cookieName(port)), token)) return 'cookie'
  if (tokenMatches(url.searchParams.get('token') ?? undefined, token)) return 'query'
  return undefined
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/**
 * DNS-rebinding defence: a page on evil.example that rebinds its name to 127.0.0.1 still sends
 * `Host: evil.example`, so only loopback names with our port are answered.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && LOOPBACK_NAMES.some((n) => host.toLowerCase() === `${n}:${port}`)
}

/** Browsers send Origin on cross-site fetches and on POSTs; only our own origin may talk to us. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  return origin === undefined || (host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`)
}

export function sendText(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra })
  res.end(`${message}\n`)
}
