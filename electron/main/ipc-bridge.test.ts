import { describe, expect, it } from 'vitest'
import type { WireResponse } from '../../shared/api/contract.ts'
import { FakeEngine } from '../cli/testing/fake-engine.ts'
import { createTrustedUrlCheck } from './app-origin.ts'
import { CALL_CHANNEL, EVENT_CHANNEL, registerIpcBridge, type IpcEventLike, type IpcMainLike, type SenderFrameLike, type WebContentsLike } from './ipc-bridge.ts'

type Handler = (event: IpcEventLike, req: unknown) => Promise<unknown>

function fakeWindow(): WebContentsLike & { sent: Array<[string, unknown]>; destroyed: boolean } {
  const win = {
    sent: [] as Array<[string, unknown]>,
    destroyed: false,
    send: (ch: string, payload: unknown) => void win.sent.push([ch, payload]),
    isDestroyed: () => win.destroyed,
  }
  return win
}

const topFrame = (url: string): SenderFrameLike => ({ url, parent: null })

/** The bridge over a fake ipcMain, one window and the app's own trust rule; `call` invokes it like ipcRenderer.invoke. */
function setup() {
  let handler: Handler | undefined
  const channels: string[] = []
  const ipc: IpcMainLike = {
    handle: (ch, fn) => {
      channels.push(ch)
      handler = fn
    },
  }
  const engine = new FakeEngine({ dbPath: '/tmp/unused.db' })
  const win = fakeWindow()
  const windows = [win]
  const off = registerIpcBridge(ipc, engine, () => windows, createTrustedUrlCheck(undefined))
  const call = async (req: unknown, event: Partial<IpcEventLike> = {}): Promise<WireResponse> =>
    (await handler!({ sender: win, senderFrame: topFrame('app://sweeplab/index.html'), ...event }, req)) as WireResponse
  return { engine, win, windows, call, channels, off, handler: (event: IpcEventLike, req: unknown) => handler!(event, req) }
}

describe('the IPC bridge', () => {
  it('answers a call from our page in our window', async () => {
    const { call, channels, engine } = setup()
    expect(channels).toEqual([CALL_CHANNEL])
    expect(await call({ id: 7, method: 'listSweeps', args: {} })).toEqual({ id: 7, ok: true, result: [] })
    expect(engine.calls.map((c) => c.method)).toEqual(['listSweeps'])
  })

  it('refuses calls from another web contents, a gone frame, a subframe or a foreign page, without reaching the engine', async () => {
    const { call, engine } = setup()
    const req = { id: 1, method: 'listSweeps', args: {} }
    const refusals = [
      await call(req, { sender: fakeWindow() }),
      await call(req, { senderFrame: null }),
      await call(req, { senderFrame: { url: 'app://sweeplab/index.html', parent: topFrame('app://sweeplab/index.html') } }),
      await call(req, { senderFrame: topFrame('https://evil.example/') }),
      await call(req, { senderFrame: topFrame('file:///tmp/dropped.html') }),
      await call(req, { senderFrame: topFrame('http://localhost:5173/') }),
    ]
    for (const res of refusals) expect(res).toMatchObject({ ok: false, error: { code: 'api/bad-payload' } })
    expect(refusals.map((r) => (r.ok ? '' : r.error.message))).toEqual([
      'call from an unknown sender refused',
      'call from a frame that is gone refused',
      'call from a subframe refused',
      "call from a page that is not Sweeplab's refused (https://evil.example/)",
      "call from a page that is not Sweeplab's refused (file:///tmp/dropped.html)",
      "call from a page that is not Sweeplab's refused (http://localhost:5173/)",
    ])
    expect(engine.calls).toEqual([])
  })

  it('treats a senderFrame getter that throws as a gone frame', async () => {
    const { handler, win, engine } = setup()
    const event = { sender: win, get senderFrame(): SenderFrameLike { throw new Error('Render frame was disposed') } }
    const res = await handler(event, { id: 2, method: 'listSweeps', args: {} })
    expect(res).toMatchObject({ ok: false, error: { message: 'call from a frame that is gone refused' } })
    expect(engine.calls).toEqual([])
  })

  it('validates every payload with the shared schemas: bad ones are api/bad-payload and never reach the engine', async () => {
    const { call, engine } = setup()
    const cases: Array<[unknown, RegExp]> = [
      [{ id: 1, method: 'getSweep', args: { sweepId: -1 } }, /^getSweep: sweepId: /],
      [{ id: 2, method: 'getSweep', args: { sweepId: '3' } }, /^getSweep: sweepId: /],
      [{ id: 3, method: 'getSweep', args: { sweepId: 3, extra: true } }, /^getSweep: .*extra/],
      [{ id: 4, method: 'getMetricSeries', args: { trialIds: [1], metric: '' } }, /^getMetricSeries: metric: /],
      [{ id: 5, method: 'createSweep', args: { text: 42 } }, /^createSweep: text: /],
    ]
    for (const [req, message] of cases) {
      const res = await call(req)
      expect(res.ok).toBe(false)
      if (!res.ok) {
        expect(res.error.code).toBe('api/bad-payload')
        expect(res.error.message).toMatch(message)
      }
      expect(res.id).toBe((req as { id: number }).id)
    }
    expect(engine.calls).toEqual([])
  })

  it('refuses unknown methods and envelopes that are not { id, method, args }', async () => {
    const { call } = setup()
    expect(await call({ id: 9, method: 'shutdown', args: {} })).toMatchObject({ id: 9, ok: false, error: { code: 'api/unknown-method' } })
    expect(await call({ id: 9, method: 'constructor', args: {} })).toMatchObject({ ok: false, error: { code: 'api/unknown-method' } })
    for (const bad of [null, 'listSweeps', [1, 'listSweeps'], { method: 'listSweeps' }, { id: '1', method: 'listSweeps' }, { id: 1.5, method: 'listSweeps' }]) {
      expect(await call(bad)).toMatchObject({ id: -1, ok: false, error: { code: 'api/bad-payload', message: expect.stringMatching(/^malformed request/) } })
    }
  })

  it('forwards engine events to live windows on the one event channel, until unsubscribed', async () => {
    const { engine, win, windows, off } = setup()
    const closed = fakeWindow()
    closed.destroyed = true
    windows.push(closed)
    const sweepId = engine.addSweep({ status: 'completed' })
    await engine.deleteSweep({ sweepId })
    expect(win.sent).toContainEqual([EVENT_CHANNEL, { type: 'sweep-deleted', payload: { sweepId } }])
    expect(win.sent.every(([ch]) => ch === EVENT_CHANNEL)).toBe(true)
    expect(closed.sent).toEqual([])
    off()
    const count = win.sent.length
    await engine.deleteSweep({ sweepId: engine.addSweep({ status: 'completed' }) })
    expect(win.sent).toHaveLength(count)
  })

  it('without a trust rule (tests, other hosts) checks only that the sender is one of our windows', async () => {
    let handler: Handler | undefined
    const win = fakeWindow()
    registerIpcBridge({ handle: (_ch, fn) => void (handler = fn) }, new FakeEngine({ dbPath: '/tmp/unused.db' }), () => [win])
    expect(await handler!({ sender: win }, { id: 1, method: 'listSweeps', args: {} })).toMatchObject({ ok: true })
    expect(await handler!({ sender: {} }, { id: 1, method: 'listSweeps', args: {} })).toMatchObject({ ok: false })
  })
})
