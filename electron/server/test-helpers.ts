import { request } from 'node:http'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import type { BridgeEngine } from './http-bridge.ts'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A request with full control of the headers (fetch refuses to set Host), for the security tests. */
export function rawRequest(url: string, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<RawResponse> {
  const u = new URL(url)
  return new Promise((done, fail) => {
    const req = request({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers ?? {} }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', fail)
    })
    // The server may close the socket after refusing a large body; the response already came back.
    req.on('error', fail)
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c)
    } else if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

/** Just enough of an engine for the bridge: two read methods and an event feed the test drives. */
export function fakeEngine(): BridgeEngine & { emit(ev: SweeplabEvent): void; readonly subscribers: number } {
  const listeners = new Set<(ev: SweeplabEvent) => void>()
  const engine = {
    listSweeps: async () => [],
    getEnvironment: async () => ({ fake: true }),
    subscribe(cb: (ev: SweeplabEvent) => void) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    emit: (ev: SweeplabEvent) => listeners.forEach((l) => l(ev)),
    get subscribers() {
      return listeners.size
    },
  }
  return engine as unknown as BridgeEngine & { emit(ev: SweeplabEvent): void; readonly subscribers: number }
}
