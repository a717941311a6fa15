// The desktop shell: wires Electron to the engine and to the pure modules beside this file, which
// hold every decision (and their tests). Nothing here trains: trials run in forked worker processes.
import { app, dialog, ipcMain, protocol, session, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron'
import { dirname, join } from 'node:path'
import { resolveDbPath } from '../cli/db-path.ts'
import { createEngine } from '../engine/engine.ts'
import type { Engine } from '../engine/engine-types.ts'
import type { BrowserTrainingHost } from '../engine/workers/browser/host.ts'
import { APP_ENTRY_URL, APP_SCHEME, createTrustedUrlCheck } from './app-origin.ts'
import { installAppMenu } from './app-menu.ts'
import { resolveAppPaths } from './app-paths.ts'
import { createAppProtocolHandler } from './app-protocol.ts'
import { enableGpuWorkerSwitches } from './browser-gpu-host.ts'
import { startGpuWorkers } from './gpu-workers.ts'
import { hardenWebContents } from './harden-contents.ts'
import { registerIpcBridge } from './ipc-bridge.ts'
import { parseLaunchArgs } from './launch-args.ts'
import { createQuitController, quitConfirmation } from './quit-controller.ts'
import { createRecentFilesStore, RECENT_FILES_FILE } from './recent-files.ts'
import { applySessionSecurity } from './session-security.ts'
import { readSweepFile, SWEEP_FILE_EXTENSIONS } from './sweep-file.ts'
import { createSweepFileOpener } from './sweep-file-opener.ts'
import { createWindowManager } from './window-manager.ts'
import { WINDOW_STATE_FILE } from './window-state.ts'
import { relaunchArgs, workspaceTitle } from './workspace-switch.ts'

const APP_NAME = 'Sweeplab'

// Before `ready`: 'self' in the CSP, module scripts and fetch need the scheme standard and secure.
// Not corsEnabled: that privilege would let other origins read app:// responses without any CORS check.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])

enableGpuWorkerSwitches(app.commandLine)

const launch = parseLaunchArgs(process.argv, process.cwd())
// The same workspace as the CLI and browser mode: --db, else SWEEPLAB_DB, else the per-user data folder.
const dbPath = resolveDbPath({ db: launch.db }, process.env)
// File → Open Workspace Read-Only… restarts the app with --db FILE --read-only.
const readOnly = launch.readOnly === true
const paths = resolveAppPaths(import.meta.dirname, app.getAppPath())
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const isTrustedUrl = createTrustedUrlCheck(devServerUrl)
const startUrl = devServerUrl && isTrustedUrl(devServerUrl) ? devServerUrl : APP_ENTRY_URL

if (!app.requestSingleInstanceLock()) {
  // The running instance gets our argv through `second-instance` and opens any file named in it.
  app.quit()
} else {
  runApp()
}

function runApp(): void {
  let engine: Engine | undefined
  let gpuHost: BrowserTrainingHost | undefined
  const pendingFiles = [...launch.files]
  const windows = createWindowManager({
    stateFile: join(app.getPath('userData'), WINDOW_STATE_FILE),
    preload: paths.preload,
    url: startUrl,
    onDropFile: (path) => void openSweepFile(path),
    onCloseRequest: () => {
      // On Windows and Linux closing the window quits the app, and quitting may need to ask first.
      if (process.platform === 'darwin' || quit.phase === 'exited') return false
      app.quit()
      return true
    },
  })
  const showWindow = (): BrowserWindow => windows.show()
  const liveWindow = (): BrowserWindow | undefined => windows.live()

  let refreshMenu = (): void => undefined
  const recent = createRecentFilesStore(join(app.getPath('userData'), RECENT_FILES_FILE), {
    onChange: () => refreshMenu(),
    onSaveError: (e) => console.warn('sweeplab: could not save the recent files list:', e),
  })
  const openSweepFile = createSweepFileOpener({
    read: (path) => readSweepFile(path),
    deliver: (file) => {
      windows.send({ type: 'open-sweep-file', payload: file })
      showWindow()
    },
    showError: (title, body) => dialog.showErrorBox(title, body),
    remember: (path) => {
      recent.add(path)
      if (process.platform !== 'linux') app.addRecentDocument(path)
    },
    forget: (path) => recent.remove(path),
  })

  async function chooseSweepFile(): Promise<void> {
    const options: OpenDialogOptions = {
      title: 'Open Sweep File',
      properties: ['openFile'],
      filters: [{ name: 'Sweep files', extensions: [...SWEEP_FILE_EXTENSIONS] }, { name: 'All files', extensions: ['*'] }],
      ...(recent.list[0] ? { defaultPath: dirname(recent.list[0]) } : {}),
    }
    const parent = liveWindow()
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
    const [path] = result.filePaths
    if (!result.canceled && path) await openSweepFile(path)
  }

  const quit = createQuitController({
    activeSweepIds: () => engine?.activeSweepIds() ?? [],
    async confirmStop(ids) {
      const options: MessageBoxOptions = { type: 'warning', ...quitConfirmation(ids), defaultId: 0, cancelId: 1, noLink: true }
      const parent = liveWindow()
      const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
      return response === 0
    },
    shutdown: async () => {
      await engine?.shutdown({ reason: 'app quit' })
      await gpuHost?.close()
    },
    exit: (code) => app.exit(code),
    onStopping: () => {
      windows.saveState()
      liveWindow()?.setTitle(`${APP_NAME} — stopping sweeps…`)
    },
    onError: (e) => console.error('sweeplab: while quitting:', e),
  })
  app.on('before-quit', (event) => quit.requestQuit(event))
  // Ctrl-C in the terminal that started the app: stop cleanly, without a dialog nobody may be looking at.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => quit.requestQuit(undefined, { ask: false }))

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('second-instance', (_event, argv, workingDirectory) => {
    showWindow()
    const file = parseLaunchArgs(argv, workingDirectory).files.at(-1)
    if (file) void openSweepFile(file)
  })
  // macOS hands files opened from Finder or the Dock to the running app, possibly before `ready`.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (app.isReady()) void openSweepFile(path)
    else pendingFiles.push(path)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (app.isReady() && !liveWindow() && quit.phase === 'running') showWindow()
  })

  void app.whenReady().then(startUp).catch((e: unknown) => {
    dialog.showErrorBox('Sweeplab could not start', e instanceof Error ? (e.stack ?? e.message) : String(e))
    app.exit(1)
  })

  async function startUp(): Promise<void> {
    applySessionSecurity(session.defaultSession, isTrustedUrl)
    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir))
    app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion(), copyright: 'MIT License' })
    gpuHost = await startGpuWorkers(paths.gpuWorkerPageDir)
    try {
      engine = createEngine({
        dbPath, ...(readOnly ? { readOnly } : {}), workerEntry: paths.workerEntry, resourcesDir: paths.datasetsDir, examplesDir: paths.examplesDir, ...(gpuHost ? { browserHost: gpuHost } : {}),
      })
    } catch (e) {
      await gpuHost?.close()
      dialog.showErrorBox('Sweeplab cannot open its workspace', `${dbPath}\n\n${e instanceof Error ? e.message : String(e)}`)
      app.exit(1)
      return
    }
    registerIpcBridge(ipcMain, engine, () => {
      const w = liveWindow()
      return w ? [w.webContents] : []
    }, isTrustedUrl)
    refreshMenu = installAppMenu({
      appName: APP_NAME, paths, dbPath, recent, showWindow, liveWindow, chooseSweepFile, openSweepFile, readOnly,
      switchWorkspace: (db, ro) => {
        // Quitting asks first when sweeps run here; the new instance starts once this one is gone.
        app.relaunch({ args: relaunchArgs(process.argv.slice(1), db, ro) })
        app.quit()
      },
    })
    showWindow().setTitle(workspaceTitle(APP_NAME, dbPath, readOnly))
    const file = pendingFiles.at(-1)
    if (file) void openSweepFile(file)
  }
}
