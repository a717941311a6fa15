import type { MenuItemConstructorOptions } from 'electron'
import { basename, dirname } from 'node:path'

/** Screens the Go menu reaches; main turns each into a fixed hash route. */
export type MenuScreen = 'sweeps' | 'new-sweep' | 'datasets'

/** What the menu's own items do; Electron roles (copy, zoom, quit…) need nothing from us. */
export interface MenuActions {
  show(screen: MenuScreen): void
  openSweepFile(): void
  openRecent(path: string): void
  clearRecent(): void
  goBack(): void
  goForward(): void
  showWorkspace(): void
  /** File → Open Workspace Read-Only…: pick a workspace file and restart on it, read-only. */
  openWorkspaceReadOnly(): void
  /** Back from a read-only workspace to the default one. */
  openDefaultWorkspace(): void
  openDocumentation(): void
  openDocsFolder(): void
}

export interface MenuOptions {
  platform: NodeJS.Platform
  appName: string
  /** Unpackaged (`npm start`, `electron-vite dev`): adds Reload. */
  isDev: boolean
  /** Newest first, absolute. */
  recentFiles: ReadonlyArray<string>
  /** The user's home folder, shown as ~ in Open Recent. */
  home: string
  actions: MenuActions
  /** The app runs on a read-only workspace: the menu offers the way back. */
  readOnly?: boolean
}

const SEPARATOR: MenuItemConstructorOptions = { type: 'separator' }

/**
 * "name.yaml — ~/sweeps/dir": the file first, its folder after, home as ~. On Windows and Linux
 * `&` marks a keyboard mnemonic in a label, so a literal one is doubled there.
 */
export function recentFileLabel(path: string, home: string, platform: NodeJS.Platform): string {
  const dir = dirname(path)
  const shown = home && (dir === home || dir.startsWith(`${home}/`) || dir.startsWith(`${home}\\`)) ? `~${dir.slice(home.length)}` : dir
  const label = `${basename(path)} — ${shown}`
  return platform === 'darwin' ? label : label.replaceAll('&', '&&')
}

/**
 * The application menu. macOS gets the app menu (About, Services, Hide, Quit) first and Close in
 * File; Windows and Linux get Quit in File and About in Help. Every item that has a shortcut shows it.
 */
export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const { actions } = opts
  const mac = opts.platform === 'darwin'
  // Alt+letter opens a top-level menu on Windows and Linux; macOS has no mnemonics and would show the &.
  const top = (name: string): string => (mac ? name : `&${name}`)
  const recent: MenuItemConstructorOptions[] = opts.recentFiles.length === 0
    ? [{ label: 'No Recent Files', enabled: false }]
    : [
        ...opts.recentFiles.map((path): MenuItemConstructorOptions => ({ label: recentFileLabel(path, opts.home, opts.platform), click: () => actions.openRecent(path) })),
        SEPARATOR,
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]

  const appMenu: MenuItemConstructorOptions = {
    label: opts.appName,
    submenu: [
      { role: 'about' },
      SEPARATOR,
      { role: 'services' },
      SEPARATOR,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      SEPARATOR,
      { role: 'quit' },
    ],
  }
  const fileMenu: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      { label: 'New Sweep', accelerator: 'CmdOrCtrl+N', click: () => actions.show('new-sweep') },
      { label: 'Open Sweep File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openSweepFile() },
      { label: 'Open Recent', submenu: recent },
      SEPARATOR,
      { label: mac ? 'Show Workspace in Finder' : 'Show Workspace in Folder', click: () => actions.showWorkspace() },
      { label: 'Open Workspace Read-Only…', click: () => actions.openWorkspaceReadOnly() },
      ...(opts.readOnly ? [{ label: 'Back to the Default Workspace', click: () => actions.openDefaultWorkspace() }] : []),
      SEPARATOR,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  }
  const editMenu: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [{ role: 'undo' }, { role: 'redo' }, SEPARATOR, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  }
  const viewMenu: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [
      ...(opts.isDev ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, SEPARATOR] : []),
      { role: 'toggleDevTools' },
      SEPARATOR,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      SEPARATOR,
      { role: 'togglefullscreen' },
    ],
  }
  const goMenu: MenuItemConstructorOptions = {
    label: top('Go'),
    submenu: [
      { label: 'Back', accelerator: mac ? 'Cmd+[' : 'Alt+Left', click: () => actions.goBack() },
      { label: 'Forward', accelerator: mac ? 'Cmd+]' : 'Alt+Right', click: () => actions.goForward() },
      SEPARATOR,
      { label: 'Sweeps', accelerator: 'CmdOrCtrl+1', click: () => actions.show('sweeps') },
      { label: 'Datasets', accelerator: 'CmdOrCtrl+2', click: () => actions.show('datasets') },
    ],
  }
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: top('Help'),
    submenu: [
      { label: 'Documentation', click: () => actions.openDocumentation() },
      { label: 'Open Docs Folder', click: () => actions.openDocsFolder() },
      ...(mac ? [] : [SEPARATOR, { role: 'about' } as const]),
    ],
  }
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, goMenu, { role: 'windowMenu' }, helpMenu]
}

/** The renderer's hash route for each screen the menu opens (renderer/route.ts `routeHref`). */
export const SCREEN_HASHES: Readonly<Record<MenuScreen, string>> = { sweeps: '#/', 'new-sweep': '#/new', datasets: '#/datasets' }

/**
 * The script main runs in the page to show a screen: a hash change, the same in-page navigation a
 * link click makes. Built only from the fixed table above, never from input.
 */
export function showScreenScript(screen: MenuScreen): string {
  return `location.hash = ${JSON.stringify(SCREEN_HASHES[screen])}`
}
