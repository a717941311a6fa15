import { createMetricLineParser } from './metric-line.ts'
import { getTrainer } from './trainers.ts'
import { DATA_TRAINERS } from './trainer-names.ts'
import type { CancelReason, TrialJob, TrialOutcome } from './protocol.ts'
import type { RunningTrial, TrialSink } from './command-trial.ts'

/** Runs a built-in trainer inside the worker process; cancellation is cooperative (checked between steps). */
export function runBuiltinTrial(job: TrialJob, sink: TrialSink): RunningTrial {
  const controller = new AbortController()
  let cancelReason: CancelReason | null = null
  let nonFinite: string | null = null
  const parser = createMetricLineParser()

  const done = (async (): Promise<TrialOutcome> => {
    const name = job.trainer ?? ''
    let trainer = getTrainer(name)
    if (!trainer && DATA_TRAINERS.includes(name)) {
      // Loaded on first use: TF.js stays out of workers that only run commands.
      const { runDataTrainer } = await import('./builtin/run-data-trainer.ts')
      const builtin = job.builtin
      if (!builtin) return { status: 'failed', exitCode: null, signal: null, backend: null, error: `trainer "${name}" got no dataset settings` }
      trainer = (ctx) => runDataTrainer(name, ctx, builtin)
    }
    if (!trainer) {
      return { status: 'failed', exitCode: null, signal: null, backend: null, error: `unknown trainer "${job.trainer}"` }
    }
    sink.started(null)
    try {
      const { backend, backendNote } = await trainer({
        params: job.params,
        seed: job.seed,
        trialDir: job.trialDir,
        signal: controller.signal,
        log: (stream, line) => sink.logs([[stream, Date.now(), line]]),
        report: (rec) => {
          const r = parser.parseRecord(rec, Date.now())
          if ('error' in r) throw new Error(`trainer reported a bad metric record: ${r.error}`)
          sink.metrics(r.rows)
          if (r.nonFinite && nonFinite === null) {
            nonFinite = r.nonFinite
            controller.abort()
          }
        },
      })
      const base = { exitCode: null, signal: null, backend, backendNote: backendNote ?? null }
      if (nonFinite !== null) return { ...base, status: 'diverged', error: `non-finite metric: ${nonFinite}` }
      if (cancelReason === 'timeout') return { ...base, status: 'timeout', error: 'stopped after exceeding its timeout' }
      if (cancelReason === 'cancelled') return { ...base, status: 'cancelled', error: null }
      if (cancelReason === 'shutdown') return { ...base, status: 'interrupted', error: 'stopped by engine shutdown' }
      return { ...base, status: 'completed', error: null }
    } catch (e) {
      const err = e as Error
      return { status: 'failed', exitCode: null, signal: null, backend: null, error: err.stack ?? err.message }
    }
  })()

  return {
    done,
    cancel(reason) {
      if (cancelReason === null) cancelReason = reason
      controller.abort()
    },
    kill() {
      controller.abort()
    },
  }
}
