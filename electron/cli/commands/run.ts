import { open, type FileHandle } from 'node:fs/promises'
import type { Command } from 'commander'
import type { WarmStartReport } from '../../../shared/api/compare-types.ts'
import { SweeplabError, formatLocation } from '../../../shared/errors.ts'
import { MAX_SPEC_BYTES } from '../../engine/config/spec-limits.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { parsePositiveInt } from '../parse-options.ts'
import { parseExecutorType, withExecutorType } from '../executor-override.ts'
import type { ExecutorType } from '../../../shared/executor-spec.ts'
import { bufferEngineEvents } from '../sweep-events.ts'
import { SHUTDOWN_GRACE_MS, stopOnSignals, watchSweep } from '../watch-sweep.ts'

export interface RunOptions {
  workers?: number
  /** `--warm-start SWEEP` (repeatable): earlier sweeps whose finished trials seed a bayes sweep's model. */
  warmStart?: string[]
  executor?: ExecutorType
  json?: boolean
  quiet?: boolean
}

/** `sweeplab run FILE`: validate and start a sweep, follow it to the end. */
export function registerRunCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('start a sweep from a sweep file (YAML or JSON) and follow it to the end')
    .argument('<file>', 'sweep file, W&B-compatible (sweep.yaml)')
    .option('--workers <n>', 'at most this many trials at once (default: CPU cores)', parsePositiveInt)
    .option('--executor <type>', 'run trials on local workers or as Slurm jobs (overrides the file\'s executor.type; see docs/slurm.md)', parseExecutorType)
    .option('--json', 'no progress; print one JSON object (summary + trials) at the end')
    .option('--warm-start <sweep>', 'method bayes: seed the model with the finished trials of an earlier sweep (id or name; repeatable)', collect, [])
    .option('-q, --quiet', 'no progress; print only the final status line')
    .action(async (file: string, opts: RunOptions, cmd: Command) => {
      setExit(await runSweepFile(ctx, file, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function runSweepFile(ctx: CliContext, file: string, opts: RunOptions, globals: GlobalOptions): Promise<number> {
  const text = withExecutorType(await readSweepFile(file), opts.executor)
  // Before the engine opens the workspace: a malformed file must leave no database (or folder) behind.
  await checkSweepFile(text, file)
  const extra = { shutdownGraceMs: SHUTDOWN_GRACE_MS, ...(opts.workers ? { maxWorkers: opts.workers } : {}) }
  return withEngine(ctx, globals, extra, async (session) => {
    const signals = stopOnSignals(ctx, session)
    const events = bufferEngineEvents(session.engine)
    try {
      const warmStart = opts.warmStart && opts.warmStart.length > 0 ? opts.warmStart.map(sweepRefValue) : undefined
      const created = await session.engine.createSweep({ text, fileName: file, ...(warmStart ? { warmStart } : {}) })
      const sweep = await session.engine.getSweep({ sweepId: created.sweepId })
      if (!opts.json && !opts.quiet) {
        ctx.stdout.write(`sweep ${sweep.id} ${JSON.stringify(sweep.name)}: ${sweep.method}, ${sweep.total ?? 'unbounded'} trials, db ${session.engine.dbPath}\n`)
        if (created.warmStart) ctx.stdout.write(`${formatWarmStart(created.warmStart).join('\n')}\n`)
      }
      return await watchSweep(ctx, session, events, signals, { sweep }, { ...opts, globals })
    } finally {
      events.close()
      signals.off()
    }
  })
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** A positive integer is an id, anything else a name (the engine resolves both). */
function sweepRefValue(ref: string): number | string {
  return /^[1-9]\d*$/.test(ref) ? Number(ref) : ref
}

/** `warm start: 12 of 15 trials of sweep 3 "lr-search" (dropped: 3 lr = 0.5 is outside this sweep's space)`. */
export function formatWarmStart(w: WarmStartReport): string[] {
  const lines = w.sources.map((s) => {
    const dropped = s.dropped.reduce((n, d) => n + d.count, 0)
    const reasons = s.dropped.map((d) => `${d.count} ${d.reason}`).join('; ')
    return `warm start: ${s.used} of ${s.used + dropped} trials of sweep ${s.sweepId} ${JSON.stringify(s.name)}${reasons ? ` (dropped: ${reasons})` : ''}`
  })
  if (w.used === 0) lines.push('warm start: no earlier trial fits this sweep; the model starts from scratch')
  return lines
}

/**
 * Reads at most MAX_SPEC_BYTES + 1 bytes: a 100 MB file (or /dev/zero, a FIFO) is refused after a stat
 * or one bounded read, never loaded whole. The parser's limit and message are the same.
 */
async function readSweepFile(file: string): Promise<string> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    const { size } = await handle.stat()
    if (size > MAX_SPEC_BYTES) throw tooLarge(file, size)
    const buf = Buffer.alloc(MAX_SPEC_BYTES + 1)
    let length = 0
    for (let n = -1; n !== 0 && length < buf.length; length += n) n = (await handle.read(buf, length, buf.length - length, null)).bytesRead
    if (length > MAX_SPEC_BYTES) throw tooLarge(file, null)
    return buf.toString('utf8', 0, length)
  } catch (e) {
    if (e instanceof SweeplabError) throw e
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new SweeplabError('io/read-failed', `cannot read sweep file ${file}: ${reason}`, { cause: e })
  } finally {
    await handle?.close()
  }
}

function tooLarge(file: string, size: number | null): SweeplabError {
  const mib = MAX_SPEC_BYTES / 1024 / 1024
  const what = size === null ? `is over ${mib} MiB` : `is ${(size / 1024 / 1024).toFixed(1)} MiB`
  return new SweeplabError('spec/too-large', `${file}: the file ${what}; a sweep file may be at most ${mib} MiB`, { details: { problems: [{ file, line: 1, column: 1, message: `the file ${what}` }] } })
}

/** Problems listed in the message, as the parser lists them; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20

/** The engine's static checks of a sweep file (no machine checks: those need the engine). */
async function checkSweepFile(text: string, file: string): Promise<void> {
  // Imported lazily so `--help` never loads the parser (YAML, zod).
  const { validateSweepSpec } = await import('../../engine/config/parse-sweep-spec.ts')
  const result = validateSweepSpec(text, file)
  if (result.ok) return
  const lines = result.problems.slice(0, MAX_LISTED_PROBLEMS).map(formatLocation)
  if (result.problems.length > MAX_LISTED_PROBLEMS) lines.push(`… and ${result.problems.length - MAX_LISTED_PROBLEMS} more problems`)
  throw new SweeplabError('spec/invalid', lines.join('\n'), { details: { problems: result.problems } })
}
