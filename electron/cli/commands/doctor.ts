import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Command } from 'commander'
import type { EnvironmentInfo } from '../../../shared/api/types.ts'
import type { CliContext } from '../context.ts'
import { resolveDbPath } from '../db-path.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { shouldUseColor } from '../format.ts'
import { formatCliError } from '../cli-errors.ts'

/** Oldest Node with Node-API 10 (better-sqlite3 13) and type stripping: engines.node in package.json. */
export const MIN_NODE = [22, 14] as const

/** `--json` output of doctor: the engine's environment plus the checks the CLI made. */
export type DoctorJson = EnvironmentInfo & { nodeOk: boolean; dbWritable: boolean }

type Mark = 'ok' | 'warn' | 'no'

/** `sweeplab doctor`: what this machine offers Sweeplab, as a checklist. */
export function registerDoctorCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description('check Node, the workspace database, CPUs, GPUs and training backends')
    .option('--json', 'print the environment as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      setExit(await runDoctor(ctx, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function runDoctor(ctx: CliContext, opts: { json?: boolean }, globals: GlobalOptions): Promise<number> {
  const dbPath = resolveDbPath(globals, ctx.env)
  const dbWritable = await isWritable(dbPath)
  let env: EnvironmentInfo
  try {
    env = await withEngine(ctx, globals, {}, ({ engine }) => engine.getEnvironment({}))
  } catch (e) {
    // The engine could not even open; still say what we know, since that is when doctor is needed.
    if (opts.json) throw e
    ctx.stdout.write(renderChecklist([
      nodeCheck(process.versions.node),
      ['no', `database ${dbPath} (${dbWritable ? 'writable' : 'not writable'}); the engine failed to open it`],
    ], false))
    ctx.stderr.write(`${formatCliError(e, globals.verbose === true)}\n`)
    return 1
  }
  const nodeOk = isNodeSupported(env.node)
  if (opts.json) {
    const out: DoctorJson = { ...env, nodeOk, dbWritable }
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
    return dbWritable ? 0 : 1
  }
  const useColor = shouldUseColor(ctx.isTTY, ctx.env)
  const gpus: Array<[Mark, string]> = env.gpus.length === 0
    ? [['warn', `GPUs: none detected${env.gpuDetection ? ` (${env.gpuDetection})` : ''}; trials run on CPU`]]
    : env.gpus.map((g) => ['ok', `GPU ${g.index}: ${g.name}${g.memoryMiB !== null ? ` (${(g.memoryMiB / 1024).toFixed(1)} GiB)` : ''}`])
  const checks: Array<[Mark, string]> = [
    ['ok', `Sweeplab ${env.version} on ${env.platform}`],
    nodeCheck(env.node),
    [dbWritable ? 'ok' : 'no', `database ${env.dbPath} (${dbWritable ? 'writable' : 'not writable'})`],
    ['ok', `CPU cores: ${env.cpuCores}`],
    ...gpus,
  ]
  const backends: Array<[Mark, string]> = env.backends.map((b) => [
    b.available ? 'ok' : 'no',
    `${b.name}: ${b.available ? 'available' : 'not available'}${b.detail ? ` (${b.detail})` : ''}`,
  ])
  ctx.stdout.write(renderChecklist(checks, useColor))
  ctx.stdout.write(`training backends:\n${renderChecklist(backends, useColor, '  ')}`)
  return dbWritable ? 0 : 1
}

function nodeCheck(version: string): [Mark, string] {
  return isNodeSupported(version)
    ? ['ok', `Node ${version}`]
    : ['warn', `Node ${version}: Sweeplab needs Node >= ${MIN_NODE.join('.')} (run it via npx sweeplab from the clone)`]
}

export function isNodeSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])
}

const MARK_COLOR: Record<Mark, number> = { ok: 32, warn: 33, no: 31 }

function renderChecklist(items: ReadonlyArray<[Mark, string]>, useColor: boolean, indent = ''): string {
  return items
    .map(([mark, text]) => {
      const label = `[${mark}]`.padEnd(7)
      return `${indent}${useColor ? `\u001b[${MARK_COLOR[mark]}m${label}\u001b[39m` : label}${text}\n`
    })
    .join('')
}

/** Writable means: the file is, or (not there yet) its nearest existing folder is. */
async function isWritable(file: string): Promise<boolean> {
  let target = file
  for (;;) {
    try {
      await access(target, constants.W_OK)
      return true
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return false
      const parent = dirname(target)
      if (parent === target) return false
      target = parent
    }
  }
}
