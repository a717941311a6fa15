import { readFile, realpath, stat } from 'node:fs/promises'
import { sep } from 'node:path'
import { contentTypeFor, resolveStaticPath } from '../server/static-files.ts'
import { APP_HOST } from './app-origin.ts'
import { APP_SECURITY_HEADERS } from './security-policy.ts'

/**
 * The handler for `app://sweeplab/…` (registered with `protocol.handle`): serves the built renderer
 * folder and nothing else, with the same security headers as browser mode. Only GET and HEAD; the
 * path rules (no `..`, no NUL, no symlink out of the folder, no directory listing) are the
 * browser-mode server's own.
 */
export function createAppProtocolHandler(rootDir: string): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return textResponse(405, 'method not allowed')
    const url = new URL(req.url)
    if (url.host !== APP_HOST) return textResponse(404, 'not found')
    const file = resolveStaticPath(rootDir, url.pathname)
    if (!file) return textResponse(404, 'not found')
    try {
      const [real, realRoot] = await Promise.all([realpath(file), realpath(rootDir)])
      if (!real.startsWith(realRoot + sep) || !(await stat(real)).isFile()) return textResponse(404, 'not found')
      const body = await readFile(real)
      return new Response(req.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: { ...APP_SECURITY_HEADERS, 'Content-Type': contentTypeFor(real), 'Content-Length': String(body.length), 'Cache-Control': 'no-cache' },
      })
    } catch {
      // Missing or unreadable: the page sees a 404 like any missing asset; nothing outside the folder is named.
      return textResponse(404, 'not found')
    }
  }
}

function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { ...APP_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } })
}
