/**
 * Worker process entry: runs one trial at a time for the engine, and lives across trials.
 * It never opens the database: metrics and logs go to the engine in batches over IPC.
 */
import { runCommandTrial, type RunningTrial, type TrialSink } from './command-trial.ts'
import { runBuiltinTrial } from './builtin-trial.ts'
import type { FromWorker, ToWorker, WorkerLogRow, WorkerMetricRow } from './protocol.ts'
import { collectArtifacts, type FoundArtifact } from './collect-artifacts.ts'
import { createPageLink } from './browser/page-link.ts'
import { createIpcOutbox } from './ipc-outbox.ts'

const FLUSH_MS = 50
const FLUSH_ROWS = 5000
/** Long lines are sent early: 5,000 lines of up to 1 MB each (the line splitter's cap) would be one message of gigabytes. */
const FLUSH_LOG_CHARS = 1 << 20

const outbox = createIpcOutbox<FromWorker>((msg, done) => {
  if (!process.send) return done(null)
  process.send(msg, undefined, undefined, done)
})
const send = (msg: FromWorker): void => outbox.send(msg)

let current: { trialId: number; run: RunningTrial; page?: ReturnType<typeof createPageLink> } | null = null
let metricBuf: WorkerMetricRow[] = []
let logBuf: WorkerLogRow[] = []
let logChars = 0
let flushTimer: NodeJS.Timeout | undefined

function flush(): void {
  clearTimeout(flushTimer)
  flushTimer = undefined
  if (!current) return
  if (metricBuf.length) send({ type: 'metrics', trialId: current.trialId, rows: metricBuf })
  if (logBuf.length) send({ type: 'logs', trialId: current.trialId, rows: logBuf })
  metricBuf = []
  logBuf = []
  logChars = 0
}
function scheduleFlush(): void {
  if (metricBuf.length + logBuf.length >= FLUSH_ROWS || logChars >= FLUSH_LOG_CHARS) flush()
  else flushTimer ??= setTimeout(flush, FLUSH_MS)
}

function runJob(msg: Extract<ToWorker, { type: 'run' }>): void {
  const { job } = msg
  const judged = job.judgedMetric
  const sink: TrialSink = {
    metrics(rows) {
      let urgent = false
      for (const r of rows) {
        metricBuf.push(r)
        if (r[0] === judged) urgent = true
      }
      if (urgent) flush()
      else scheduleFlush()
    },
    logs(rows) {
      for (const r of rows) {
        logBuf.push(r)
        logChars += r[2].length
      }
      scheduleFlush()
    },
    whenWritable: () => outbox.whenWritable(),
    started(pgid) {
      if (pgid !== null) send({ type: 'started', trialId: job.trialId, pgid })
    },
  }
  let run: RunningTrial
  // A browser trial's page talks through the engine, which relays `to-page` and answers with `page`.
  const page = job.browser ? createPageLink((msg) => send({ type: 'to-page', trialId: job.trialId, msg })) : undefined
  try {
    run = job.argv ? runCommandTrial(job, sink) : runBuiltinTrial(job, sink, page?.link)
  } catch (e) {
    // A trial that cannot even be set up (unwritable trial folder, bad argv) fails with the reason, not a worker crash.
    const error = `could not start the trial: ${(e as Error).message}`
    send({ type: 'finished', trialId: job.trialId, outcome: { status: 'failed', exitCode: null, signal: null, backend: null, error }, metrics: [], logs: [], artifacts: [] })
    return
  }
  current = { trialId: job.trialId, run, ...(page ? { page } : {}) }
  void run.done.then((outcome) => {
    // The last rows ride with the end message: one IPC message fewer per trial.
    clearTimeout(flushTimer)
    flushTimer = undefined
    let artifacts: FoundArtifact[] = []
    try {
      artifacts = collectArtifacts(job.trialDir)
    } catch (e) {
      logBuf.push(['system', Date.now(), `could not list the trial's outputs: ${(e as Error).message}`])
    }
    send({ type: 'finished', trialId: job.trialId, outcome, metrics: metricBuf, logs: logBuf, artifacts })
    metricBuf = []
    logBuf = []
    logChars = 0
    current = null
  })
}

process.on('message', (raw: ToWorker) => {
  switch (raw.type) {
    case 'run':
      runJob(raw)
      break
    case 'cancel':
      if (current?.trialId === raw.trialId) current.run.cancel(raw.reason, raw.graceMs)
      break
    case 'shutdown':
      current?.run.kill()
      process.exit(0)
      break
    case 'page':
      if (current?.trialId === raw.trialId) current.page?.deliver(raw.msg)
      break
    case 'page-gone':
      if (current?.trialId === raw.trialId) current.page?.gone(raw.reason)
      break
  }
})

// The engine died (even by SIGKILL): take the trial's process group down with us instead of orphaning it.
process.on('disconnect', () => {
  current?.run.kill()
  process.exit(0)
})

send({ type: 'ready', pid: process.pid })
