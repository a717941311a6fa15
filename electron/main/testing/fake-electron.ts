import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/** An Electron-style event: `preventDefault` and whether it was called. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { defaultPrevented: boolean; preventDefault(): void } {
  const ev = { ...extra, defaultPrevented: false, preventDefault: () => void (ev.defaultPrevented = true) }
  return ev
}

export class FakeWebContents extends EventEmitter {
  readonly sent: Array<[string, unknown]> = []
  readonly scripts: string[] = []
  url = ''
  destroyed = false
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  readonly navigationHistory = { canGoBack: () => true, goBack: vi.fn(), canGoForward: () => false, goForward: vi.fn() }
  readonly reload = vi.fn()
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
  }
  executeJavaScript(code: string): Promise<unknown> {
    this.scripts.push(code)
    return Promise.resolve(undefined)
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** What the page's (re)loading looks like from main: a main-frame navigation commits, then the load finishes. */
  finishLoad(): void {
    this.emit('did-navigate', fakeEvent(), this.url, 200, 'OK')
    this.emit('did-finish-load')
  }
}

/**
 * A stand-in for Electron's main-process modules, with enough behaviour to drive main.ts: windows
 * and their web contents are event emitters, `app.quit()` emits `before-quit` and honours
 * preventDefault, closing a window emits `close` and then `window-all-closed`.
 */
export function createFakeElectron(opts: { userData: string; appPath: string; platform?: NodeJS.Platform }) {
  const windows: FakeBrowserWindow[] = []
  const ipcHandlers = new Map<string, (event: unknown, req: unknown) => Promise<unknown>>()
  let markReady!: () => void
  const ready = new Promise<void>((r) => (markReady = r))
  let isReady = false

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    lock: true,
    quitCalls: 0,
    requestSingleInstanceLock: () => app.lock,
    whenReady: () => ready,
    isReady: () => isReady,
    getPath: (name: string) => (name === 'userData' ? opts.userData : `/tmp/${name}`),
    getAppPath: () => opts.appPath,
    getVersion: () => '0.1.0',
    quit: vi.fn(() => {
      app.quitCalls++
      const ev = fakeEvent()
      app.emit('before-quit', ev)
      if (ev.defaultPrevented) return
      for (const w of [...windows]) w.close()
    }),
    exit: vi.fn(),
    setAboutPanelOptions: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
  })

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents()
    readonly options: Record<string, unknown>
    bounds: { x: number; y: number; width: number; height: number }
    maximized = false
    destroyed = false
    shown = false
    title = ''
    constructor(options: Record<string, unknown>) {
      super()
      this.options = options
      this.bounds = { x: (options.x as number) ?? 100, y: (options.y as number) ?? 100, width: options.width as number, height: options.height as number }
      app.emit('web-contents-created', fakeEvent(), this.webContents)
      windows.push(this)
    }
    loadURL(url: string): Promise<void> {
      this.webContents.url = url
      return Promise.resolve()
    }
    maximize(): void { this.maximized = true }
    isMaximized(): boolean { return this.maximized }
    getNormalBounds() { return this.bounds }
    isMinimized(): boolean { return false }
    restore(): void {}
    show(): void { this.shown = true }
    focus(): void {}
    setTitle(t: string): void { this.title = t }
    isDestroyed(): boolean { return this.destroyed }
    /** The user closes the window. */
    close(): void {
      const ev = fakeEvent()
      this.emit('close', ev)
      if (ev.defaultPrevented) return
      this.destroyed = true
      this.webContents.destroyed = true
      this.emit('closed')
      if (windows.every((w) => w.destroyed)) app.emit('window-all-closed')
    }
  }

  const permission = { request: undefined as unknown, check: undefined as unknown, device: undefined as unknown, headers: undefined as unknown }
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
    },
    ipcMain: { handle: vi.fn((channel: string, fn: (event: unknown, req: unknown) => Promise<unknown>) => void ipcHandlers.set(channel, fn)) },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: vi.fn(),
    },
    nativeTheme: { shouldUseDarkColors: false },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((h: unknown) => void (permission.request = h)),
        setPermissionCheckHandler: vi.fn((h: unknown) => void (permission.check = h)),
        setDevicePermissionHandler: vi.fn((h: unknown) => void (permission.device = h)),
        webRequest: { onHeadersReceived: vi.fn((h: unknown) => void (permission.headers = h)) },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => ''), showItemInFolder: vi.fn() },
  }

  return {
    electron,
    app,
    windows,
    ipcHandlers,
    permission,
    /** Emits `ready`: main.ts's whenReady handler runs on the next ticks. */
    makeReady(): void {
      isReady = true
      markReady()
    },
    /** The application menu last set, as its template. */
    menu(): Array<Record<string, unknown>> {
      const calls = electron.Menu.setApplicationMenu.mock.calls
      return (calls.at(-1)?.[0] as { template: Array<Record<string, unknown>> }).template
    },
  }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>
