import { cp, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Command } from 'commander'
import type { ExportBestFormat, ExportTrialsFormat } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type GlobalOptions } from '../engine-session.ts'
import { resolveSweepId } from '../sweep-ref.ts'

export interface ExportOptions {
  best?: boolean
  trials?: boolean
  weights?: boolean
  trial?: string
  format?: string
  out?: string
  dropUnsupported?: boolean
}

const BEST_FORMATS: ReadonlyArray<ExportBestFormat> = ['yaml', 'json', 'args']
const TRIALS_FORMATS: ReadonlyArray<ExportTrialsFormat> = ['csv', 'json']

/**
 * `sweeplab export SWEEP --best|--trials|--weights [--trial ID[,ID...]]`: the best config (or a chosen
 * trial's), every trial (or some), or a saved model. Configs and tables are written exactly as the API
 * returns them, so the app's export and the CLI's are the same bytes.
 */
export function registerExportCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('export the best config (--best), all trials (--trials) or the best saved model (--weights) of a sweep; --trial picks other trials')
    .argument('<sweep>', 'sweep id, or a name that only one sweep has')
    .option('--best', "the best trial's params (yaml | json | args; default yaml)")
    .option('--trials', 'every trial with params, metric, timings (csv | json; default csv)')
    .option('--weights', "the best trial's saved model (TF.js model.json + weights.bin) into the --out folder")
    .option('--trial <id>', 'with --best or --weights: this trial instead of the best one; with --trials: only these (ids separated by commas)')
    .option('--format <format>', 'output format (see above); alone, --format wandb writes the sweep file for W&B')
    .option('--drop-unsupported', 'with --format wandb: leave out the keys W&B cannot hold (when:, group:, derived:, constraints:, ...) instead of refusing, and list them')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (ref: string, opts: ExportOptions, cmd: Command) => {
      setExit(await exportSweep(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function exportSweep(ctx: CliContext, ref: string, opts: ExportOptions, globals: GlobalOptions): Promise<number> {
  const kinds = [opts.best, opts.trials, opts.weights].filter(Boolean).length
  if (kinds === 0 && opts.format === 'wandb') return exportWandb(ctx, ref, opts, globals)
  if (opts.dropUnsupported) throw new SweeplabError('usage', '--drop-unsupported goes with --format wandb (the sweep file for W&B)')
  if (kinds !== 1) throw new SweeplabError('usage', 'export needs exactly one of --best, --trials or --weights, or --format wandb for the sweep file')
  if (opts.weights) return exportWeights(ctx, ref, opts, globals)
  const what = opts.best ? 'best' : 'trials'
  const format = checkFormat(what, opts.format)
  const trialIds = opts.trial === undefined ? undefined : what === 'best' ? [parseTrialId(opts.trial)] : parseTrialIds(opts.trial)
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    let content: string
    let label: string
    if (what === 'best') {
      const trialId = trialIds?.[0]
      const r = await engine.exportBest({ sweepId, format: format as ExportBestFormat, ...(trialId !== undefined ? { trialId } : {}) })
      content = r.content
      label = trialId === undefined ? `best config of sweep ${sweepId} (trial ${r.trialId})` : `config of trial ${trialId} of sweep ${sweepId}`
    } else {
      content = (await engine.exportTrials({ sweepId, format: format as ExportTrialsFormat, ...(trialIds ? { trialIds } : {}) })).content
      label = trialIds ? `${trialIds.length} trial${trialIds.length === 1 ? '' : 's'} of sweep ${sweepId}` : `trials of sweep ${sweepId}`
    }
    if (!opts.out) {
      ctx.stdout.write(content)
      return 0
    }
    await writeOut(opts.out, content)
    ctx.stderr.write(`wrote ${label} to ${opts.out}\n`)
    return 0
  })
}

/** `--format wandb`: the sweep file as W&B runs it; what was left out goes to stderr. */
async function exportWandb(ctx: CliContext, ref: string, opts: ExportOptions, globals: GlobalOptions): Promise<number> {
  if (opts.trial !== undefined) throw new SweeplabError('usage', '--format wandb exports the sweep file; it takes no --trial')
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const r = await engine.exportWandb({ sweepId, dropUnsupported: opts.dropUnsupported ?? false })
    if (r.dropped.length > 0) ctx.stderr.write(`left out (W&B cannot hold them):\n${r.dropped.map((d) => `  ${d}\n`).join('')}`)
    if (r.omitted.length > 0) ctx.stderr.write(`left out (Sweeplab's own run settings): ${r.omitted.join(', ')}\n`)
    if (!opts.out) {
      ctx.stdout.write(r.content)
      return 0
    }
    await writeOut(opts.out, r.content)
    ctx.stderr.write(`wrote the W&B sweep file of sweep ${sweepId} to ${opts.out}\n`)
    return 0
  })
}

function parseTrialId(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new SweeplabError('usage', `--trial: expected a trial id, got "${text}"`)
  return Number(text)
}

/** `4,7,9` (spaces allowed around commas); duplicates are dropped, order kept. */
function parseTrialIds(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim())
  if (parts.some((p) => !/^[1-9]\d*$/.test(p))) {
    throw new SweeplabError('usage', `--trial: expected trial ids separated by commas (e.g. 4,7,9), got "${text}"`)
  }
  return [...new Set(parts.map(Number))]
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

/** Copies a trial's saved weights (every `weights` artifact: one, or one per fold) into a folder. */
async function exportWeights(ctx: CliContext, ref: string, opts: ExportOptions, globals: GlobalOptions): Promise<number> {
  if (!opts.out) throw new SweeplabError('usage', '--weights needs --out DIR: the folder to copy the model into')
  const out = opts.out
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    let trialId: number
    if (opts.trial !== undefined) {
      trialId = parseTrialId(opts.trial)
      const t = await engine.getTrial({ trialId })
      if (t.sweepId !== sweepId) throw new SweeplabError('usage', `trial ${trialId} belongs to sweep ${t.sweepId}, not ${sweepId}`)
    } else {
      trialId = (await engine.exportBest({ sweepId, format: 'json' })).trialId
    }
    const saved = (await engine.getArtifacts({ trialId })).filter((a) => a.kind === 'weights')
    const weights = saved.filter((a) => a.deletedAt === null)
    if (saved.length > 0 && weights.length === 0) {
      throw new SweeplabError('usage', `trial ${trialId}'s weights were deleted by the sweep's keep: (checkpoint retention keeps only the best trials' weights); export the best trial's, or run the config again`)
    }
    if (weights.length === 0) {
      throw new SweeplabError('usage', `trial ${trialId} saved no weights; set save: best (or last) in the sweep file and run it again`)
    }
    for (const w of weights) {
      const dest = weights.length === 1 ? out : join(out, dirname(w.name))
      try {
        await cp(w.path, dest, { recursive: true })
      } catch (e) {
        throw new SweeplabError('usage', `cannot copy ${w.path} to ${dest}: ${(e as Error).message}`, { cause: e })
      }
    }
    ctx.stderr.write(`wrote the weights of trial ${trialId} (sweep ${sweepId}) to ${out}\n`)
    return 0
  })
}
