import { describe, expect, it } from 'vitest'
import type { BrowserTrainingHost } from '../workers/browser/host.ts'
import type { FromPage, PageRunMessage } from '../workers/browser/page-protocol.ts'
import { fakePage } from '../workers/browser/testing/fake-page.ts'
import { createBrowserSlots } from './browser-slots.ts'

function fakeHost(opts: { failOpens?: number } = {}) {
  const pages: Array<ReturnType<typeof fakePage>> = []
  let failOpens = opts.failOpens ?? 0
  const host: BrowserTrainingHost = {
    name: 'fake browser',
    async openPage() {
      if (failOpens-- > 0) throw new Error('the worker page did not load: net::ERR_CONNECTION_REFUSED')
      const p = fakePage()
      pages.push(p)
      return p.page
    },
    async close() {},
  }
  return { host, pages }
}

function slotsOf(host: BrowserTrainingHost, count: number) {
  const messages: Array<[number, FromPage]> = []
  const gone: Array<[number, string]> = []
  const logs: string[] = []
  const slots = createBrowserSlots(host, count, {
    message: (s, m) => void messages.push([s, m]),
    gone: (s, why) => void gone.push([s, why]),
    log: (m) => void logs.push(m),
  })
  return { slots, messages, gone, logs }
}

const run = (trialId: number): PageRunMessage => ({ type: 'run', trialId, trainer: 'tabular', params: {}, seed: 1, runs: [], folds: false })
const finished = (trialId: number): FromPage => ({ type: 'finished', trialId, ok: true, backend: 'webgl', backendNote: null, error: null, tensorsAfterEpoch: [] })
const tick = () => new Promise((r) => setTimeout(r, 20))

describe('browser GPU worker slots', () => {
  it('counts slots like GPUs: taken until released, never more than there are', () => {
    const { slots } = slotsOf(fakeHost().host, 2)
    expect([slots.take(), slots.take(), slots.take()]).toEqual([0, 1, null])
    expect(slots.free()).toBe(0)
    slots.release(1)
    expect(slots.free()).toBe(1)
    expect(slots.take()).toBe(1)
  })

  it('opens a slot’s page on first use and keeps it for the next trial when the page finished', async () => {
    const { host, pages } = fakeHost()
    const { slots, messages, logs } = slotsOf(host, 1)
    const s = slots.take()!
    await slots.ready(s)
    slots.send(s, run(1))
    pages[0]!.answer([finished(1)])
    await tick()
    expect(messages).toEqual([[0, finished(1)]])
    slots.release(s)
    await slots.ready(slots.take()!)
    expect(pages).toHaveLength(1)
    expect(pages[0]!.closed).toBe(false)
    expect(logs[0]).toBe('browser GPU worker 0 opened in fake browser: webgl: renderer X')
  })

  it('replaces a page that was still training when its trial ended (a killed worker, an ignored cancel)', async () => {
    const { host, pages } = fakeHost()
    const { slots, logs } = slotsOf(host, 1)
    const s = slots.take()!
    await slots.ready(s)
    slots.send(s, run(7))
    slots.release(s)
    expect(pages[0]!.closed).toBe(true)
    expect(logs.at(-1)).toBe('browser GPU worker 0: trial 7 ended without its page finishing it; its page is replaced')
    await slots.ready(slots.take()!)
    expect(pages).toHaveLength(2)
  })

  it('reports a crashed page once, then opens a new one on next use', async () => {
    const { host, pages } = fakeHost()
    const { slots, gone } = slotsOf(host, 1)
    const s = slots.take()!
    await slots.ready(s)
    slots.send(s, run(2))
    pages[0]!.crash()
    await tick()
    expect(gone).toEqual([[0, 'crashed (the renderer process died)']])
    slots.release(s)
    await slots.ready(slots.take()!)
    expect(pages).toHaveLength(2)
  })

  it('says why a page could not open, and tries again for the next trial', async () => {
    const { host, pages } = fakeHost({ failOpens: 1 })
    const { slots } = slotsOf(host, 1)
    const s = slots.take()!
    await expect(slots.ready(s)).rejects.toThrow(/did not load: net::ERR_CONNECTION_REFUSED/)
    slots.release(s)
    await slots.ready(slots.take()!)
    expect(pages).toHaveLength(1)
  })

  it('tells the trial its page is gone when a message finds no page', async () => {
    const { slots, gone } = slotsOf(fakeHost().host, 1)
    slots.send(slots.take()!, run(3))
    expect(gone).toEqual([[0, 'is not open']])
  })
})
