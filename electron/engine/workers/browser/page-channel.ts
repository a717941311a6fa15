import type { BrowserPage } from './host.ts'
import { PAGE_HELLO, parseFromPage, type FromPage, type PageHello, type ToPage } from './page-protocol.ts'

/** How long one `next` call waits in the page for a message before answering with none. */
const POLL_WAIT_MS = 10_000

export interface PageChannel {
  /** What the page said about itself when it opened. */
  readonly hello: PageHello
  /** Delivers a message to the page (in order); a failure shows up as `gone`. */
  send(msg: ToPage): void
  /** Resolves once, with why, when the page crashed, closed, or broke the protocol. */
  readonly gone: Promise<string>
  /** Stops polling and closes the page. */
  close(): Promise<void>
}

/**
 * Messages both ways over a page: `receive` calls down, a long-polled `next` up. Everything the
 * page sends is checked (page-protocol.ts) before `onMessage` sees it; a page that sends something
 * malformed is closed and reported gone, as a crashed one is.
 */
export async function openPageChannel(page: BrowserPage, onMessage: (msg: FromPage) => void, opts: { pollWaitMs?: number } = {}): Promise<PageChannel> {
  let closed = false
  let markGone!: (why: string) => void
  const gone = new Promise<string>((resolve) => {
    let settled = false
    markGone = (why) => {
      if (settled) return
      settled = true
      closed = true
      resolve(why)
    }
  })
  // A crashed page still holds its tab (and a browser context): close it once it is gone.
  void page.gone.then((why) => {
    markGone(why)
    void page.close().catch(() => undefined)
  })
  const helloRaw = await page.call('hello')
  const parsed = PAGE_HELLO.safeParse(helloRaw)
  if (!parsed.success) {
    await page.close()
    throw new Error(`the worker page answered hello with something else: ${parsed.error.issues[0]?.message ?? 'malformed'}`)
  }

  const fail = (why: string) => {
    markGone(why)
    void page.close().catch(() => undefined)
  }
  void (async () => {
    while (!closed) {
      let raw: unknown
      try {
        raw = await page.call('next', opts.pollWaitMs ?? POLL_WAIT_MS)
      } catch (e) {
        // The page itself usually says how it went (crashed, closed); wait briefly for that reason.
        const why = `stopped answering: ${firstLine(e)}`
        if (!closed) fail(await Promise.race([page.gone, new Promise<string>((r) => setTimeout(() => r(why), 500))]))
        return
      }
      let msgs: FromPage[]
      try {
        msgs = parseFromPage(raw)
      } catch (e) {
        if (!closed) fail(`broke the protocol: ${firstLine(e)}`)
        return
      }
      for (const m of msgs) onMessage(m)
    }
  })()

  return {
    hello: parsed.data,
    send(msg) {
      if (closed) return
      page.call('receive', msg).catch((e: unknown) => {
        if (!closed) markGone(`did not take a message: ${firstLine(e)}`)
      })
    },
    gone,
    async close() {
      markGone('closed by the engine')
      await page.close()
    },
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0] ?? 'unknown error'
}
