import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// What electron-vite writes, loaded the way Electron would load it, with a stand-in for the
// 'electron' module (the real one cannot start here). The sources are tested beside each module;
// this catches what only the bundle can get wrong: a CommonJS shim clashing with a module's own
// `require`, a package bundled that must stay external, a preload a sandbox cannot run.

const root = fileURLToPath(new URL('../../', import.meta.url))
let out: string
let scratch: string

beforeAll(() => {
  // Inside the project, so the bundle resolves its external packages from node_modules.
  out = join(root, 'out', `.test-build-${process.pid}`)
  scratch = mkdtempSync(join(tmpdir(), 'sweeplab-built-app-'))
  const bin = join(dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  const build = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'error', '--outDir', out], { cwd: root, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}${build.stderr}`)
}, 120_000)

afterAll(() => {
  rmSync(out, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})

describe('the built desktop app', () => {
  it('main bundle loads as an ES module and starts: scheme registered, single-instance lock asked for', () => {
    const fake = join(scratch, 'fake-electron.mjs')
    writeFileSync(fake, `
      import { EventEmitter } from 'node:events'
      const seen = []
      process.on('exit', () => console.log('SEEN ' + JSON.stringify(seen)))
      export const app = Object.assign(new EventEmitter(), {
        isPackaged: false, commandLine: { appendSwitch: (s) => seen.push('switch ' + s) },
        requestSingleInstanceLock: () => (seen.push('lock'), true), whenReady: () => new Promise(() => {}), isReady: () => false,
        getPath: () => ${JSON.stringify(join(scratch, 'userData'))}, getAppPath: () => ${JSON.stringify(root)}, getVersion: () => '0', quit() {}, exit() {},
      })
      export const protocol = { registerSchemesAsPrivileged: (s) => seen.push('scheme ' + s[0].scheme), handle() {} }
      export const dialog = {}, ipcMain = {}, session = {}, screen = {}, shell = {}, Menu = {}, nativeTheme = {}
      export class BrowserWindow {}
    `)
    const hooks = `export async function resolve(s, c, next) { return s === 'electron' ? { url: ${JSON.stringify(pathToFileURL(fake).href)}, shortCircuit: true } : next(s, c) }`
    const register = join(scratch, 'register.mjs')
    writeFileSync(register, `import { register } from 'node:module'\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}))\n`)
    const main = pathToFileURL(join(out, 'main', 'main.js')).href
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, '-e', `import(${JSON.stringify(main)}).then(() => setTimeout(() => process.exit(0), 100))`], {
      cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SWEEPLAB_DB: join(scratch, 'ws.db') },
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(JSON.parse(/SEEN (.*)/.exec(run.stdout)?.[1] ?? 'null')).toEqual(['scheme app', 'switch enable-unsafe-webgpu', 'lock'])
  })

  it('every main-process file (main, the worker entry, their shared chunks) parses', () => {
    const files = ['main.js', 'worker.js', ...readdirSync(join(out, 'main', 'chunks')).map((f) => join('chunks', f))]
    const broken = files
      .map((f) => ({ f, check: spawnSync(process.execPath, ['--check', join(out, 'main', f)], { encoding: 'utf8' }) }))
      .filter(({ check }) => check.status !== 0)
      .map(({ f, check }) => `${f}: ${check.stderr.split('\n').find((l) => l.startsWith('SyntaxError')) ?? check.stderr}`)
    expect(broken).toEqual([])
  })

  it('preload is CommonJS that needs nothing but electron, and exposes exactly window.sweeplab', () => {
    const code = readFileSync(join(out, 'preload', 'preload.cjs'), 'utf8')
    const required: string[] = []
    const exposed: Record<string, unknown> = {}
    const listeners: string[] = []
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
      ipcRenderer: { on: (channel: string) => void listeners.push(channel), invoke: async (channel: string, req: unknown) => ({ channel, req }) },
    }
    const module = { exports: {} }
    // A sandboxed preload's `require` knows only a few modules; everything else must be bundled in.
    runInNewContext(code, { require: (id: string) => (required.push(id), id === 'electron' ? electron : undefined), module, exports: module.exports, console, setTimeout })
    expect(required).toEqual(['electron'])
    expect(Object.keys(exposed)).toEqual(['sweeplab'])
    expect(Object.keys(exposed.sweeplab as object).sort()).toEqual(['call', 'subscribe'])
    expect(listeners).toEqual(['sweeplab:event'])
  })

  it('writes the renderer browser mode serves and the worker entry the engine forks', () => {
    expect(readFileSync(join(out, 'renderer', 'index.html'), 'utf8')).toContain('<div id="root"></div>')
    expect(readFileSync(join(out, 'main', 'worker.js'), 'utf8').length).toBeGreaterThan(0)
  })
})
