import { screen, type BrowserWindow } from 'electron'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import { EVENT_CHANNEL } from './ipc-bridge.ts'
import { readJsonFile, writeJsonFileAtomic } from './json-file.ts'
import { createMainWindow } from './main-window.ts'
import { createPageOutbox } from './page-outbox.ts'
import { captureWindowState, createStateSaver, restoreWindowState } from './window-state.ts'

export interface WindowManagerOptions {
  /** `<userData>/window-state.json`. */
  stateFile: string
  preload: string
  url: string
  onDropFile(path: string): void
  /** The user closes the window: return true to keep it open (the app asks whether to quit instead). */
  onCloseRequest(): boolean
}

export interface WindowManager {
  /** The main window if it is open. */
  live(): BrowserWindow | undefined
  /** The main window brought to the front, opened first if needed (macOS: after it was closed). */
  show(): BrowserWindow
  /** A shell event for the page, held while the page (re)loads. */
  send(ev: SweeplabEvent): void
  /** Saves the window's placement now (the app is quitting). */
  saveState(): void
}

/** The one main window: created where it was last, its placement saved, shell events held until its page listens. */
export function createWindowManager(opts: WindowManagerOptions): WindowManager {
  let win: BrowserWindow | undefined
  const live = (): BrowserWindow | undefined => (win && !win.isDestroyed() ? win : undefined)
  const outbox = createPageOutbox((ev) => live()?.webContents.send(EVENT_CHANNEL, ev))
  const saver = createStateSaver({
    capture: () => {
      const w = live()
      return w ? captureWindowState(w) : undefined
    },
    write: (state) => {
      if (state === undefined) return
      try {
        writeJsonFileAtomic(opts.stateFile, state)
      } catch (e) {
        // Window placement is a convenience: failing to save it must never disturb the app.
        console.warn(`sweeplab: could not save the window state to ${opts.stateFile}:`, e)
      }
    },
  })

  function open(): BrowserWindow {
    const primary = screen.getPrimaryDisplay()
    const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea)
    outbox.loading()
    const w = createMainWindow({
      placement: restoreWindowState(readJsonFile(opts.stateFile), workAreas),
      preload: opts.preload,
      url: opts.url,
      onDropFile: opts.onDropFile,
    })
    // A new document (reload) needs its preload to listen again. Not did-start-loading: hash changes and
    // navigations will-navigate cancels (a dropped file) start no document, and no did-finish-load would follow.
    w.webContents.on('did-navigate', () => outbox.loading())
    w.webContents.on('did-finish-load', () => outbox.loaded())
    const schedule = (): void => saver.schedule()
    w.on('resize', schedule)
    w.on('move', schedule)
    w.on('maximize', schedule)
    w.on('unmaximize', schedule)
    w.on('close', (event) => {
      saver.saveNow()
      if (opts.onCloseRequest()) event.preventDefault()
    })
    win = w
    return w
  }

  return {
    live,
    show() {
      const w = live() ?? open()
      if (w.isMinimized()) w.restore()
      w.show()
      w.focus()
      return w
    },
    send: (ev) => outbox.send(ev),
    saveState: () => saver.saveNow(),
  }
}
