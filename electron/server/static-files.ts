import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import type { ServerResponse } from 'node:http'
import { sendText } from './security.ts'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file under `root` that a raw URL path names, or undefined when it is not allowed: encoded or
 * plain `..` segments, NUL, backslashes and malformed escapes are refused before touching the disk.
 */
export function resolveStaticPath(root: string, rawPath: string): string | undefined {
  if (/%00|\0/.test(rawPath)) return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg === '..')) return undefined
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = resolve(root)
  const full = resolve(base, rel)
  return full.startsWith(base + sep) ? full : undefined
}

/** Serves one file from `root`; directories are never listed and symlinks may not lead outside. */
export async function serveStatic(root: string, rawPath: string, res: ServerResponse): Promise<void> {
  const file = resolveStaticPath(root, rawPath)
  if (!file) return sendText(res, 404, 'not found')
  try {
    const [real, realRoot] = await Promise.all([realpath(file), realpath(root)])
    if (!real.startsWith(realRoot + sep)) return sendText(res, 404, 'not found')
    const info = await stat(real)
    if (!info.isFile()) return sendText(res, 404, 'not found')
    res.writeHead(200, { 'Content-Type': contentTypeFor(real), 'Content-Length': String(info.size) })
    createReadStream(real).on('error', () => res.destroy()).pipe(res)
  } catch {
    sendText(res, 404, 'not found')
  }
}
