import type { PageHello, PageMethod } from './page-protocol.ts'

/**
 * Where browser GPU workers' pages live. The engine never knows which browser: the desktop app
 * passes a host of hidden Electron windows (electron/main/browser-gpu-host.ts), tests, the bench
 * and `sweeplab --browser-gpu-workers` a headless Chromium driven by Playwright
 * (chromium-host.ts). A host only opens pages and calls the page API's methods in them.
 */
export interface BrowserTrainingHost {
  /** What runs the pages, for logs and the trial record ("headless Chromium 156 (Playwright)"). */
  readonly name: string
  /** Opens a page with the worker bundle loaded; resolves when its API is there. */
  openPage(): Promise<BrowserPage>
  close(): Promise<void>
}

export interface BrowserPage {
  /**
   * Calls `globalThis.sweeplabWorker[method](arg)` in the page and resolves with its JSON result
   * (awaited when it is a promise). Rejects once the page crashed or was closed.
   */
  call(method: PageMethod, arg?: unknown): Promise<unknown>
  /** Resolves once, with why, when the page's renderer crashed or the page was closed. */
  readonly gone: Promise<string>
  /** Closes the page (and with it any trial still running in it). */
  close(): Promise<void>
}

export type { PageHello }
