import type { SweepSummary, TrialSummary } from '../../shared/api/types.ts'
import { shellQuote } from '../engine/export/shell-quote.ts'
import type { CliContext, StopSignal } from './context.ts'
import type { EngineSession, GlobalOptions } from './engine-session.ts'
import { exitCodeForSweep } from './cli-errors.ts'
import { shouldUseColor } from './format.ts'
import { createProgress, type ProgressMode } from './live-progress.ts'
import type { EngineEventBuffer } from './sweep-events.ts'
import { formatSweepHeadline, renderSweepReport } from './sweep-report.ts'
import { SweepTracker } from './sweep-tracker.ts'

/** Running trials get this long to finish after the first Ctrl-C; the second one kills them. */
export const SHUTDOWN_GRACE_MS = 10_000

export interface WatchOptions {
  json?: boolean
  quiet?: boolean
  globals: GlobalOptions
  /** More fields for the `--json` result (e.g. retrain's comparison), read once the sweep ended. */
  extraJson?: () => Promise<Record<string, unknown>>
}

/** `--json` output of run and resume: the final summary plus every trial of the sweep. */
export type SweepResultJson = SweepSummary & { trials: TrialSummary[] }

/**
 * First SIGINT/SIGTERM: graceful shutdown (running trials get the grace period); second: kill
 * now. stdout losing its reader (EPIPE, `| head`) counts as a SIGTERM: the sweep ends
 * `interrupted` and stays resumable instead of dying with its trials. `note` is swapped by the
 * caller once a progress display owns the terminal.
 */
export function stopOnSignals(ctx: CliContext, session: EngineSession): { note: (l: string) => void; off: () => void } {
  const handle = {
    note: (line: string): void => void ctx.stderr.write(`${line}\n`),
    off: (): void => {},
  }
  let count = 0
  const onSignal = (signal: StopSignal, why?: string): void => {
    count += 1
    // A progress display sends its notes to stderr once stdout is closed (see createProgress).
    const note = (line: string): void => handle.note(line)
    const reason = why ?? signal
    if (count === 1) {
      note(`${why ? `${why}; ` : ''}stopping: waiting up to ${Math.round(SHUTDOWN_GRACE_MS / 1000)}s for running trials (Ctrl-C again to kill now)`)
      void session.shutdown({ reason }).catch((e: unknown) => note(`shutdown failed: ${String(e)}`))
    } else if (count === 2) {
      note('killing running trials now')
      void session.shutdown({ graceMs: 0, reason }).catch((e: unknown) => note(`shutdown failed: ${String(e)}`))
    }
  }
  const offSignals = ctx.onSignal?.(onSignal)
  const offClosed = ctx.onStdoutClosed?.(() => onSignal('SIGTERM', 'stdout was closed (EPIPE)'))
  handle.off = () => {
    offSignals?.()
    offClosed?.()
  }
  return handle
}

/**
 * Shows a sweep's progress until it ends in this engine, then prints the report (or the JSON
 * result) and returns the exit code: 0 for `completed`, 1 for anything that stopped short.
 */
export async function watchSweep(
  ctx: CliContext,
  session: EngineSession,
  events: EngineEventBuffer,
  signals: { note: (l: string) => void },
  initial: { sweep: SweepSummary; trials?: ReadonlyArray<TrialSummary> },
  opts: WatchOptions,
): Promise<number> {
  const useColor = shouldUseColor(ctx.isTTY, ctx.env)
  const now = ctx.now ?? Date.now
  const tracker = new SweepTracker(initial.sweep, initial.trials)
  const mode: ProgressMode = opts.json || opts.quiet ? 'none' : ctx.isTTY ? 'bar' : 'lines'
  const progress = createProgress(mode, { out: ctx.stdout, err: ctx.stderr, tracker, useColor, now })
  if (mode !== 'none') signals.note = (line) => progress.note(line)

  let backendShown = false
  let status = initial.sweep.status
  events.attach((ev) => {
    // A pause or resume (from this terminal's app, or another CLI) shows as a line in the progress.
    if (ev.type === 'sweep-updated' && ev.payload.sweep.id === initial.sweep.id && ev.payload.sweep.status !== status) {
      const next = ev.payload.sweep.status
      if (next === 'paused') progress.note(`sweep ${initial.sweep.id} paused: no new trials start; running ones finish (sweeplab resume ${initial.sweep.id} continues it)`)
      else if (status === 'paused' && next === 'running') progress.note(`sweep ${initial.sweep.id} resumed`)
      status = next
    }
    const waitingBefore = tracker.sweep.waiting
    const ended = tracker.apply(ev)
    // A low-disk hold and its end are said once each, above the bar (the bar only shows "paused").
    if (tracker.sweep.waiting !== waitingBefore) progress.note(tracker.sweep.waiting ?? 'disk space is back: starting trials again')
    if (!ended) return
    // Once per sweep: which TF.js backend trains it, and why a faster one was not used.
    if (!backendShown && ended.backendNote) {
      backendShown = true
      progress.note(`backend: ${ended.backendNote}`)
    }
    progress.trialEnded(ended)
  })
  let final: SweepSummary
  try {
    final = await session.engine.waitForSweep(tracker.sweep.id)
  } finally {
    progress.stop()
    events.close()
  }
  signals.note = (line) => void ctx.stderr.write(`${line}\n`)
  tracker.sweep = final
  // After a Ctrl-C the store is closed (or closing); the trials seen through events are what we have.
  const seen = (): TrialSummary[] => [...tracker.trials.values()].sort((a, b) => a.id - b.id)
  const trials = session.stopping
    ? seen()
    : await session.engine.getTrials({ sweepId: final.id }).catch((e: unknown) => {
      if (session.stopping) return seen()
      throw e
    })

  if (ctx.stdout.closed) {
    // The report below goes nowhere; the user still learns how the sweep ended and how to go on.
    const db = opts.globals.db ? ` --db ${shellQuote(opts.globals.db)}` : ''
    ctx.stderr.write(`${formatSweepHeadline(final)}\n${final.status === 'interrupted' || final.status === 'paused' ? `continue it: sweeplab resume ${final.id}${db}\n` : ''}`)
  }
  if (opts.json) {
    const more = opts.extraJson && !session.stopping ? await opts.extraJson() : {}
    const result: SweepResultJson = { ...final, trials, ...more }
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  } else if (opts.quiet) {
    ctx.stdout.write(`${formatSweepHeadline(final)}\n`)
  } else {
    ctx.stdout.write(renderSweepReport(final, trials, { useColor, dbFlag: opts.globals.db }))
  }
  return exitCodeForSweep(final.status)
}
