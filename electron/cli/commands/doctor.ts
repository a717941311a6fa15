import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Command } from 'commander'
import type { EnvironmentInfo, WorkspaceSize } from '../../../shared/api/types.ts'
import { describeWorkspaceSize } from '../../../shared/byte-size.ts'
import type { CliContext } from '../context.ts'
import { resolveDbPath } from '../db-path.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { shouldUseColor } from '../format.ts'
import { exitCodeForError, formatCliError } from '../cli-errors.ts'
import { describeSlurm, type SlurmDescription } from '../../engine/executors/slurm/describe-slurm.ts'

/** Oldest Node with Node-API 10 (better-sqlite3 13) and type stripping: engines.node in package.json. */
export const MIN_NODE = [22, 14] as const

/** `--json` output of doctor: the engine's environment plus the checks the CLI made. */
export type DoctorJson = EnvironmentInfo & { nodeOk: boolean; dbWritable: boolean; dbIntegrity: IntegrityResult; workspaceSize: WorkspaceSize; slurm: SlurmDescription }

/** SQLite's full integrity_check of the workspace: `problems` is empty when it is intact. */
export interface IntegrityResult {
  ok: boolean
  problems: string[]
}

type Mark = 'ok' | 'warn' | 'no'

/** `sweeplab doctor`: what this machine offers Sweeplab, as a checklist. */
export function registerDoctorCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description('check Node, the workspace database (and its integrity), CPUs, GPUs, training backends and Slurm')
    .option('--json', 'print the environment as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      setExit(await runDoctor(ctx, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function runDoctor(ctx: CliContext, opts: { json?: boolean }, globals: GlobalOptions): Promise<number> {
  const dbPath = resolveDbPath(globals, ctx.env)
  const db = await describeDbFile(dbPath)
  let env: EnvironmentInfo
  let workspaceSize: WorkspaceSize
  try {
    ;[env, workspaceSize] = await withEngine(ctx, globals, {}, ({ engine }) => Promise.all([engine.getEnvironment({}), engine.getWorkspaceSize({ fresh: true })]))
  } catch (e) {
    // The engine could not even open; still say what we know, since that is when doctor is needed.
    if (opts.json) throw e
    ctx.stdout.write(renderChecklist([
      nodeCheck(process.versions.node),
      ['no', `database ${dbPath} (${db.state}); the engine failed to open it`],
    ], false))
    ctx.stderr.write(`${formatCliError(e, globals.verbose === true)}\n`)
    // A directory given as --db is bad input (2); a file SQLite refuses is a failure (1).
    return exitCodeForError(e)
  }
  // After the engine closed it, so the check sees everything the engine wrote.
  const dbIntegrity = await checkDbIntegrity(dbPath)
  const dbWritable = db.state === 'writable'
  const nodeOk = isNodeSupported(env.node)
  const code = dbWritable && dbIntegrity.ok ? 0 : 1
  if (opts.json) {
    const out: DoctorJson = { ...env, nodeOk, dbWritable, dbIntegrity, workspaceSize, slurm: await describeSlurm(ctx.env.PATH) }
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
    return code
  }
  const useColor = shouldUseColor(ctx.isTTY, ctx.env)
  const gpus: Array<[Mark, string]> = env.gpus.length === 0
    ? [['warn', `GPUs: none detected${env.gpuDetection ? ` (${env.gpuDetection})` : ''}; trials run on CPU`]]
    : env.gpus.map((g) => ['ok', `GPU ${g.index}: ${g.name}${g.memoryMiB !== null ? ` (${(g.memoryMiB / 1024).toFixed(1)} GiB)` : ''}`])
  const shown = dbIntegrity.problems.slice(0, MAX_INTEGRITY_LINES).map((p) => `\n         ${p}`).join('')
  const more = dbIntegrity.problems.length > MAX_INTEGRITY_LINES ? `\n         … and ${dbIntegrity.problems.length - MAX_INTEGRITY_LINES} more` : ''
  const checks: Array<[Mark, string]> = [
    ['ok', `Sweeplab ${env.version} on ${env.platform}`],
    nodeCheck(env.node),
    [dbWritable ? 'ok' : 'no', `database ${env.dbPath} (${db.state})`],
    dbIntegrity.ok
      ? ['ok', 'database integrity: ok']
      : ['no', `database integrity: ${dbIntegrity.problems.length} problem(s); restore the workspace from a backup${shown}${more}`],
    ['ok', `workspace size: ${describeWorkspaceSize(workspaceSize)}`],
    ['ok', `CPU cores: ${env.cpuCores}`],
    ...gpus,
  ]
  const backends: Array<[Mark, string]> = env.backends.map((b) => [
    b.available ? 'ok' : 'no',
    `${b.name}: ${b.available ? 'available' : 'not available'}${b.detail ? ` (${b.detail})` : ''}`,
  ])
  ctx.stdout.write(renderChecklist(checks, useColor))
  ctx.stdout.write(`training backends:\n${renderChecklist(backends, useColor, '  ')}`)
  ctx.stdout.write(renderChecklist(slurmChecks(await describeSlurm(ctx.env.PATH)), useColor))
  return code
}

/** Slurm is optional: its absence is a warning that concerns `executor: slurm` sweeps only. */
function slurmChecks(s: SlurmDescription): Array<[Mark, string]> {
  if (!s.available) return [['warn', `Slurm: ${s.reason.replace(/: install.*$/, '')}; executor: slurm is unavailable (local sweeps are unaffected)`]]
  if (s.partitions === null) return [['no', `Slurm: sbatch found, but sinfo failed: ${s.sinfoError}`]]
  const parts = s.partitions.map((p) => `${p.name} (${p.available ? 'up' : 'down'}, ${p.nodes} node${p.nodes === 1 ? '' : 's'}: ${p.states.join(', ') || 'no state'})`)
  return [['ok', `Slurm: sbatch found; partitions: ${parts.join('; ') || 'none'}`]]
}

/** integrity_check can list up to 100 problems; the first few say enough. */
const MAX_INTEGRITY_LINES = 5

/** Opens the workspace read-only (never migrates or creates) and runs the store's full integrity check. */
async function checkDbIntegrity(dbPath: string): Promise<IntegrityResult> {
  try {
    // Imported lazily, like the engine, so `--help` never loads SQLite.
    const { openStore } = await import('../../engine/store/open-store.ts')
    const store = openStore(dbPath, { readonly: true })
    try {
      const problems = store.checkIntegrity()
      return { ok: problems.length === 0, problems }
    } finally {
      store.close()
    }
  } catch (e) {
    return { ok: false, problems: [e instanceof Error ? e.message : String(e)] }
  }
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

/**
 * What the workspace path is: `writable` when the file is, or (not there yet) its nearest existing
 * folder is; `a directory` when it is one (then it is no workspace, writable or not).
 */
async function describeDbFile(file: string): Promise<{ state: 'writable' | 'not writable' | 'a directory' }> {
  try {
    if ((await stat(file)).isDirectory()) return { state: 'a directory' }
  } catch {
    // Missing (or unreadable): the walk below decides.
  }
  let target = file
  for (;;) {
    try {
      await access(target, constants.W_OK)
      return { state: 'writable' }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { state: 'not writable' }
      const parent = dirname(target)
      if (parent === target) return { state: 'not writable' }
      target = parent
    }
  }
}
