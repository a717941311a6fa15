import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { buildMenuTemplate, recentFileLabel, showScreenScript, type MenuActions, type MenuOptions } from './menu-template.ts'

function actions() {
  return {
    show: vi.fn<MenuActions['show']>(), openSweepFile: vi.fn(), openRecent: vi.fn<MenuActions['openRecent']>(), clearRecent: vi.fn(), goBack: vi.fn(), goForward: vi.fn(),
    showWorkspace: vi.fn(), openDocumentation: vi.fn(), openDocsFolder: vi.fn(), openWorkspaceReadOnly: vi.fn(), openDefaultWorkspace: vi.fn(),
  } satisfies MenuActions
}

function build(over: Partial<MenuOptions> = {}) {
  const a = actions()
  const template = buildMenuTemplate({ platform: 'linux', appName: 'Sweeplab', isDev: false, recentFiles: [], home: '/home/me', actions: a, ...over })
  return { template, a }
}

const submenu = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => (item?.submenu ?? []) as MenuItemConstructorOptions[]
const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)
const roles = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.role).map((i) => i.role)
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as () => void)()

describe('the application menu', () => {
  it('has File, Edit, View, Go, Window and Help on Windows and Linux, with mnemonics', () => {
    const { template } = build()
    expect(template.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', '&Go', 'windowMenu', '&Help'])
  })

  it('File: New Sweep (Ctrl+N) shows the new-sweep screen, Open Sweep File… (Ctrl+O) opens the dialog, then Quit', () => {
    const { template, a } = build()
    const file = submenu(template[0])
    const newSweep = byLabel(file, 'New Sweep')
    expect(newSweep?.accelerator).toBe('CmdOrCtrl+N')
    click(newSweep)
    expect(a.show).toHaveBeenCalledWith('new-sweep')
    const open = byLabel(file, 'Open Sweep File…')
    expect(open?.accelerator).toBe('CmdOrCtrl+O')
    click(open)
    expect(a.openSweepFile).toHaveBeenCalledOnce()
    click(byLabel(file, 'Show Workspace in Folder'))
    expect(a.showWorkspace).toHaveBeenCalledOnce()
    expect(file.at(-1)).toEqual({ role: 'quit' })
  })

  it('File: Open Workspace Read-Only… picks a workspace; on a read-only one, Back to the Default Workspace returns', () => {
    const { template, a } = build()
    const file = submenu(template[0])
    click(byLabel(file, 'Open Workspace Read-Only…'))
    expect(a.openWorkspaceReadOnly).toHaveBeenCalledOnce()
    expect(byLabel(file, 'Back to the Default Workspace')).toBeUndefined()
    const ro = build({ readOnly: true })
    click(byLabel(submenu(ro.template[0]), 'Back to the Default Workspace'))
    expect(ro.a.openDefaultWorkspace).toHaveBeenCalledOnce()
  })

  it('Open Recent lists files newest first with their folders, opens the one picked, and can be cleared', () => {
    const { template, a } = build({ recentFiles: ['/home/me/sweeps/lr.yaml', '/data/R&D/mlp.json'] })
    const recent = submenu(byLabel(submenu(template[0]), 'Open Recent'))
    expect(recent.map((i) => i.label ?? i.type)).toEqual(['lr.yaml — ~/sweeps', 'mlp.json — /data/R&&D', 'separator', 'Clear Recent'])
    click(recent[1])
    expect(a.openRecent).toHaveBeenCalledWith('/data/R&D/mlp.json')
    click(byLabel(recent, 'Clear Recent'))
    expect(a.clearRecent).toHaveBeenCalledOnce()
  })

  it('says so when there are no recent files', () => {
    const recent = submenu(byLabel(submenu(build().template[0]), 'Open Recent'))
    expect(recent).toEqual([{ label: 'No Recent Files', enabled: false }])
  })

  it('Edit has the usual editing roles', () => {
    expect(roles(submenu(build().template[1]))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
  })

  it('View has Reload only in development, and always dev tools, zoom and full screen', () => {
    expect(roles(submenu(build().template[2]))).toEqual(['toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    expect(roles(submenu(build({ isDev: true }).template[2]))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
  })

  it('Go moves through history and between screens with shortcuts', () => {
    const { template, a } = build()
    const go = submenu(template[3])
    expect(go.filter((i) => i.label).map((i) => [i.label, i.accelerator])).toEqual([
      ['Back', 'Alt+Left'], ['Forward', 'Alt+Right'], ['Sweeps', 'CmdOrCtrl+1'], ['Datasets', 'CmdOrCtrl+2'],
    ])
    for (const item of go) if (item.click) click(item)
    expect(a.goBack).toHaveBeenCalledOnce()
    expect(a.goForward).toHaveBeenCalledOnce()
    expect(a.show.mock.calls).toEqual([['sweeps'], ['datasets']])
  })

  it('Help opens the documentation and the docs folder, and has About off macOS', () => {
    const { template, a } = build()
    const help = submenu(template[5])
    click(byLabel(help, 'Documentation'))
    click(byLabel(help, 'Open Docs Folder'))
    expect(a.openDocumentation).toHaveBeenCalledOnce()
    expect(a.openDocsFolder).toHaveBeenCalledOnce()
    expect(roles(help)).toEqual(['about'])
  })

  it('follows macOS conventions: the app menu first, Close in File, Cmd+[ / Cmd+] for history, no mnemonics', () => {
    const { template } = build({ platform: 'darwin', home: '/Users/me', recentFiles: ['/Users/me/R&D.yaml'] })
    expect(template.map((m) => m.label ?? m.role)).toEqual(['Sweeplab', 'File', 'Edit', 'View', 'Go', 'windowMenu', 'Help'])
    expect(roles(submenu(template[0]))).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    const file = submenu(template[1])
    expect(file.at(-1)).toEqual({ role: 'close' })
    expect(byLabel(file, 'Show Workspace in Finder')).toBeDefined()
    expect(submenu(byLabel(file, 'Open Recent'))[0]?.label).toBe('R&D.yaml — ~')
    expect(submenu(template[4]).slice(0, 2).map((i) => i.accelerator)).toEqual(['Cmd+[', 'Cmd+]'])
    expect(roles(submenu(template[6]))).toEqual([])
  })
})

describe('menu helpers', () => {
  it('shows a screen with a fixed hash assignment', () => {
    expect(showScreenScript('new-sweep')).toBe('location.hash = "#/new"')
    expect(showScreenScript('sweeps')).toBe('location.hash = "#/"')
    expect(showScreenScript('datasets')).toBe('location.hash = "#/datasets"')
  })

  it('labels recent files with the home folder as ~ only when the path is inside it', () => {
    expect(recentFileLabel('/home/me/a.yaml', '/home/me', 'linux')).toBe('a.yaml — ~')
    expect(recentFileLabel('/home/meadow/a.yaml', '/home/me', 'linux')).toBe('a.yaml — /home/meadow')
  })
})
