import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { parse as parseYamlScalar } from 'yaml'
import type { RerunResult } from '../../../shared/api/steering-types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { CliContext } from '../context.ts'
import { withEngine, type EngineSession, type GlobalOptions } from '../engine-session.ts'
import { parsePositiveInt } from '../parse-options.ts'
import { bufferEngineEvents } from '../sweep-events.ts'
import { resolveSweepId } from '../sweep-ref.ts'
import { SHUTDOWN_GRACE_MS, stopOnSignals, watchSweep } from '../watch-sweep.ts'

/**
 * Steering a sweep while it runs (docs/steering.md): pause, edit (a new config version),
 * versions, rerun one trial, rerun the best configs with new seeds. Each works on a sweep that
 * this process, another process (`sweeplab run`, the app) or no process runs.
 */
export function registerSteerCommands(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('pause')
    .description('pause a sweep: no new trials start, running ones finish; `sweeplab resume` continues it')
    .argument('<sweep>', 'sweep id or name')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      setExit(await pause(ctx, ref, cmd.optsWithGlobals<GlobalOptions>()))
    })
  program
    .command('edit')
    .description('change a sweep\'s budget, concurrency or search space, also while it runs: stored as a new config version')
    .argument('<sweep>', 'sweep id or name')
    .option('--file <path>', 'the whole new sweep file (validated like `sweeplab run`; method, metric, seed and early_terminate must stay)')
    .option('--run-cap <n|none>', 'trials the sweep samples in all')
    .option('--max-duration <duration|none>', 'time budget of the running sweep, e.g. 90m or 2h')
    .option('--workers <n|none>', 'trials at once')
    .option('--note <text>', 'why, kept with the version')
    .option('--dry-run', 'check and describe the edit without storing it')
    .action(async (ref: string, opts: EditOptions, cmd: Command) => {
      setExit(await edit(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
  program
    .command('versions')
    .description('the config versions of a sweep and how many trials each produced')
    .argument('<sweep>', 'sweep id or name')
    .option('--show <version>', 'print that version\'s sweep file', parsePositiveInt)
    .action(async (ref: string, opts: { show?: number }, cmd: Command) => {
      setExit(await versions(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
  program
    .command('rerun')
    .description('run a trial again as a new trial of its sweep, with edited params (--param name=value)')
    .argument('<trial>', 'trial id', parsePositiveInt)
    .option('--param <name=value>', 'a changed param, dotted for nested ones (repeatable); the value is read as YAML', collect, [])
    .option('--seed <n>', 'the trial seed (default: the rerun trial\'s)', parseSeed)
    .option('-q, --quiet', 'no progress while this process runs the reruns')
    .action(async (trialId: number, opts: { param: string[]; seed?: number; quiet?: boolean }, cmd: Command) => {
      setExit(await rerun(ctx, trialId, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
  program
    .command('rerun-best')
    .description('rerun the best k configs of a sweep with n new seeds each (k × n new trials in the same sweep)')
    .argument('<sweep>', 'sweep id or name')
    .requiredOption('--top <k>', 'how many of the best distinct configs', parsePositiveInt)
    .requiredOption('--seeds <n>', 'new seeds per config', parsePositiveInt)
    .option('-q, --quiet', 'no progress while this process runs the reruns')
    .action(async (ref: string, opts: { top: number; seeds: number; quiet?: boolean }, cmd: Command) => {
      setExit(await rerunBest(ctx, ref, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

interface EditOptions {
  file?: string
  runCap?: string
  maxDuration?: string
  workers?: string
  note?: string
  dryRun?: boolean
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 31 - 1) throw new SweeplabError('usage', `--seed: expected an integer from 0 to ${2 ** 31 - 1}, got "${value}"`)
  return Number(value)
}

/** `none` removes the key; otherwise a positive integer. */
function intOrNone(flag: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined
  if (value === 'none') return null
  if (!/^[1-9]\d*$/.test(value)) throw new SweeplabError('usage', `${flag}: expected a positive integer or none, got "${value}"`)
  return Number(value)
}

async function pause(ctx: CliContext, ref: string, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const r = await engine.pauseSweep({ sweepId })
    ctx.stdout.write(r.requestedFrom !== null
      ? `sweep ${sweepId} paused; process ${r.requestedFrom}, which runs it, starts no new trial from now on (running ones finish). Continue it: sweeplab resume ${sweepId}\n`
      : `sweep ${sweepId} paused; no new trials start. Continue it: sweeplab resume ${sweepId}\n`)
    return 0
  })
}

async function edit(ctx: CliContext, ref: string, opts: EditOptions, globals: GlobalOptions): Promise<number> {
  const set = {
    ...(opts.runCap !== undefined ? { run_cap: intOrNone('--run-cap', opts.runCap) } : {}),
    ...(opts.workers !== undefined ? { workers: intOrNone('--workers', opts.workers) } : {}),
    ...(opts.maxDuration !== undefined ? { max_duration: opts.maxDuration === 'none' ? null : opts.maxDuration } : {}),
  }
  if (opts.file === undefined && Object.keys(set).length === 0) {
    throw new SweeplabError('usage', 'edit: give --file with the new sweep file, or one of --run-cap, --max-duration, --workers')
  }
  const text = opts.file === undefined ? undefined : readText(opts.file)
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const r = await engine.updateSweep({
      sweepId, ...(text !== undefined ? { text } : {}), ...(Object.keys(set).length ? { set } : {}),
      ...(opts.note !== undefined ? { note: opts.note } : {}), dryRun: opts.dryRun === true,
    })
    const left = r.remaining === null ? 'unbounded' : `${r.remaining} trial${r.remaining === 1 ? '' : 's'} left to sample`
    const head = r.dryRun ? `dry run: version ${r.version} of sweep ${sweepId} would be` : `sweep ${sweepId}: version ${r.version} stored`
    const lines = [`${head} (${left}${r.total === null ? '' : ` of ${r.total}`})`, ...r.changes.map((c) => `  ${c}`)]
    if (r.changes.length === 0) lines.push('  (no changes)')
    if (r.requestedFrom !== null) lines.push(`process ${r.requestedFrom}, which runs the sweep, takes it up within a second`)
    ctx.stdout.write(`${lines.join('\n')}\n`)
    return 0
  })
}

function readText(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8')
  } catch (e) {
    throw new SweeplabError('io/read-failed', `cannot read ${path}: ${(e as Error).message}`)
  }
}

async function versions(ctx: CliContext, ref: string, opts: { show?: number }, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true }, async ({ engine }) => {
    const sweepId = await resolveSweepId(engine, ref)
    const list = await engine.getSweepVersions({ sweepId })
    if (opts.show !== undefined) {
      const v = list.find((x) => x.version === opts.show)
      if (!v) throw new SweeplabError('usage', `sweep ${sweepId} has no version ${opts.show} (it has 1 to ${list.length})`)
      ctx.stdout.write(v.specText.endsWith('\n') ? v.specText : `${v.specText}\n`)
      return 0
    }
    for (const v of list) {
      const when = new Date(v.createdAt).toISOString().replace('T', ' ').slice(0, 19)
      ctx.stdout.write(`v${v.version}${v.current ? ' (current)' : ''}  ${when}  ${v.trials} trial${v.trials === 1 ? '' : 's'}${v.note ? `  ${v.note}` : ''}\n`)
    }
    return 0
  })
}

/** `name=value` pairs; the value is read as a YAML scalar (3 → number, true → boolean, adam → string). */
export function parseParamEdits(pairs: ReadonlyArray<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new SweeplabError('usage', `--param: expected name=value, got "${pair}"`)
    const raw = pair.slice(eq + 1)
    let value: unknown
    try {
      value = raw === '' ? '' : (parseYamlScalar(raw) as unknown)
    } catch {
      value = raw
    }
    out[pair.slice(0, eq)] = value
  }
  return out
}

async function rerun(ctx: CliContext, trialId: number, opts: { param: string[]; seed?: number; quiet?: boolean }, globals: GlobalOptions): Promise<number> {
  const params = parseParamEdits(opts.param)
  return withEngine(ctx, globals, { mustExist: true, shutdownGraceMs: SHUTDOWN_GRACE_MS }, async (session) => {
    const trial = await session.engine.getTrial({ trialId })
    return followReruns(ctx, session, trial.sweepId, globals, opts.quiet === true, () =>
      session.engine.rerunTrial({ trialId, ...(opts.param.length ? { params } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) }))
  })
}

async function rerunBest(ctx: CliContext, ref: string, opts: { top: number; seeds: number; quiet?: boolean }, globals: GlobalOptions): Promise<number> {
  return withEngine(ctx, globals, { mustExist: true, shutdownGraceMs: SHUTDOWN_GRACE_MS }, async (session) => {
    const sweepId = await resolveSweepId(session.engine, ref)
    return followReruns(ctx, session, sweepId, globals, opts.quiet === true, () => session.engine.rerunBest({ sweepId, top: opts.top, seeds: opts.seeds }))
  })
}

/**
 * Asks for the reruns and says where they run. When this process runs them (the sweep had ended),
 * it follows the sweep to its end like `resume` does; otherwise it returns at once.
 */
async function followReruns(ctx: CliContext, session: EngineSession, sweepId: number, globals: GlobalOptions, quiet: boolean, ask: () => Promise<RerunResult>): Promise<number> {
  const { engine } = session
  const signals = stopOnSignals(ctx, session)
  const events = bufferEngineEvents(engine)
  try {
    const trials = await engine.getTrials({ sweepId })
    const r = await ask()
    const ids = r.trialIds.join(', ')
    const n = r.trialIds.length
    const what = `${n} rerun${n === 1 ? '' : 's'} queued in sweep ${sweepId} (trial${n === 1 ? '' : 's'} ${ids})`
    if (r.state === 'requested') {
      ctx.stdout.write(`${what}; process ${r.requestedFrom} runs the sweep and starts them\n`)
      return 0
    }
    if (r.state === 'queued') {
      ctx.stdout.write(`${what}; the sweep is paused or interrupted, so they start when it is resumed: sweeplab resume ${sweepId}\n`)
      return 0
    }
    if (!quiet) ctx.stdout.write(`${what}; running them here\n`)
    const sweep = await engine.getSweep({ sweepId })
    return await watchSweep(ctx, session, events, signals, { sweep, trials }, { quiet, globals })
  } finally {
    events.close()
    signals.off()
  }
}
