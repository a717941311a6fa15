import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { SweeplabError } from '../../../shared/errors.ts'
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
