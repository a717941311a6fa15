import { createReadStream, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
}

export interface PageServer {
  /** http://127.0.0.1:<port>/index.html */
  readonly url: string
  close(): Promise<void>
}

/**
 * Serves the built worker page from `dir` on 127.0.0.1 (GET/HEAD only, no listing, nothing outside
 * `dir`). A page needs http rather than file:// — Chromium refuses module scripts from origin null
 * (PLATFORM.md §3) — and loopback is a secure context, which WebGPU requires.
 */
export function servePage(dir: string): Promise<PageServer> {
  const root = normalize(dir + sep)
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    let rel: string
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      res.writeHead(400).end()
      return
    }
    const file = normalize(join(root, rel === '/' ? 'index.html' : rel))
    let size: number
    try {
      if (!file.startsWith(root)) throw new Error('outside')
      const st = statSync(file)
      if (!st.isFile()) throw new Error('not a file')
      size = st.size
    } catch {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      if (addr === null || typeof addr === 'string') return reject(new Error('the page server has no port'))
      resolve({
        url: `http://127.0.0.1:${addr.port}/index.html`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })
    })
  })
}
