import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeEngine } from '../cli/testing/fake-engine.ts'
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-bridge.ts'
import { CONTENT_SECURITY_POLICY } from './security-policy.ts'
import { createFakeElectron, fakeEvent, FakeWebContents, type FakeElectron } from './testing/fake-electron.ts'

// main.ts wired to a fake Electron (the real one cannot start here) and a fake engine: this checks
// the wiring; the decisions themselves are tested beside each module.

const root = fileURLToPath(new URL('../../', import.meta.url))
const settle = () => new Promise((r) => setTimeout(r, 10))

let dir: string
let engines: FakeEngine[]
let savedArgv: string[]
let signalListeners: Map<string, Array<(...a: unknown[]) => void>>
let warn: ReturnType<typeof vi.spyOn>

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-main-'))
  engines = []
  savedArgv = process.argv
  signalListeners = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listeners(s as NodeJS.Signals) as Array<(...a: unknown[]) => void>]))
  vi.resetModules()
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

afterEach(() => {
  process.argv = savedArgv
  // main.ts adds SIGINT/SIGTERM handlers to this (the test worker's) process: take them off again.
  for (const [signal, before] of signalListeners) {
    for (const l of process.listeners(signal as NodeJS.Signals)) if (!before.includes(l as never)) process.off(signal, l)
  }
  warn.mockRestore()
  vi.doUnmock('electron')
  vi.doUnmock('../engine/engine.ts')
  rmSync(dir, { recursive: true, force: true })
})

/** Imports main.ts with `argv` after the app path, lets `ready` happen, and returns the fakes. */
async function start(argv: string[] = [], prepare?: (fake: FakeElectron) => void): Promise<FakeElectron> {
  const fake = createFakeElectron({ userData: join(dir, 'userData'), appPath: root })
  prepare?.(fake)
  vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }))
  vi.doMock('../engine/engine.ts', () => ({
    createEngine: (opts: ConstructorParameters<typeof FakeEngine>[0]) => {
      const e = new FakeEngine(opts)
      engines.push(e)
      return e
    },
  }))
  process.argv = ['/opt/electron', '.', '--db', join(dir, 'ws.db'), ...argv]
  await import('./main.ts')
  fake.makeReady()
  await settle()
  return fake
}

function newSignalListener(signal: NodeJS.Signals): () => void {
  const before = signalListeners.get(signal) ?? []
  const added = process.listeners(signal).filter((l) => !before.includes(l as never))
  expect(added).toHaveLength(1)
  return added[0] as () => void
}

const openEvents = (wc: FakeWebContents) => wc.sent.filter(([ch, ev]) => ch === EVENT_CHANNEL && (ev as { type: string }).type === 'open-sweep-file').map(([, ev]) => (ev as { payload: unknown }).payload)

function sweepFile(name: string, text = 'method: grid\n'): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

type MenuItem = { label?: string; role?: string; click?: () => void; submenu?: MenuItem[] }
function menuItem(fake: FakeElectron, ...labels: string[]): MenuItem {
  let items = fake.menu() as MenuItem[]
  let item: MenuItem | undefined
  for (const label of labels) {
    item = items.find((i) => i.label === label)
    items = item?.submenu ?? []
  }
  if (!item) throw new Error(`no menu item ${labels.join(' > ')}`)
  return item
}

describe('the desktop shell (main.ts)', () => {
  it('opens one locked-down window on app://sweeplab and serves the built renderer on that scheme', async () => {
    const fake = await start()
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
    expect(fake.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(fake.windows).toHaveLength(1)
    const win = fake.windows[0]!
    expect(win.webContents.url).toBe('app://sweeplab/index.html')
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true, navigateOnDragDrop: true,
      preload: join(root, 'electron', 'preload', 'preload.cjs'),
    })
    // Spelled out, not read from LOCKED_WEB_PREFERENCES: loosening that object must fail here too.
    expect(win.options.webPreferences).toMatchObject({
      nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, allowRunningInsecureContent: false,
    })
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments', 'enableRemoteModule']) {
      expect(win.options.webPreferences, risky).not.toHaveProperty(risky)
    }
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
  })

  it('runs the engine on the --db workspace with the bundled worker, datasets and examples', async () => {
    const fake = await start()
    expect(fake.app.commandLine.appendSwitch).toHaveBeenCalledWith('enable-unsafe-webgpu')
    // No GPU worker page is built beside these sources: the engine runs without browser workers, and says why.
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/no GPU worker page at .*browser-worker/)
    expect(engines).toHaveLength(1)
    expect(engines[0]!.options).toEqual({
      dbPath: join(dir, 'ws.db'),
      workerEntry: join(root, 'electron', 'main', 'worker.js'),
      resourcesDir: join(root, 'resources', 'datasets'),
      examplesDir: join(root, 'resources', 'examples'),
    })
  })

  it('opens the workspace read-only with --read-only (File → Open Workspace Read-Only… relaunches with it)', async () => {
    await start(['--read-only'])
    expect(engines[0]!.options).toMatchObject({ dbPath: join(dir, 'ws.db'), readOnly: true })
  })

  it('answers API calls from its page only', async () => {
    const fake = await start()
    const wc = fake.windows[0]!.webContents
    const handler = fake.ipcHandlers.get(CALL_CHANNEL)!
    const req = { id: 1, method: 'listSweeps', args: {} }
    expect(await handler({ sender: wc, senderFrame: { url: 'app://sweeplab/index.html#/', parent: null } }, req)).toEqual({ id: 1, ok: true, result: [] })
    expect(await handler({ sender: wc, senderFrame: { url: 'https://evil.example/', parent: null } }, req)).toMatchObject({ ok: false, error: { code: 'api/bad-payload' } })
    expect(await handler({ sender: new FakeWebContents(), senderFrame: { url: 'app://sweeplab/index.html', parent: null } }, req)).toMatchObject({ ok: false })
  })

  it('applies the session rules: CSP on our pages, permissions refused but clipboard writes, no devices', async () => {
    const fake = await start()
    const onHeaders = fake.permission.headers as (d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void
    const answers: unknown[] = []
    onHeaders({ url: 'app://sweeplab/index.html', responseHeaders: {} }, (r) => answers.push(r))
    onHeaders({ url: 'https://example.com/', responseHeaders: {} }, (r) => answers.push(r))
    expect(answers[0]).toMatchObject({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    expect(answers[1]).toEqual({})
    const request = fake.permission.request as (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void
    const granted: boolean[] = []
    request(null, 'media', (ok) => granted.push(ok), { requestingUrl: 'app://sweeplab/index.html' })
    request(null, 'clipboard-sanitized-write', (ok) => granted.push(ok), { requestingUrl: 'app://sweeplab/index.html' })
    expect(granted).toEqual([false, true])
    expect((fake.permission.device as () => boolean)()).toBe(false)
  })

  it('denies new windows (https links go to the browser) and webviews, in every web contents', async () => {
    const fake = await start()
    const wc = fake.windows[0]!.webContents
    expect(wc.windowOpenHandler?.({ url: 'https://docs.example/x' })).toEqual({ action: 'deny' })
    expect(wc.windowOpenHandler?.({ url: 'http://docs.example/x' })).toEqual({ action: 'deny' })
    expect(fake.electron.shell.openExternal.mock.calls).toEqual([['https://docs.example/x']])
    const attach = fakeEvent()
    wc.emit('will-attach-webview', attach)
    expect(attach.defaultPrevented).toBe(true)
    const other = new FakeWebContents()
    fake.app.emit('web-contents-created', fakeEvent(), other)
    expect(other.windowOpenHandler?.({ url: 'https://x.example/' })).toEqual({ action: 'deny' })
    const nav = fakeEvent({ url: 'https://x.example/' })
    other.emit('will-navigate', nav)
    expect(nav.defaultPrevented).toBe(true)
  })

  it('hands a sweep file named on the command line to the page once it has loaded, and remembers it', async () => {
    const file = sweepFile('lr.yaml', 'method: random\n')
    const fake = await start([file])
    const wc = fake.windows[0]!.webContents
    // Remembered once read, before it is handed over.
    const recentFile = join(dir, 'userData', 'recent-files.json')
    await vi.waitFor(() => expect(JSON.parse(readFileSync(recentFile, 'utf8'))).toEqual([file]))
    expect(openEvents(wc)).toEqual([])
    wc.finishLoad()
    expect(openEvents(wc)).toEqual([{ text: 'method: random\n', fileName: file }])
    expect(menuItem(fake, '&File', 'Open Recent').submenu?.[0]?.label).toBe(`lr.yaml — ${dir}`)
  })

  it('opens the file a second instance names, resolved against its working directory, in the running window', async () => {
    const fake = await start()
    const wc = fake.windows[0]!.webContents
    wc.finishLoad()
    sweepFile('second.yml')
    fake.app.emit('second-instance', fakeEvent(), ['/opt/electron', '.', '--original-process-start-time=1', 'second.yml'], dir, {})
    await vi.waitFor(() => expect(openEvents(wc)).toEqual([{ text: 'method: grid\n', fileName: join(dir, 'second.yml') }]))
    expect(fake.windows).toHaveLength(1)
  })

  it('holds a file while the page reloads, but not across hash changes or cancelled navigations', async () => {
    const fake = await start()
    const wc = fake.windows[0]!.webContents
    wc.finishLoad()
    sweepFile('a.yaml')
    // What a hash route change and a cancelled drop look like: neither loads a new document.
    wc.emit('did-start-loading')
    wc.emit('did-navigate-in-page', fakeEvent(), 'app://sweeplab/index.html#/new', true)
    wc.emit('did-start-navigation', fakeEvent({ url: 'file:///x.yaml', isSameDocument: false, isMainFrame: true }))
    fake.app.emit('second-instance', fakeEvent(), ['/opt/electron', 'a.yaml'], dir, {})
    await vi.waitFor(() => expect(openEvents(wc)).toHaveLength(1))

    wc.emit('did-navigate', fakeEvent(), 'app://sweeplab/index.html', 200, 'OK')
    const b = sweepFile('b.yaml')
    fake.app.emit('second-instance', fakeEvent(), ['/opt/electron', 'b.yaml'], dir, {})
    // Read and remembered, but held: the reloading page's preload may not listen yet.
    await vi.waitFor(() => expect(JSON.parse(readFileSync(join(dir, 'userData', 'recent-files.json'), 'utf8'))[0]).toBe(b))
    expect(openEvents(wc)).toHaveLength(1)
    wc.emit('did-finish-load')
    expect(openEvents(wc)).toHaveLength(2)
  })

  it('shows the path and the reason when a file cannot be opened', async () => {
    const fake = await start()
    fake.windows[0]!.webContents.finishLoad()
    fake.app.emit('second-instance', fakeEvent(), ['/opt/electron', 'missing.yaml'], dir, {})
    await vi.waitFor(() => expect(fake.electron.dialog.showErrorBox).toHaveBeenCalled())
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith('Cannot open sweep file', `${join(dir, 'missing.yaml')}\n\nthe file does not exist (moved or deleted?)`)
    expect(openEvents(fake.windows[0]!.webContents)).toEqual([])
  })

  it('opens a file dropped on the window, and never lets the page itself navigate to a file', async () => {
    const fake = await start()
    const wc = fake.windows[0]!.webContents
    wc.finishLoad()
    const file = sweepFile('dropped.json', '{"method": "grid"}')
    const drop = fakeEvent({ url: pathToFileURL(file).href, initiator: null })
    wc.emit('will-navigate', drop)
    const sneaky = fakeEvent({ url: pathToFileURL(file).href, initiator: {} })
    wc.emit('will-navigate', sneaky)
    expect(drop.defaultPrevented).toBe(true)
    expect(sneaky.defaultPrevented).toBe(true)
    await vi.waitFor(() => expect(openEvents(wc)).toEqual([{ text: '{"method": "grid"}', fileName: file }]))
    await settle()
    expect(openEvents(wc)).toHaveLength(1)
  })

  it('File > Open Sweep File… offers sweep files in a dialog and opens the one chosen', async () => {
    const file = sweepFile('chosen.yaml')
    const fake = await start()
    const wc = fake.windows[0]!.webContents
    wc.finishLoad()
    fake.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] })
    menuItem(fake, '&File', 'Open Sweep File…').click!()
    await vi.waitFor(() => expect(openEvents(wc)).toHaveLength(1))
    const options = fake.electron.dialog.showOpenDialog.mock.calls[0]?.[1] as { filters: Array<{ extensions: string[] }> }
    expect(options.filters[0]!.extensions).toEqual(['yaml', 'yml', 'json'])
    expect(openEvents(wc)).toEqual([{ text: 'method: grid\n', fileName: file }])
  })

  it('File > New Sweep shows the new-sweep screen with a fixed hash change', async () => {
    const fake = await start()
    menuItem(fake, '&File', 'New Sweep').click!()
    expect(fake.windows[0]!.webContents.scripts).toEqual(['location.hash = "#/new"'])
  })

  it('quits without asking when no sweep runs: the engine shuts down first, then the app exits 0', async () => {
    const fake = await start()
    fake.app.quit()
    await settle()
    expect(engines[0]!.shutdownCalls).toEqual([{ reason: 'app quit' }])
    expect(fake.electron.dialog.showMessageBox).not.toHaveBeenCalled()
    expect(fake.app.exit.mock.calls).toEqual([[0]])
  })

  it('closing the window while a sweep runs asks; Cancel keeps everything, Stop and Quit stops it cleanly', async () => {
    const fake = await start()
    const engine = engines[0]!
    engine.nextSweep = { hang: true, plan: [{ params: { x: 1 } }] }
    const { sweepId } = await engine.createSweep({ text: 'method: grid' })
    const statuses: string[] = []
    engine.subscribe((ev) => {
      if (ev.type === 'sweep-updated') statuses.push(ev.payload.sweep.status)
    })
    await settle()
    expect(engine.activeSweepIds()).toEqual([sweepId])

    fake.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    fake.windows[0]!.close()
    await settle()
    const [, options] = fake.electron.dialog.showMessageBox.mock.calls[0] as [unknown, { message: string; buttons: string[]; cancelId: number }]
    expect(options).toMatchObject({ message: '1 sweep is running. Stop it and quit?', buttons: ['Stop and Quit', 'Cancel'], cancelId: 1 })
    expect(fake.windows[0]!.destroyed).toBe(false)
    expect(engine.shutdownCalls).toEqual([])
    expect(fake.app.exit).not.toHaveBeenCalled()

    fake.app.quit()
    fake.app.quit()
    await settle()
    expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledTimes(2)
    expect(engine.shutdownCalls).toEqual([{ reason: 'app quit' }])
    expect(statuses.at(-1)).toBe('interrupted')
    expect(fake.app.exit.mock.calls).toEqual([[0]])
  })

  it('Ctrl-C in the terminal stops running sweeps without a dialog', async () => {
    const fake = await start()
    const engine = engines[0]!
    engine.nextSweep = { hang: true, plan: [{ params: { x: 1 } }] }
    await engine.createSweep({ text: 'method: grid' })
    await settle()
    newSignalListener('SIGINT')()
    newSignalListener('SIGINT')()
    await settle()
    expect(fake.electron.dialog.showMessageBox).not.toHaveBeenCalled()
    expect(engine.shutdownCalls).toHaveLength(1)
    expect(fake.app.exit.mock.calls).toEqual([[0]])
  })

  it('saves the window placement on close and opens there next time', async () => {
    const fake = await start()
    const win = fake.windows[0]!
    win.bounds = { x: 200, y: 150, width: 1000, height: 700 }
    win.maximized = true
    fake.app.quit()
    await settle()
    expect(JSON.parse(readFileSync(join(dir, 'userData', 'window-state.json'), 'utf8'))).toEqual({ x: 200, y: 150, width: 1000, height: 700, maximized: true })

    vi.resetModules()
    const again = await start()
    expect(again.windows[0]!.options).toMatchObject({ x: 200, y: 150, width: 1000, height: 700 })
    expect(again.windows[0]!.maximized).toBe(true)
  })

  it('a second copy of the app hands over to the first and quits before opening anything', async () => {
    const fake = await start([], (f) => {
      f.app.lock = false
    })
    expect(fake.app.quit).toHaveBeenCalled()
    expect(fake.windows).toHaveLength(0)
    expect(engines).toHaveLength(0)
  })

  it('reports any other start-up failure in a dialog and exits 1 instead of hanging without a window', async () => {
    const fake = await start([], (f) => {
      f.electron.protocol.handle.mockImplementation(() => {
        throw new Error('The scheme has been registered')
      })
    })
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith('Sweeplab could not start', expect.stringContaining('The scheme has been registered'))
    expect(fake.app.exit.mock.calls).toEqual([[1]])
    expect(fake.windows).toHaveLength(0)
  })

  it('says which workspace it cannot open, and exits 1', async () => {
    mkdirSync(join(dir, 'userData'), { recursive: true })
    const fake = createFakeElectron({ userData: join(dir, 'userData'), appPath: root })
    vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }))
    vi.doMock('../engine/engine.ts', () => ({
      createEngine: () => {
        throw new Error('the workspace was written by a newer Sweeplab (schema 9)')
      },
    }))
    process.argv = ['/opt/electron', '.', '--db', join(dir, 'ws.db')]
    await import('./main.ts')
    fake.makeReady()
    await settle()
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith('Sweeplab cannot open its workspace', `${join(dir, 'ws.db')}\n\nthe workspace was written by a newer Sweeplab (schema 9)`)
    expect(fake.app.exit.mock.calls).toEqual([[1]])
    expect(fake.windows).toHaveLength(0)
  })
})
