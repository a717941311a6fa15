import type { Browser } from 'playwright-core'
import type { ApiArgs, ApiMethod, ApiResult } from '../../../shared/api/contract.ts'
import { launchChromium, openWatchedPage, type WatchedPage } from './chromium.ts'
import { callApi, startServer, type BrowserModeServer } from './server.ts'
import { createE2eWorkspace, type E2eWorkspace } from './workspace.ts'

export interface E2eSession {
  ws: E2eWorkspace
  server: BrowserModeServer
  browser: Browser
  /** A new page (the previous one is closed) signed in with the server's token, showing `hash` once the app shell is up. */
  open(hash?: string, opts?: { colorScheme?: 'light' | 'dark' }): Promise<WatchedPage>
  /** Calls the engine over the same HTTP API the app uses (Bearer token): the tests' source of truth. */
  api<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>
  close(): Promise<void>
}

/**
 * One workspace, one `sweeplab serve` on it and one Chromium for a test file. `seed` fills the
 * workspace (with the CLI) before the server opens it.
 */
export async function startSession(seed?: (ws: E2eWorkspace) => Promise<void>): Promise<E2eSession> {
  const ws = createE2eWorkspace()
  let server: BrowserModeServer | undefined
  let browser: Browser | undefined
  const pages: WatchedPage[] = []
  try {
    if (seed) await seed(ws)
    server = await startServer(ws.dbPath)
    browser = await launchChromium()
  } catch (e) {
    await server?.stop()
    ws.cleanup()
    throw e
  }
  const srv = server
  const br = browser
  const closePages = async () => {
    for (const p of pages.splice(0)) {
      // A flow that failed early never reached its own check: show what its page reported.
      if (p.errors.length) process.stderr.write(`e2e: page errors at ${p.page.url()}:\n${p.errors.join('\n')}\n`)
      await p.context.close().catch(() => undefined)
    }
  }
  return {
    ws,
    server: srv,
    browser: br,
    async open(hash = '#/', opts = {}) {
      // One page at a time: an earlier flow's page (and its WebGL contexts) would only compete for the CPU.
      await closePages()
      const watched = await openWatchedPage(br, opts)
      pages.push(watched)
      // The token link sets the session cookie and redirects to `/`; the hash then picks the screen.
      await watched.page.goto(srv.url)
      await watched.page.evaluate((h) => {
        ;(globalThis as unknown as { location: { hash: string } }).location.hash = h
      }, hash)
      await watched.page.locator('header.app-header').waitFor({ timeout: 30_000 })
      return watched
    },
    api(method, args) {
      return callApi(srv, method, args)
    },
    async close() {
      await closePages()
      await br.close()
      try {
        await srv.stop()
      } finally {
        ws.cleanup()
      }
    },
  }
}
