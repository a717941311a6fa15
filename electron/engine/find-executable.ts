import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

/**
 * Why `command` (argv[0] of a trial) cannot be started, or undefined when it can (as far as a
 * cheap look tells: nothing is spawned). A name with a slash is a path, relative to the trial's
 * `cwd`; a bare name is looked up in `pathVar` as the spawn will (Node searches the child's PATH).
 * On Windows bare names are not checked: PATHEXT and the App Paths registry make the lookup
 * the shell's business.
 */
export function whyNotExecutable(command: string, opts: { cwd: string; pathVar: string | undefined; platform?: NodeJS.Platform }): string | undefined {
  const platform = opts.platform ?? process.platform
  const isPath = command.includes('/') || (platform === 'win32' && command.includes('\\'))
  if (isPath) {
    const file = isAbsolute(command) ? command : resolve(opts.cwd, command)
    if (!isFile(file)) return `"${command}" not found (looked for ${file})`
    if (platform !== 'win32' && !canExecute(file)) return `"${command}" is not executable (chmod +x ${file})`
    return undefined
  }
  if (platform === 'win32') return undefined
  // As execvp: no PATH at all means a default one, and an empty entry the current (the trial's) directory.
  const dirs = (opts.pathVar ?? DEFAULT_PATH).split(delimiter).map((d) => (d === '' ? opts.cwd : d))
  if (dirs.some((dir) => isFile(join(dir, command)) && canExecute(join(dir, command)))) return undefined
  return `"${command}" not found on PATH`
}

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin'

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function canExecute(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
