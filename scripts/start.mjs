// `npm start`: build the app and launch it in Electron. Where there is no Electron runtime (its
// binary downloads on first run, and some machines cannot reach it) or no display, say so in one
// line and serve the same UI in browser mode (`sweeplab serve`), which prints the URL to open.
// Arguments pass through: `npm start -- --db my.db` (both modes), `-- --port 8080 --no-open` (browser mode).
// SWEEPLAB_NO_ELECTRON=1 forces browser mode.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
// npm runs scripts from the package root; relative paths in the arguments mean the folder the user typed them in.
const userCwd = process.env.INIT_CWD ?? process.cwd()
const say = (line) => process.stderr.write(`${line}\n`)

/** The tail of a build or download log worth showing when it failed. */
const tail = (text, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n')

/** Runs a Node script with its output captured, so a good run prints nothing of it. */
function runQuiet(script, scriptArgs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...scriptArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', (e) => resolve({ code: 1, output: `${output}${e.message}\n` }))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

function isSet(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

const EXECUTABLES = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }

function installedElectron(dir) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const bin = join(override, EXECUTABLES[process.platform] ?? 'electron')
    return existsSync(bin) ? bin : undefined
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : undefined
}

/**
 * The Electron binary, or why there is none. Electron >= 42 downloads it on first use; that download
 * runs here with its output captured, so a machine that cannot reach it gets one line, not a trace.
 */
async function findElectron() {
  let dir
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { reason: 'the electron package is not installed (run npm install)' }
  }
  const found = installedElectron(dir)
  if (found) return { bin: found }
  const notice = setTimeout(() => say('Downloading the Electron runtime (first run only)…'), 2000)
  const { output } = await runQuiet(join(dir, 'install.js'), [])
  clearTimeout(notice)
  const bin = installedElectron(dir)
  if (bin) return { bin }
  const error = output.split('\n').find((l) => /error|fail/i.test(l))?.replace(/^\w*Error:\s*/, '').trim()
  return { reason: `its binary downloads on first run and that failed${error ? `: ${error}` : ''}` }
}

function hasDisplay() {
  return process.platform !== 'linux' || isSet(process.env.DISPLAY) || isSet(process.env.WAYLAND_DISPLAY)
}

/** Newest modification time of the files that go into the renderer bundle (tests excluded). */
function newestSourceMtime() {
  let newest = 0
  const visit = (path) => {
    const info = statSync(path, { throwIfNoEntry: false })
    if (!info) return
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name === 'node_modules' || name === 'testing' || name.startsWith('.') || /\.test\.tsx?$/.test(name)) continue
        visit(join(path, name))
      }
    } else newest = Math.max(newest, info.mtimeMs)
  }
  for (const p of ['renderer', 'shared', 'electron.vite.config.ts', 'package.json']) visit(join(root, p))
  return newest
}

/** Why out/renderer needs building, or undefined when it is newer than every source file. */
function rendererBuildReason() {
  const index = statSync(join(root, 'out', 'renderer', 'index.html'), { throwIfNoEntry: false })
  if (!index) return 'not built yet'
  return newestSourceMtime() > index.mtimeMs ? 'sources changed since the last build' : undefined
}

/**
 * `electron-vite build` (main, preload, renderer) into a scratch folder, moved into out/ only when
 * it succeeded: a failed build leaves the last good one in place (electron-vite empties its output
 * folders first), and a server reading out/renderer meanwhile never sees it half-written.
 * The build's own output is held back unless it fails.
 */
async function build(why) {
  const started = Date.now()
  say(`Building the app (${why})…`)
  const bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  const out = join(root, 'out')
  const scratch = join(out, `.build-${process.pid}`)
  // Ctrl-C during the build exits without reaching `finally`.
  const cleanUp = () => rmSync(scratch, { recursive: true, force: true })
  process.on('exit', cleanUp)
  try {
    const { code, output } = await runQuiet(bin, ['build', '--logLevel', 'warn', '--outDir', scratch])
    if (code !== 0) {
      process.stderr.write(`${tail(output)}\nThe build failed (electron-vite build exited with ${code}).\n`)
      return false
    }
    for (const part of ['main', 'preload', 'renderer']) {
      const target = join(out, part)
      const old = join(out, `.old-${process.pid}-${part}`)
      try {
        if (existsSync(target)) renameSync(target, old)
        renameSync(join(scratch, part), target)
      } catch (e) {
        // Another build swapping out/ at the same moment: keep whichever is there, or restore the previous one.
        if (!existsSync(target) && existsSync(old)) renameSync(old, target)
        say(`Could not move the new build into ${target}: ${e.message}`)
      }
      rmSync(old, { recursive: true, force: true })
    }
    say(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
    return true
  } finally {
    cleanUp()
    process.off('exit', cleanUp)
  }
}

async function launchElectron(bin) {
  if (!(await build('for the desktop app'))) process.exit(1)
  const child = spawn(bin, [root, ...args], { cwd: userCwd, stdio: 'inherit' })
  // The app stops its sweeps cleanly on SIGINT/SIGTERM and ignores repeats, so passing each on is safe.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (e) => {
    say(`Could not start Electron (${bin}): ${e.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)))
}

/**
 * `npm` passes a terminal's Ctrl-C on to this process, which the terminal signals too: two
 * SIGINTs within milliseconds, and the second would kill the server mid-shutdown. Repeats within a
 * second are absorbed; a later one (Ctrl-C pressed again on purpose) exits at once.
 */
function absorbRepeatedSignals() {
  let first = 0
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      const now = Date.now()
      if (first === 0) {
        first = now
        // Before the server has installed its own handler (still building, still starting), nothing else would stop.
        if (process.listenerCount(signal) === 1) process.exit(130)
        return
      }
      if (now - first > 1000) process.exit(130)
    })
  }
}

/** Options of `sweeplab serve` (and the global ones) that take a value: that value is never a file to open. */
const VALUE_OPTIONS = new Set(['--db', '--port', '--host'])

/**
 * The arguments for `sweeplab serve`: sweep files named for the desktop app to open are dropped with
 * a note (a browser page cannot be handed a file from here), everything else passes through.
 */
function serveArgs() {
  const files = args.filter((a, i) => !a.startsWith('-') && !VALUE_OPTIONS.has(args[i - 1]) && /\.(ya?ml|json)$/i.test(a))
  if (files.length > 0) say(`Browser mode cannot open ${files.join(', ')} for you: use "Open file…" on the New sweep screen.`)
  return args.filter((a) => !files.includes(a))
}

async function browserMode() {
  absorbRepeatedSignals()
  const why = rendererBuildReason()
  if (why && !(await build(why))) {
    if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) process.exit(1)
    say('Serving the previous build of the app instead.')
  }
  if (!process.features?.typescript) {
    say(`npm start needs Node >= 22.14 with TypeScript type stripping (this is Node ${process.versions.node}); run it as \`npm start\` from the clone, which uses the bundled Node 24.`)
    process.exit(2)
  }
  process.chdir(userCwd)
  const { main } = await import('../electron/cli/main.ts')
  await main(['serve', ...serveArgs()])
}

if (isSet(process.env.SWEEPLAB_NO_ELECTRON)) {
  say('SWEEPLAB_NO_ELECTRON is set: starting browser mode.')
  await browserMode()
} else {
  const electron = await findElectron()
  if (electron.bin && hasDisplay()) await launchElectron(electron.bin)
  else {
    const why = electron.bin ? 'No display for the desktop app (DISPLAY and WAYLAND_DISPLAY are unset)' : `Electron runtime not available (${electron.reason})`
    say(`${why}: starting browser mode instead.`)
    await browserMode()
  }
}
