import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { SweeplabError, formatLocation } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { parsePositiveInt } from '../parse-options.ts'
import { bufferEngineEvents } from '../sweep-events.ts'
import { SHUTDOWN_GRACE_MS, stopOnSignals, watchSweep } from '../watch-sweep.ts'

export interface RunOptions {
  workers?: number
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
    .option('--json', 'no progress; print one JSON object (summary + trials) at the end')
    .option('-q, --quiet', 'no progress; print only the final status line')
    .action(async (file: string, opts: RunOptions, cmd: Command) => {
      setExit(await runSweepFile(ctx, file, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function runSweepFile(ctx: CliContext, file: string, opts: RunOptions, globals: GlobalOptions): Promise<number> {
  const text = await readSweepFile(file)
  // Before the engine opens the workspace: a malformed file must leave no database (or folder) behind.
  await checkSweepFile(text, file)
  const extra = { shutdownGraceMs: SHUTDOWN_GRACE_MS, ...(opts.workers ? { maxWorkers: opts.workers } : {}) }
  return withEngine(ctx, globals, extra, async (session) => {
    const signals = stopOnSignals(ctx, session)
    const events = bufferEngineEvents(session.engine)
    try {
      const { sweepId } = await session.engine.createSweep({ text, fileName: file })
      const sweep = await session.engine.getSweep({ sweepId })
      if (!opts.json && !opts.quiet) {
        ctx.stdout.write(`sweep ${sweep.id} ${JSON.stringify(sweep.name)}: ${sweep.method}, ${sweep.total ?? 'unbounded'} trials, db ${session.engine.dbPath}\n`)
      }
      return await watchSweep(ctx, session, events, signals, { sweep }, { ...opts, globals })
    } finally {
      events.close()
      signals.off()
    }
  })
}

async function readSweepFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new SweeplabError('io/read-failed', `cannot read sweep file ${file}: ${reason}`, { cause: e })
  }
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
