import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { Command } from 'commander'
import { SweeplabError } from '../../../shared/errors.ts'
import { REPORT_FORMATS, type ReportFormat } from '../../../shared/sweep-provenance.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { resolveSweepId } from '../sweep-ref.ts'

export interface ReportOptions {
  format?: string
  out?: string
}

/**
 * `sweeplab report SWEEP [--format html|md] [--out FILE]`: the sweep report as one self-contained
 * file (the same bytes as the app's Export panel). Without --format the --out extension decides
 * (.md/.markdown → md), else html.
 */
export function registerReportCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write a self-contained sweep report: data pipeline, search space, best configs, importance, plots, environment')
    .argument('<sweep>', 'sweep id, or a name that only one sweep has')
    .option('--format <format>', 'html (inline CSS and SVG) or md (Markdown, charts as SVG data URIs); default: from --out, else html')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (ref: string, opts: ReportOptions, cmd: Command) => {
      setExit(await writeReport(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export function reportFormatOf(opts: ReportOptions): ReportFormat {
  if (opts.format !== undefined) {
    if (!(REPORT_FORMATS as ReadonlyArray<string>).includes(opts.format)) throw new SweeplabError('usage', `--format must be one of ${REPORT_FORMATS.join(', ')} (got "${opts.format}")`)
    return opts.format as ReportFormat
  }
  const ext = opts.out ? extname(opts.out).toLowerCase() : ''
  return ext === '.md' || ext === '.markdown' ? 'md' : 'html'
}

export async function writeReport(ctx: CliContext, ref: string, opts: ReportOptions, globals: GlobalOptions): Promise<number> {
  const format = reportFormatOf(opts)
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const report = await engine.getSweepReport({ sweepId, format })
    if (!opts.out) {
      ctx.stdout.write(report.content)
      return 0
    }
    try {
      await writeFile(opts.out, report.content)
    } catch (e) {
      throw new SweeplabError('usage', `cannot write ${opts.out}: ${(e as Error).message}`, { cause: e })
    }
    ctx.stderr.write(`wrote the ${format === 'html' ? 'HTML' : 'Markdown'} report of sweep ${sweepId} to ${opts.out}\n`)
    return 0
  })
}
