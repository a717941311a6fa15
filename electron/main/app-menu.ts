import { app, dialog, Menu, shell, type BrowserWindow } from 'electron'
import { homedir } from 'node:os'
import type { AppPaths } from './app-paths.ts'
import { buildMenuTemplate, showScreenScript, type MenuScreen } from './menu-template.ts'
import type { RecentFilesStore } from './recent-files.ts'

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
}

/** Sets the application menu from the template and returns a refresh for when Open Recent changes. */
export function installAppMenu(deps: AppMenuDeps): () => void {
  const history = () => deps.liveWindow()?.webContents.navigationHistory
  const show = (screen: MenuScreen): void => void deps.showWindow().webContents.executeJavaScript(showScreenScript(screen))
  async function openOnDisk(path: string, what: string): Promise<void> {
    const error = await shell.openPath(path)
    if (error) dialog.showErrorBox(`Cannot open the ${what}`, `${path}\n\n${error}`)
  }
  const refresh = (): void => {
    const template = buildMenuTemplate({
      platform: process.platform,
      appName: deps.appName,
      isDev: !app.isPackaged,
      recentFiles: deps.recent.list,
      home: homedir(),
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
        openDocumentation: () => void openOnDisk(deps.paths.readme, 'documentation'),
        openDocsFolder: () => void openOnDisk(deps.paths.docsDir, 'docs folder'),
      },
    })
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  }
  refresh()
  return refresh
}
