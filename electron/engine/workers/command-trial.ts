import { spawn } from 'node:child_process'
import { closeSync, openSync, readSync, writeFileSync, mkdirSync, fstatSync } from 'node:fs'
import { join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { METRICS_STDOUT_MARKER } from '../../../shared/sweep-spec.ts'
import { createLineSplitter } from './line-splitter.ts'
import { createMetricLineParser } from './metric-line.ts'
import { createMalformedTally } from './malformed-lines.ts'
import { createStdoutMetricReader } from './stdout-metrics.ts'
import { mergeTrialEnv } from '../scheduler/trial-env.ts'
import type { CancelReason, TrialJob, TrialOutcome, WorkerLogRow, WorkerMetricRow } from './protocol.ts'

export interface TrialSink {
  metrics(rows: WorkerMetricRow[]): void
  logs(rows: WorkerLogRow[]): void
  started(pgid: number | null): void
  /** null while the engine keeps up with the output; else resolves when it has caught up (backpressure). */
  whenWritable?(): Promise<void> | null
}

export interface RunningTrial {
  done: Promise<TrialOutcome>
  cancel(reason: CancelReason, graceMs: number): void
  /** Kills the process group at once (worker shutting down). */
  kill(): void
}

const METRICS_POLL_MS = 50
const TAIL_LINES = 8
const DRAIN_AFTER_EXIT_MS = 1_000

/**
 * Runs the user's program in its own process group: argv (never a shell), params as args, env and
 * files; metrics from the metrics file and marker lines on stdout.
 */
export function runCommandTrial(job: TrialJob, sink: TrialSink): RunningTrial {
  const argv = job.argv ?? []
  mkdirSync(job.trialDir, { recursive: true })
  const paramsFile = join(job.trialDir, 'params.json')
  const metricsFile = join(job.trialDir, 'metrics.jsonl')
  writeFileSync(paramsFile, JSON.stringify(job.params))
  writeFileSync(metricsFile, '')

  const parser = createMetricLineParser()
  let nonFinite: string | null = null
  const malformed = createMalformedTally()
  let cancelReason: CancelReason | null = null
  let killTimer: NodeJS.Timeout | undefined

  const system = (line: string) => sink.logs([['system', Date.now(), line]])
  const accept = (r: { rows: WorkerMetricRow[]; nonFinite: string | null }) => {
    if (r.rows.length > 0) sink.metrics(r.rows)
    if (r.nonFinite && nonFinite === null) {
      nonFinite = r.nonFinite
      system(`stopping: non-finite metric ${r.nonFinite}`)
      terminate(2_000)
    }
  }
  const ingest = (line: string, source: string) => {
    const r = parser.parseLine(line, Date.now())
    if ('error' in r) {
      const logged = malformed.add(source, r.error)
      if (logged !== null) system(logged)
      return
    }
    accept(r)
  }
  // Printed lines read by the sweep's patterns stay in the log: they were written for a person too.
  const patterns = createStdoutMetricReader(job.stdoutMetrics ?? [])
  const readPrinted = (line: string, stream: 'stdout' | 'stderr') => {
    const r = patterns?.read(line, stream, Date.now())
    if (!r) return
    for (const error of r.errors) {
      const logged = malformed.add(`${stream} pattern`, error)
      if (logged !== null) system(logged)
    }
    accept(r)
  }

  const env: Record<string, string> = {
    ...mergeTrialEnv(process.env, job.env),
    SWEEPLAB_PARAMS: JSON.stringify(job.params),
    SWEEPLAB_PARAMS_FILE: paramsFile,
    SWEEPLAB_METRICS_FILE: metricsFile,
    SWEEPLAB_TRIAL_ID: String(job.trialId),
    SWEEPLAB_SWEEP_ID: String(job.sweepId),
    SWEEPLAB_SEED: String(job.seed),
    SWEEPLAB_TRIAL_DIR: job.trialDir,
  }

  const [file, ...args] = argv
  const child = spawn(file ?? '', args, { cwd: job.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const pgid = child.pid ?? null

  function signalGroup(sig: NodeJS.Signals): void {
    if (pgid === null) return
    try {
      process.kill(-pgid, sig)
    } catch {
      // ESRCH: the group is already gone, which is what we wanted.
    }
  }
  function terminate(graceMs: number): void {
    signalGroup('SIGTERM')
    clearTimeout(killTimer)
    killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs)
  }

  // The last lines of output go into a failed trial's error, so the reason is visible without opening logs.
  const tail: string[] = []
  const remember = (line: string) => {
    tail.push(line.length > 300 ? `${line.slice(0, 300)}…` : line)
    if (tail.length > TAIL_LINES) tail.shift()
  }
  const stdoutLines = createLineSplitter((line) => {
    if (line.startsWith(METRICS_STDOUT_MARKER)) return ingest(line.slice(METRICS_STDOUT_MARKER.length), 'stdout')
    remember(line)
    sink.logs([['stdout', Date.now(), line]])
    readPrinted(line, 'stdout')
  })
  const stderrLines = createLineSplitter((line) => {
    remember(line)
    sink.logs([['stderr', Date.now(), line]])
    readPrinted(line, 'stderr')
  })
  // A trial that prints faster than the engine stores waits on its pipe, as on a slow terminal,
  // instead of piling its output up in this worker's memory.
  const throttle = (stream: NodeJS.ReadableStream) => {
    const wait = sink.whenWritable?.()
    if (!wait) return
    stream.pause()
    void wait.then(() => stream.resume())
  }
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    stdoutLines.push(c)
    throttle(child.stdout!)
  })
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderrLines.push(c)
    throttle(child.stderr!)
  })

  // The metrics file is tailed by offset: appends by the script become rows within ~50 ms.
  let offset = 0
  // A line that never ends is cut at 1 MiB (and reported malformed) instead of growing this worker's memory;
  // the decoder keeps a character split between two reads whole.
  const metricLines = createLineSplitter((line) => {
    const trimmed = line.trim()
    if (trimmed) ingest(trimmed, 'metrics file')
  })
  const decoder = new StringDecoder('utf8')
  const readBuf = Buffer.alloc(1 << 16)
  // While the engine lags behind, the file waits on disk instead of in this worker's memory.
  let pollHeld = false
  const pollMetrics = (final = false): void => {
    let fd: number
    try {
      fd = openSync(metricsFile, 'r')
    } catch {
      return
    }
    try {
      const size = fstatSync(fd).size
      while (offset < size) {
        const n = readSync(fd, readBuf, 0, readBuf.length, offset)
        if (n <= 0) break
        offset += n
        metricLines.push(decoder.write(readBuf.subarray(0, n)))
        const wait = final ? null : sink.whenWritable?.()
        if (wait) {
          pollHeld = true
          void wait.then(() => (pollHeld = false))
          break
        }
      }
    } finally {
      closeSync(fd)
    }
  }
  const poller = setInterval(() => {
    if (!pollHeld) pollMetrics()
  }, METRICS_POLL_MS)

  const done = new Promise<TrialOutcome>((resolve) => {
    let spawnError: Error | null = null
    child.on('error', (e) => {
      spawnError = e
    })
    child.on('spawn', () => sink.started(pgid))
    // 'close' waits for every holder of the output pipes: a background job the script left running
    // would keep the trial open forever. Give the pipes a moment to drain, then take the group down.
    child.on('exit', () => {
      clearTimeout(killTimer)
      killTimer = setTimeout(() => signalGroup('SIGKILL'), DRAIN_AFTER_EXIT_MS)
    })
    child.on('close', (code, signal) => {
      clearInterval(poller)
      clearTimeout(killTimer)
      // Reap anything the script left behind in its group (background jobs, data loaders).
      signalGroup('SIGKILL')
      pollMetrics(true)
      metricLines.push(decoder.end())
      metricLines.end()
      stdoutLines.end()
      stderrLines.end()
      // Not fatal, but said where a user looks first: the log, and the note of a completed trial.
      const ignored = malformed.summary()
      if (ignored !== null) system(ignored)
      const base = { exitCode: code, signal, backend: 'command' as const }
      if (spawnError) {
        resolve({ ...base, status: 'failed', exitCode: null, reason: 'start_failed', error: `could not start ${JSON.stringify(file)}: ${spawnError.message}` })
      } else if (cancelReason === 'timeout') {
        resolve({ ...base, status: 'timeout', error: 'killed after exceeding its timeout' })
      } else if (cancelReason === 'cancelled') {
        resolve({ ...base, status: 'cancelled', error: null })
      } else if (cancelReason === 'shutdown') {
        resolve({ ...base, status: 'interrupted', error: 'stopped by engine shutdown' })
      } else if (cancelReason === 'pruned') {
        // Stopped on purpose: its exit code or signal is the answer to our SIGTERM, not a failure.
        resolve({ ...base, status: 'pruned', error: ignored })
      } else if (nonFinite !== null) {
        resolve({ ...base, status: 'diverged', error: `non-finite metric: ${nonFinite}` })
      } else if (code === 0) {
        resolve({ ...base, status: 'completed', error: ignored })
      } else {
        const why = signal ? `killed by signal ${signal}` : `exit code ${code}`
        resolve({ ...base, status: 'failed', error: tail.length ? `${why}; last output:\n${tail.join('\n')}` : why })
      }
    })
  })

  return {
    done,
    cancel(reason, graceMs) {
      // A cancel, timeout or shutdown that follows a prune says what the trial ended as.
      if (cancelReason === null || cancelReason === 'pruned') cancelReason = reason
      terminate(graceMs)
    },
    kill() {
      signalGroup('SIGKILL')
    },
  }
}
