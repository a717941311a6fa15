import { afterEach, describe, expect, it } from 'vitest'
import { createHttpBridge, type HttpBridge, type HttpBridgeOptions } from './http-bridge.ts'
import { readEventStream } from './node-http-transport.ts'
import { fakeEngine, rawRequest } from './test-helpers.ts'
import type { SweeplabEvent } from '../../shared/api/contract.ts'

const bridges: HttpBridge[] = []
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.close()))
})

async function start(opts: Partial<HttpBridgeOptions> = {}) {
  const engine = fakeEngine()
  const bridge = await createHttpBridge({ engine, ...opts })
  bridges.push(bridge)
  const port = new URL(bridge.url).port
  const host = `127.0.0.1:${port}`
  const auth = { Authorization: `Bearer ${bridge.token}` }
  const call = (body: string, headers: Record<string, string> = {}) =>
    rawRequest(bridge.url, { method: 'POST', path: '/api/call', headers: { ...auth, 'Content-Type': 'application/json', ...headers }, body })
  return { engine, bridge, port, host, auth, call }
}

const LIST = JSON.stringify({ id: 7, method: 'listSweeps', args: {} })

describe('createHttpBridge: the token', () => {
  it('is 32 random bytes in hex, different per server', async () => {
    const a = await start()
    const b = await start()
    expect(a.bridge.token).toMatch(/^[0-9a-f]{64}$/)
    expect(a.bridge.token).not.toBe(b.bridge.token)
    expect(a.bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('is required on every request: none or a wrong one is 401 with a plain message', async () => {
    const { bridge, call } = await start()
    for (const headers of [{ Authorization: '' }, { Authorization: `Bearer ${'0'.repeat(64)}` }, { Authorization: 'Bearer short' }]) {
      const res = await call(LIST, headers)
      expect(res.status).toBe(401)
      expect(res.headers['content-type']).toMatch(/^text\/plain/)
      expect(res.body).toMatch(/token/)
    }
    expect((await rawRequest(bridge.url, { path: '/' })).status).toBe(401)
    expect((await rawRequest(bridge.url, { path: '/api/events' })).status).toBe(401)
    expect((await rawRequest(bridge.url, { path: '/?token=nope' })).status).toBe(401)
  })

  it('accepts a Bearer header', async () => {
    const res = await (await start()).call(LIST)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ id: 7, ok: true, result: [] })
  })

  it('trades ?token= on the first load for an HttpOnly SameSite=Strict cookie, which then suffices', async () => {
    const { bridge, port } = await start()
    const first = await rawRequest(bridge.url, { path: `/sweeps?x=1&token=${bridge.token}` })
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/sweeps?x=1')
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toContain(`sweeplab_token_${port}=${bridge.token}`)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const cookieHeader = cookie.split(';')[0]!
    const res = await rawRequest(bridge.url, { method: 'POST', path: '/api/call', headers: { Cookie: `other=1; ${cookieHeader}` }, body: LIST })
    expect(JSON.parse(res.body)).toMatchObject({ ok: true })
    const stale = await rawRequest(bridge.url, { method: 'POST', path: '/api/call', headers: { Cookie: `sweeplab_token_${port}=${'f'.repeat(64)}` }, body: LIST })
    expect(stale.status).toBe(401)
  })
})

describe('createHttpBridge: other defences', () => {
  it('refuses an Origin other than its own with 403, even with the token', async () => {
    const { call, host } = await start()
    for (const origin of ['http://evil.example', 'null', `https://${host}`, 'http://127.0.0.1:1']) {
      expect((await call(LIST, { Origin: origin })).status).toBe(403)
    }
    expect((await call(LIST, { Origin: `http://${host}` })).status).toBe(200)
  })

  it('answers only loopback Host names with its port (DNS rebinding), unless allowRemote', async () => {
    const { call, port } = await start()
    for (const h of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, '127.0.0.1']) {
      expect((await call(LIST, { Host: h })).status).toBe(421)
    }
    expect((await call(LIST, { Host: `localhost:${port}` })).status).toBe(200)
    const remote = await start({ allowRemote: true })
    expect((await remote.call(LIST, { Host: `sweeps.lan:${remote.port}` })).status).toBe(200)
  })

  it('guards the event stream and the pages like the API: wrong Host 421, foreign Origin 403, with a valid token', async () => {
    const { bridge, auth, port } = await start()
    for (const path of ['/api/events', '/', '/index.html']) {
      const rebound = await rawRequest(bridge.url, { path, headers: { ...auth, Host: `attacker.example:${port}` } })
      expect([path, rebound.status]).toEqual([path, 421])
      const foreign = await rawRequest(bridge.url, { path, headers: { ...auth, Origin: 'http://attacker.example' } })
      expect([path, foreign.status]).toEqual([path, 403])
    }
    // The token in the query string does not open the door for another site either.
    const viaQuery = await rawRequest(bridge.url, { path: `/?token=${bridge.token}`, headers: { Host: `attacker.example:${port}` } })
    expect(viaQuery.status).toBe(421)
  })

  it('refuses a body over maxBodyBytes with 413, declared or streamed', async () => {
    const { bridge, auth, call } = await start({ maxBodyBytes: 1000 })
    expect((await call(LIST)).status).toBe(200)
    const declared = await rawRequest(bridge.url, { method: 'POST', path: '/api/call', headers: { ...auth, 'Content-Length': '50000000' }, body: Buffer.alloc(10) })
      .catch((e: unknown) => e)
    // Either the 413 arrives, or the socket is closed before the rest of the body is sent.
    expect((declared as { status?: number }).status ?? 413).toBe(413)
    const chunked = await rawRequest(bridge.url, { method: 'POST', path: '/api/call', headers: auth, chunks: [Buffer.alloc(600, 32), Buffer.alloc(600, 32)] })
    expect(chunked.status).toBe(413)
  })

  it('answers non-JSON and malformed envelopes with an api/bad-payload WireResponse', async () => {
    const { call } = await start()
    expect(JSON.parse((await call('{not json')).body)).toMatchObject({ ok: false, error: { code: 'api/bad-payload' } })
    expect(JSON.parse((await call('[1,2]')).body)).toMatchObject({ ok: false, error: { code: 'api/bad-payload' } })
    expect(JSON.parse((await call(JSON.stringify({ id: 1, method: 'dropTables', args: {} }))).body)).toMatchObject({ id: 1, ok: false, error: { code: 'api/unknown-method' } })
  })

  it('allows only GET and POST (405), each where it belongs', async () => {
    const { bridge, auth } = await start()
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await rawRequest(bridge.url, { method, path: '/api/call', headers: auth })
      expect(res.status).toBe(405)
    }
    expect((await rawRequest(bridge.url, { method: 'GET', path: '/api/call', headers: auth })).status).toBe(405)
    expect((await rawRequest(bridge.url, { method: 'POST', path: '/api/events', headers: auth })).status).toBe(405)
    expect((await rawRequest(bridge.url, { method: 'GET', path: '/api/nothing', headers: auth })).status).toBe(404)
  })

  it('sends the security headers on every response, and no-store on /api', async () => {
    const { bridge, auth, call } = await start()
    const responses = [await call(LIST), await rawRequest(bridge.url, { path: '/' }), await rawRequest(bridge.url, { path: '/x', headers: auth })]
    for (const res of responses) {
      expect(res.headers['content-security-policy']).toBe("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['x-frame-options']).toBe('DENY')
    }
    expect(responses[0]!.headers['cache-control']).toBe('no-store')
  })
})

describe('createHttpBridge: /api/events', () => {
  it('streams engine events as SSE, and unsubscribes when the client goes away', async () => {
    const { bridge, engine, auth } = await start({ heartbeatMs: 20 })
    const abort = new AbortController()
    const res = await fetch(`${bridge.url}/api/events`, { headers: auth, signal: abort.signal })
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const events: SweeplabEvent[] = []
    const comments: string[] = []
    const reading = readEventStream(res.body!, (d) => events.push(JSON.parse(d) as SweeplabEvent), (c) => comments.push(c)).catch(() => undefined)
    await expect.poll(() => comments).toContain('connected')
    expect(engine.subscribers).toBe(1)
    const ev = { type: 'log-lines', payload: [{ trialId: 1, lines: ['a\n\nb'] }] } as unknown as SweeplabEvent
    engine.emit(ev)
    await expect.poll(() => events).toEqual([ev])
    await expect.poll(() => comments).toContain('heartbeat')
    abort.abort()
    await reading
    await expect.poll(() => engine.subscribers).toBe(0)
  })

  it('ends open streams on close()', async () => {
    const { bridge, engine, auth } = await start()
    const res = await fetch(`${bridge.url}/api/events`, { headers: auth })
    await expect.poll(() => engine.subscribers).toBe(1)
    await bridge.close()
    await res.text()
    expect(engine.subscribers).toBe(0)
  })
})
