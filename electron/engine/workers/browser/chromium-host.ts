import { existsSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import type { BrowserPage, BrowserTrainingHost } from './host.ts'
import { PAGE_GLOBAL, PAGE_METHODS, type PageMethod } from './page-protocol.ts'
import { servePage, type PageServer } from './static-server.ts'

/** Debian's Chromium; `SWEEPLAB_CHROMIUM` names another (Chrome, a Chromium elsewhere). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

export interface ChromiumHostOptions {
  /** The Chromium binary (default: $SWEEPLAB_CHROMIUM, else /usr/bin/chromium). */
  executablePath?: string
  /** A built worker page (default: built from the sources on demand, build-page.ts). */
  pageDir?: string
  /** Extra Chromium flags ($SWEEPLAB_CHROMIUM_ARGS, space-separated, is added too). */
  args?: readonly string[]
  /** How long a page may take to load its bundle and answer. */
  openTimeoutMs?: number
}

/** A Chromium page of this host, with a real renderer crash for tests (CDP Page.crash). */
export interface ChromiumPage extends BrowserPage {
  crash(): Promise<void>
}

export type ChromiumHost = BrowserTrainingHost & { readonly pages: ReadonlySet<ChromiumPage> }

/**
 * Flags, measured in PLATFORM.md §3/§9: WebGPU needs --enable-unsafe-webgpu on Linux (without it
 * requestAdapter() is null); --enable-unsafe-swiftshader keeps software WebGL allowed where no GPU
 * is (it is never used over a real one); timers of pages nobody looks at must not be throttled.
 * Never --disable-gpu (it would hide a real GPU) nor --use-gl=swiftshader (no WebGL at all).
 */
function chromiumArgs(extra: readonly string[]): string[] {
  const args = [
    '--enable-unsafe-webgpu',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ]
  // Chromium's sandbox refuses to run as root (CI containers, this VM).
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  const env = process.env.SWEEPLAB_CHROMIUM_ARGS?.split(/\s+/).filter(Boolean) ?? []
  return [...args, ...extra, ...env]
}

/**
 * A headless Chromium (Playwright, loaded only when this host is asked for) whose pages train: each
 * page in its own browser context, the bundle served from 127.0.0.1. For tests, the bench and
 * `sweeplab --browser-gpu-workers`; the desktop app uses hidden Electron windows instead.
 */
export async function createChromiumHost(opts: ChromiumHostOptions = {}): Promise<ChromiumHost> {
  const executablePath = opts.executablePath ?? process.env.SWEEPLAB_CHROMIUM ?? DEFAULT_CHROMIUM
  if (!existsSync(executablePath)) {
    throw new Error(`browser GPU workers need Chromium: ${executablePath} not found (install chromium, or set SWEEPLAB_CHROMIUM to a Chromium or Chrome binary)`)
  }
  const pageDir = opts.pageDir ?? (await (await import('./build-page.ts')).ensureWorkerPage())
  const { chromium } = await import('playwright-core')
  const server: PageServer = await servePage(pageDir)
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs(opts.args ?? []) })
  } catch (e) {
    await server.close()
    throw new Error(`could not start Chromium (${executablePath}): ${(e as Error).message.split('\n')[0]}`, { cause: e })
  }
  const pages = new Set<ChromiumPage>()
  const openTimeoutMs = opts.openTimeoutMs ?? 60_000

  async function openPage(): Promise<ChromiumPage> {
    const context = await browser.newContext()
    const page: Page = await context.newPage()
    let goneWhy: (why: string) => void = () => {}
    const gone = new Promise<string>((r) => (goneWhy = r))
    page.on('crash', () => goneWhy('crashed (the renderer process died)'))
    page.on('close', () => goneWhy('was closed'))
    const handle: ChromiumPage = {
      async call(method: PageMethod, arg?: unknown) {
        if (!PAGE_METHODS.includes(method)) throw new Error(`not a page method: ${method}`)
        return page.evaluate(([g, m, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => unknown>>)[g]![m]!(a), [PAGE_GLOBAL, method, arg] as const)
      },
      gone,
      async close() {
        pages.delete(handle)
        await context.close().catch(() => undefined)
      },
      async crash() {
        const cdp = await context.newCDPSession(page)
        // The command never answers (its renderer is gone): wait for the crash to be seen instead.
        void cdp.send('Page.crash').catch(() => undefined)
        await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))])
      },
    }
    try {
      await page.goto(server.url, { timeout: openTimeoutMs })
      await page.waitForFunction((g) => g in globalThis, PAGE_GLOBAL, { timeout: openTimeoutMs })
    } catch (e) {
      await context.close().catch(() => undefined)
      throw new Error(`the worker page did not load: ${(e as Error).message.split('\n')[0]}`, { cause: e })
    }
    pages.add(handle)
    return handle
  }

  return {
    name: `headless Chromium ${browser.version()} (Playwright)`,
    pages,
    openPage,
    async close() {
      await browser.close().catch(() => undefined)
      await server.close()
    },
  }
}
