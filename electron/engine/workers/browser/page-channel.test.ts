import { describe, expect, it } from 'vitest'
import { openPageChannel } from './page-channel.ts'
import type { FromPage } from './page-protocol.ts'
import { fakePage } from './testing/fake-page.ts'

const report = (trialId: number, loss: number): FromPage => ({ type: 'report', trialId, records: [{ step: 1, loss }] })

describe('page channel', () => {
  it('delivers the page’s messages in order and sends messages down', async () => {
    const f = fakePage()
    const got: FromPage[] = []
    const ch = await openPageChannel(f.page, (m) => got.push(m))
    expect(ch.hello.backends[0]!.detail).toBe('renderer X')
    ch.send({ type: 'cancel', trialId: 3 })
    f.answer([report(3, 1), report(3, 0.5)])
    f.answer([{ type: 'log', trialId: 3, rows: [['stdout', 1, 'hi']] }])
    await new Promise((r) => setTimeout(r, 20))
    expect(got.map((m) => m.type)).toEqual(['report', 'report', 'log'])
    expect(f.received).toEqual([{ type: 'cancel', trialId: 3 }])
    await ch.close()
    expect(await ch.gone).toBe('closed by the engine')
  })

  it('closes a page that sends a malformed message and reports it gone with what was wrong', async () => {
    const f = fakePage()
    const got: FromPage[] = []
    const ch = await openPageChannel(f.page, (m) => got.push(m))
    f.answer([{ type: 'report', trialId: -1, records: [] }])
    expect(await ch.gone).toMatch(/^broke the protocol: message 0 from the page is malformed: trialId:/)
    expect(f.closed).toBe(true)
    expect(got).toEqual([])
  })

  it('reports a crashed page gone with the page’s own reason', async () => {
    const f = fakePage()
    const ch = await openPageChannel(f.page, () => {})
    f.crash()
    expect(await ch.gone).toBe('crashed (the renderer process died)')
    ch.send({ type: 'cancel', trialId: 1 }) // a no-op now, not a throw
  })

  it('refuses a page whose hello is not the worker’s', async () => {
    const f = fakePage({ hello: { userAgent: 1 } })
    await expect(openPageChannel(f.page, () => {})).rejects.toThrow(/answered hello with something else/)
    expect(f.closed).toBe(true)
  })
})

describe('doctor’s view of the browser backends', () => {
  it('says how to enable them without a host, and what a page finds with one', async () => {
    const { describeBrowserBackends } = await import('./describe-backends.ts')
    expect(await describeBrowserBackends(undefined)).toEqual([
      { name: 'webgpu', available: false, detail: expect.stringMatching(/run with --browser-gpu-workers/) },
      { name: 'webgl', available: false, detail: expect.stringMatching(/run with --browser-gpu-workers/) },
    ])
    const f = fakePage()
    let opened = 0
    const host = { name: 'fake browser', openPage: async () => (opened++, f.page), close: async () => {} }
    expect(await describeBrowserBackends(host)).toEqual([{ name: 'webgl', available: true, detail: 'browser GPU worker in fake browser: renderer X' }])
    expect(f.closed).toBe(true)
    // Asked again (the settings screen reopened): the first answer, no second page.
    expect(await describeBrowserBackends(host)).toHaveLength(1)
    expect(opened).toBe(1)
    const broken = { name: 'fake browser', openPage: async () => Promise.reject(new Error('Chromium exited')), close: async () => {} }
    expect((await describeBrowserBackends(broken))[0]).toEqual({ name: 'webgpu', available: false, detail: 'browser GPU worker in fake browser could not open a page: Chromium exited' })
  })
})
