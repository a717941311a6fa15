// `npm start`: launch the desktop app when the Electron runtime is present; otherwise say so in one
// line and run an example sweep with the CLI on the default workspace, so a fresh clone shows something real.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    // In plain Node, require('electron') returns the binary path, or throws at once when it is missing.
    const p = require('electron')
    return typeof p === 'string' ? p : null
  } catch {
    return null
  }
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
