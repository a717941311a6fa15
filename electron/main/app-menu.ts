import { app, dialog, Menu, shell, type BrowserWindow } from 'electron'
import { homedir } from 'node:os'
import type { AppPaths } from './app-paths.ts'
import { buildMenuTemplate, showScreenScript, type MenuScreen } from './menu-template.ts'
import type { RecentFilesStore } from './recent-files.ts'
import { WORKSPACE_FILE_EXTENSIONS } from './workspace-switch.ts'

export interface AppMenuDeps {
  appName: string
  paths: AppPaths
  dbPath: string
  recent: RecentFilesStore
  /** The main window, shown (and created if needed). */
  showWindow(): BrowserWindow
  liveWindow(): BrowserWindow | undefined
  chooseSweepFile(): Promise<void>
  openSweepFile(path: string): Promise<boolean>
  /** The workspace is open read-only. */
  readOnly: boolean
  /** Restarts the app on `db` (null: the default workspace), read-only or not. */
  switchWorkspace(db: string | null, readOnly: boolean): void
}

/** Sets the application menu from the template and returns a refresh for when Open Recent changes. */
export function installAppMenu(deps: AppMenuDeps): () => void {
  const history = () => deps.liveWindow()?.webContents.navigationHistory
  const show = (screen: MenuScreen): void => void deps.showWindow().webContents.executeJavaScript(showScreenScript(screen))
  async function openOnDisk(path: string, what: string): Promise<void> {
    const error = await shell.openPath(path)
    if (error) dialog.showErrorBox(`Cannot open the ${what}`, `${path}\n\n${error}`)
  }
  async function chooseWorkspace(): Promise<void> {
    const options = {
      title: 'Open Workspace Read-Only',
      properties: ['openFile' as const],
      filters: [{ name: 'Sweeplab workspaces', extensions: [...WORKSPACE_FILE_EXTENSIONS] }, { name: 'All files', extensions: ['*'] }],
    }
    const parent = deps.liveWindow()
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
    const [path] = result.filePaths
    if (!result.canceled && path) deps.switchWorkspace(path, true)
  }
  const refresh = (): void => {
    const template = buildMenuTemplate({
      platform: process.platform,
      appName: deps.appName,
      isDev: !app.isPackaged,
      recentFiles: deps.recent.list,
      home: homedir(),
      readOnly: deps.readOnly,
      actions: {
        show,
        openSweepFile: () => void deps.chooseSweepFile(),
        openRecent: (path) => void deps.openSweepFile(path),
        clearRecent: () => {
          if (process.platform !== 'linux') app.clearRecentDocuments()
          deps.recent.clear()
        },
        goBack: () => {
          if (history()?.canGoBack()) history()?.goBack()
        },
        goForward: () => {
          if (history()?.canGoForward()) history()?.goForward()
        },
        showWorkspace: () => shell.showItemInFolder(deps.dbPath),
        openWorkspaceReadOnly: () => void chooseWorkspace(),
        openDefaultWorkspace: () => deps.switchWorkspace(null, false),
        openDocumentation: () => void openOnDisk(deps.paths.readme, 'documentation'),
        openDocsFolder: () => void openOnDisk(deps.paths.docsDir, 'docs folder'),
      },
    })
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  }
  refresh()
  return refresh
}
