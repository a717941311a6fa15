import { statSync } from 'node:fs'
import { SweeplabError } from '../../shared/errors.ts'
import { DEFAULT_COMMAND } from '../../shared/sweep-spec.ts'
import type { SweepSpec } from '../../shared/sweep-spec.ts'
import { buildCommandArgv } from './config/command-macros.ts'
import { whyNotExecutable } from './find-executable.ts'

/** `cwd` from the sweep file, resolved: refused now rather than as a spawn failure in every trial. */
export function checkTrialCwd(cwd: string, fileLabel: string): void {
  let isDirectory: boolean
  try {
    isDirectory = statSync(cwd).isDirectory()
  } catch {
    throw new SweeplabError('spec/invalid', `${fileLabel}: cwd: ${cwd} does not exist`)
  }
  if (!isDirectory) throw new SweeplabError('spec/invalid', `${fileLabel}: cwd: ${cwd} is not a directory`)
}

/**
 * The program a command trial starts must be there: else every trial fails the same way
 * (`python3` missing fails N trials with ENOENT). Checked on argv[0] after macro expansion;
 * behind `${env}` (W&B's default `${env} ${interpreter} ${program}`) that is what /usr/bin/env runs.
 */
export function checkTrialExecutable(spec: SweepSpec, cwd: string, fileLabel: string, platform: NodeJS.Platform = process.platform): void {
  let template = spec.command ?? DEFAULT_COMMAND
  if (template[0] === '${env}') {
    // `/usr/bin/env NAME=value cmd` sets NAME and runs cmd, found on PATH.
    const first = template.findIndex((e, i) => i > 0 && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(e))
    template = first === -1 ? [] : template.slice(first)
  }
  // Without params: only the first element matters here.
  const [command] = buildCommandArgv({ ...spec, command: [...template] }, {}, { paramsFile: 'params.json', platform })
  if (command === undefined || command === '') return
  const why = whyNotExecutable(command, { cwd, pathVar: spec.env?.PATH ?? process.env.PATH, platform })
  if (why) throw new SweeplabError('spec/invalid', `${fileLabel}: command: ${why}`)
}
