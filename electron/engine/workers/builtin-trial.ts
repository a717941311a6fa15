import { createMetricLineParser } from './metric-line.ts'
import { getTrainer } from './trainers.ts'
import { DATA_TRAINERS } from './trainer-names.ts'
import type { CancelReason, TrialJob, TrialOutcome } from './protocol.ts'
import type { RunningTrial, TrialSink } from './command-trial.ts'
import { nodeTrainerPlatform } from './node-platform.ts'
import { PageGoneError, type PageLink } from './browser/page-link.ts'
import type { Trainer } from './trainers.ts'
import { PruneStop } from './prune-stop.ts'

const failed = (error: string): TrialOutcome => ({ status: 'failed', exitCode: null, signal: null, backend: null, error })

/** The trainer of a job: a built-in, a data trainer in this process, or one that trains in the job's browser page. */
async function trainerFor(job: TrialJob, page: PageLink | undefined): Promise<Trainer | string> {
  const name = job.trainer ?? ''
  const builtin = job.builtin
  if (job.browser) {
    // Loaded on first use, like the data trainers: TF.js stays out of workers that only run commands.
    const { isDataTrainerName } = await import('./builtin/trainer-runs.ts')
    if (!isDataTrainerName(name)) return `trainer "${name}" cannot run in a browser GPU worker (only ${DATA_TRAINERS.join(', ')} can)`
    if (!builtin) return `trainer "${name}" got no dataset settings`
    if (!page) return 'the trial was sent to a browser GPU worker but this worker has no page'
    const { createPageTrainer } = await import('./browser/page-trainer.ts')
    return createPageTrainer(name, builtin, job.trialId, page)
  }
  const trainer = getTrainer(name)
  if (trainer) return trainer
  if (!DATA_TRAINERS.includes(name)) return `unknown trainer "${job.trainer}"`
  if (!builtin) return `trainer "${name}" got no dataset settings`
  const { runDataTrainer } = await import('./builtin/run-data-trainer.ts')
  return (ctx) => runDataTrainer(name, ctx, builtin)
}

/**
 * Runs a built-in trainer inside the worker process, or drives one in the job's browser page;
 * cancellation is cooperative (checked between steps).
 */
export function runBuiltinTrial(job: TrialJob, sink: TrialSink, page?: PageLink): RunningTrial {
  const controller = new AbortController()
  let cancelReason: CancelReason | null = null
  let nonFinite: string | null = null
  const parser = createMetricLineParser()
  // Stops at the next step, even when a prune already asked for the end of the epoch.
  const hardStop = (): void => {
    const r: unknown = controller.signal.reason
    if (r instanceof PruneStop) r.hard = true
    controller.abort()
  }

  /** The outcome of a trial that was asked to stop, or null when it was not. */
  const stoppedOutcome = (base: Omit<TrialOutcome, 'status' | 'error'>, why: string | null): TrialOutcome | null => {
    if (cancelReason === 'timeout') return { ...base, status: 'timeout', error: why ?? 'stopped after exceeding its timeout' }
    if (cancelReason === 'cancelled') return { ...base, status: 'cancelled', error: why }
    if (cancelReason === 'shutdown') return { ...base, status: 'interrupted', error: why ?? 'stopped by engine shutdown' }
    if (cancelReason === 'pruned') return { ...base, status: 'pruned', error: why }
    return null
  }

  const done = (async (): Promise<TrialOutcome> => {
    const trainer = await trainerFor(job, page)
    if (typeof trainer === 'string') return { ...failed(trainer), reason: 'start_failed' }
    sink.started(null)
    try {
      const { backend, backendNote } = await trainer({
        params: job.params,
        seed: job.seed,
        ...nodeTrainerPlatform(job.trialDir),
        signal: controller.signal,
        log: (stream, line) => sink.logs([[stream, Date.now(), line]]),
        report: (rec) => {
          const r = parser.parseRecord(rec, Date.now())
          if ('error' in r) throw new Error(`trainer reported a bad metric record: ${r.error}`)
          sink.metrics(r.rows)
          if (r.nonFinite && nonFinite === null) {
            nonFinite = r.nonFinite
            hardStop()
          }
        },
      })
      const base = { exitCode: null, signal: null, backend, backendNote: backendNote ?? null }
      if (nonFinite !== null) return { ...base, status: 'diverged', error: `non-finite metric: ${nonFinite}` }
      return stoppedOutcome(base, null) ?? { ...base, status: 'completed', error: null }
    } catch (e) {
      const err = e as Error
      if (!(err instanceof PageGoneError)) return failed(err.stack ?? err.message)
      // A browser page that died ends the trial as a dead worker process does (retried if the sweep says so).
      const base = { exitCode: null, signal: null, backend: null }
      return stoppedOutcome(base, err.message) ?? { ...base, status: 'crashed', error: err.message }
    }
  })()

  return {
    done,
    cancel(reason) {
      if (reason === 'pruned') {
        if (cancelReason !== null) return
        cancelReason = reason
        controller.abort(new PruneStop())
        return
      }
      if (cancelReason === null || cancelReason === 'pruned') cancelReason = reason
      hardStop()
    },
    kill() {
      hardStop()
    },
  }
}
