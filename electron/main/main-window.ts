import { app, BrowserWindow, dialog, nativeTheme, shell } from 'electron'
import { decideNavigation, decideWindowOpen } from './security-policy.ts'
import { MIN_WINDOW_SIZE, type WindowPlacement } from './window-state.ts'
import { LOCKED_WEB_PREFERENCES } from './locked-web-preferences.ts'

export interface MainWindowOptions {
  placement: WindowPlacement
  preload: string
  /** app://sweeplab/index.html, or the dev server's URL under `electron-vite dev`. */
  url: string
  /** A file was dropped on the window. */
  onDropFile(path: string): void
}

/** The theme's --bg, so the window does not flash white before a dark page paints. */
const BACKGROUND = { light: '#ffffff', dark: '#15181c' } as const

/**
 * The app window with Electron's security checklist applied: isolated, sandboxed preload, no Node
 * in the page, no webviews, no new windows, no navigation away from our page.
 */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const { placement } = opts
  const win = new BrowserWindow({
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Sweeplab',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: {
      ...LOCKED_WEB_PREFERENCES,
      preload: opts.preload,
      // Dropping a file on the window becomes a navigation that will-navigate turns into "open this sweep file".
      navigateOnDragDrop: true,
    },
  })
  if (placement.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  const wc = win.webContents
  wc.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url)
    if (decision.action === 'open-external') void shell.openExternal(decision.url)
    return { action: 'deny' }
  })
  wc.on('will-navigate', (event) => {
    event.preventDefault()
    // A drop is started by the browser, not by a frame: no initiator.
    const decision = decideNavigation(event.url, event.initiator != null)
    if (decision.action === 'open-sweep-file') opts.onDropFile(decision.path)
    else if (decision.action === 'open-external') void shell.openExternal(decision.url)
  })
  wc.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  wc.on('will-attach-webview', (event) => event.preventDefault())
  wc.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return
    void dialog
      .showMessageBox(win, {
        type: 'error',
        message: 'The Sweeplab window stopped working',
        detail: `Its page ended (${details.reason}, exit code ${details.exitCode}). Running sweeps are not affected: the engine runs outside the window.`,
        buttons: ['Reload', 'Quit'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        if (win.isDestroyed()) return
        if (response === 0) wc.reload()
        else app.quit()
      })
  })
  void win.loadURL(opts.url)
  return win
}
