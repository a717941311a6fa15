import { app, BrowserWindow, ipcMain, shell } from 'electron'
import { join } from 'node:path'
import { createEngine } from '../engine/engine.ts'
import { registerIpcBridge } from './ipc-bridge.ts'

const dbPath = process.env.SWEEPLAB_DB ?? join(app.getPath('userData'), 'workspace.db')

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  // Links open in the user's browser; the app window never navigates away from its own page.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return win
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void app.whenReady().then(() => {
    const engine = createEngine({ dbPath, workerEntry: join(import.meta.dirname, 'worker.js') })
    const win = createWindow()
    registerIpcBridge(ipcMain, engine, () => [win.webContents])
    app.on('before-quit', () => void engine.shutdown({ reason: 'app quit' }))
  })
  app.on('window-all-closed', () => app.quit())
}
