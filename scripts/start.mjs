// `npm start`: launch the desktop app when the Electron runtime is present; otherwise say so in one
// line and run an example sweep with the CLI on the default workspace, so a fresh clone shows something real.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/**
 * The Electron binary, or null. Electron >= 42 downloads it on first use; the download runs here
 * with its output hidden, so a machine that cannot reach it gets one clear line instead of a trace.
 */
function electronBinary() {
  let dir
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 600_000 })
  if (!existsSync(pathFile)) return null
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1

const bin = electronBinary()
if (bin) {
  const built = run('npx', ['electron-vite', 'build'])
  if (built !== 0) process.exit(built)
  process.exit(run(bin, ['.']))
}
console.log('Electron runtime not available (it downloads on first run and this machine cannot reach it); running an example sweep with the CLI instead.')
const example = join('resources', 'examples', 'quadratic-node.yaml')
process.exit(run(process.execPath, [join(root, 'bin', 'sweeplab.mjs'), 'run', example, ...process.argv.slice(2)]))
