import type { IncomingMessage } from 'node:http'

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' }

/**
 * Reads a request body up to `maxBytes`. A declared Content-Length over the limit is refused before
 * reading a byte; a chunked body is refused as soon as it passes the limit.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too-large' })
  return new Promise((done) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > maxBytes) {
        req.off('data', onData)
        req.pause()
        done({ ok: false, reason: 'too-large' })
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => done({ ok: true, text: Buffer.concat(chunks).toString('utf8') }))
    req.on('error', () => done({ ok: false, reason: 'aborted' }))
  })
}
