import { BrowserWindow, session, type CommandLine, type Session } from 'electron'
import type { BrowserPage, BrowserTrainingHost } from '../engine/workers/browser/host.ts'
import { PAGE_GLOBAL, PAGE_METHODS, type PageMethod } from '../engine/workers/browser/page-global.ts'
import { servePage, type PageServer } from '../engine/workers/browser/static-server.ts'
import { LOCKED_WEB_PREFERENCES } from './locked-web-preferences.ts'

/**
 * Browser GPU workers in the desktop app: each page is a hidden, sandboxed window with context
 * isolation, no preload and no Node, in its own in-memory session that may reach nothing but the
 * worker bundle. Main drives it with `executeJavaScript` calls of the page API (page-protocol.ts),
 * and every answer is checked by the engine (page-channel.ts) before anything acts on it. So any
 * GPU Chromium can use (NVIDIA, AMD, Intel, Apple) trains through WebGPU or WebGL, with no CUDA.
 */

/** One session for all worker pages, apart from the app window's (no shared storage, own rules). */
const PARTITION = 'sweeplab-gpu-workers'

/**
 * Chromium switches the workers need; call before the app's `ready`. Linux ships WebGPU behind
 * --enable-unsafe-webgpu (PLATFORM.md §9: without it requestAdapter() answers null); on macOS and
 * Windows it is on by default and the switch changes nothing there.
 */
export function enableGpuWorkerSwitches(commandLine: CommandLine): void {
  commandLine.appendSwitch('enable-unsafe-webgpu')
}

export interface ElectronGpuHostOptions {
  /** The built worker page (electron-vite writes it to out/browser-worker). */
  pageDir: string
  /** How long a page may take to load its bundle. */
  openTimeoutMs?: number
}

/** Refuses everything a worker page could ask for and every request that is not for its own files. */
function lockDown(ses: Session, origin: string): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith(`${origin}/`) }))
}

function expression(method: PageMethod, arg: unknown): string {
  // JSON is a JavaScript literal (U+2028/2029 included since ES2019), so the argument is data, never code.
  return `globalThis[${JSON.stringify(PAGE_GLOBAL)}][${JSON.stringify(method)}](${arg === undefined ? '' : JSON.stringify(arg)})`
}

/** A host of hidden windows for the engine's `browserHost` option; close it after the engine shut down. */
export async function createElectronGpuHost(opts: ElectronGpuHostOptions): Promise<BrowserTrainingHost> {
  const server: PageServer = await servePage(opts.pageDir)
  const origin = new URL(server.url).origin
  const ses = session.fromPartition(PARTITION)
  lockDown(ses, origin)
  const windows = new Set<BrowserWindow>()
  const openTimeoutMs = opts.openTimeoutMs ?? 60_000

  async function openPage(): Promise<BrowserPage> {
    const win = new BrowserWindow({
      show: false,
      width: 320,
      height: 240,
      title: 'Sweeplab GPU worker',
      webPreferences: {
        ...LOCKED_WEB_PREFERENCES,
        session: ses,
        navigateOnDragDrop: false,
        // A hidden window's timers are otherwise throttled to one per second: every training step would wait.
        backgroundThrottling: false,
      },
    })
    windows.add(win)
    const wc = win.webContents
    wc.setWindowOpenHandler(() => ({ action: 'deny' }))
    wc.on('will-navigate', (event) => event.preventDefault())
    let markGone: (why: string) => void = () => {}
    const gone = new Promise<string>((resolve) => (markGone = resolve))
    wc.on('render-process-gone', (_event, details) => markGone(`crashed (${details.reason}, exit code ${details.exitCode})`))
    win.on('closed', () => {
      windows.delete(win)
      markGone('was closed')
    })
    const whenGone = gone.then((why) => {
      throw new Error(`the worker page ${why}`)
    })
    // A pending executeJavaScript never settles once its renderer is gone: race it with the end.
    whenGone.catch(() => undefined)

    const page: BrowserPage = {
      async call(method, arg) {
        if (!PAGE_METHODS.includes(method)) throw new Error(`not a page method: ${method}`)
        if (win.isDestroyed()) throw new Error('the worker page was closed')
        return Promise.race([wc.executeJavaScript(expression(method, arg), false) as Promise<unknown>, whenGone])
      },
      gone,
      async close() {
        if (!win.isDestroyed()) win.destroy()
      },
    }
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not loaded after ${openTimeoutMs} ms`)), openTimeoutMs).unref())
      await Promise.race([win.loadURL(server.url), timeout, whenGone])
      // Module scripts run before `load`, so the API is there by now unless the bundle failed.
      const ready = await Promise.race([wc.executeJavaScript(`typeof globalThis[${JSON.stringify(PAGE_GLOBAL)}] === 'object'`, false) as Promise<unknown>, whenGone])
      if (ready !== true) throw new Error('the worker bundle did not start (no page API)')
    } catch (e) {
      await page.close()
      throw new Error(`the worker page did not load: ${(e as Error).message}`, { cause: e })
    }
    return page
  }

  return {
    name: `Electron ${process.versions.electron ?? ''} hidden window (Chromium ${process.versions.chrome ?? ''})`,
    openPage,
    async close() {
      for (const w of windows) if (!w.isDestroyed()) w.destroy()
      await server.close()
    },
  }
}
