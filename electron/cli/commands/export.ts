import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { ExportBestFormat, ExportTrialsFormat } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { resolveSweepId } from '../sweep-ref.ts'

export interface ExportOptions {
  best?: boolean
  trials?: boolean
  format?: string
  out?: string
}

const BEST_FORMATS: ReadonlyArray<ExportBestFormat> = ['yaml', 'json', 'args']
const TRIALS_FORMATS: ReadonlyArray<ExportTrialsFormat> = ['csv', 'json']

/** `sweeplab export SWEEP --best|--trials`: the best config, or every trial, to stdout or a file. */
export function registerExportCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('export the best config (--best) or all trials (--trials) of a sweep')
    .argument('<sweep>', 'sweep id, or a name that only one sweep has')
    .option('--best', "the best trial's params (yaml | json | args; default yaml)")
    .option('--trials', 'every trial with params, metric, timings (csv | json; default csv)')
    .option('--format <format>', 'output format (see above)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (ref: string, opts: ExportOptions, cmd: Command) => {
      setExit(await exportSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function exportSweep(ctx: CliContext, ref: string, opts: ExportOptions, globals: GlobalOptions): Promise<number> {
  if (Boolean(opts.best) === Boolean(opts.trials)) throw new SweeplabError('usage', 'export needs exactly one of --best or --trials')
  const what = opts.best ? 'best' : 'trials'
  const format = checkFormat(what, opts.format)
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    let content: string
    let label: string
    if (what === 'best') {
      const r = await engine.exportBest({ sweepId, format: format as ExportBestFormat })
      content = r.content
      label = `best config of sweep ${sweepId} (trial ${r.trialId})`
    } else {
      content = (await engine.exportTrials({ sweepId, format: format as ExportTrialsFormat })).content
      label = `trials of sweep ${sweepId}`
    }
    if (!opts.out) {
      ctx.stdout.write(content.endsWith('\n') ? content : `${content}\n`)
      return 0
    }
    await writeOut(opts.out, content)
    ctx.stderr.write(`wrote ${label} to ${opts.out}\n`)
    return 0
  })
}

function checkFormat(what: 'best' | 'trials', format: string | undefined): string {
  const allowed: ReadonlyArray<string> = what === 'best' ? BEST_FORMATS : TRIALS_FORMATS
  if (format === undefined) return allowed[0] as string
  if (!allowed.includes(format)) {
    throw new SweeplabError('usage', `--${what} --format must be one of ${allowed.join(', ')} (got "${format}")`)
  }
  return format
}

async function writeOut(file: string, content: string): Promise<void> {
  try {
    await writeFile(file, content)
  } catch (e) {
    throw new SweeplabError('usage', `cannot write ${file}: ${(e as Error).message}`, { cause: e })
  }
}
