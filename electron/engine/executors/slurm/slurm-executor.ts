import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WorkerHandle, WorkerPoolEvents } from '../../scheduler/worker-pool.ts'
import type { CancelReason, FromWorker, ToWorker, TrialJob } from '../../workers/protocol.ts'
import { jobIdsOf, isTerminalState, type SlurmJobState } from './parse-slurm-output.ts'
import { slurmJobName } from './sbatch-script.ts'
import { writeSubmission } from './write-submission.ts'
import { cancelJobs, queryAccounting, queryQueue, runSlurmCommand, submitBatch } from './slurm-commands.ts'
import type { SlurmJobRepo } from './slurm-job-repo.ts'
import { outcomeOfSlurmEnd, outcomeOfStop } from './slurm-outcome.ts'
import { parseStreamLine, readNewLines, STREAM_FILE } from './stream-file.ts'

/** What a Slurm trial's job needs besides the local job: the sweep's executor options. */
export type SlurmJobOptions = NonNullable<TrialJob['slurm']>

/** A worker handle the scheduler can also detach (engine shutdown: the job keeps running for resume). */
export interface SlurmHandle extends WorkerHandle {
  detach(): void
}

/**
 * The CLI entry a job runs: from the sources (electron/engine/executors/slurm/) or from the app's
 * bundle (out/main/), whichever this module is running as.
 */
const CLI_BIN_CANDIDATES = [new URL('../../../../bin/sweeplab.mjs', import.meta.url), new URL('../../bin/sweeplab.mjs', import.meta.url)].map((u) => fileURLToPath(u))
/** How often squeue is asked and the stream files read. */
const DEFAULT_POLL_MS = 1_000
/** A job Slurm says ended gets this long for its last stream lines to show (NFS caches attributes for seconds). */
const DEFAULT_FINISH_GRACE_MS = 5_000
/** A job neither squeue nor sacct knows is taken for lost after this long. */
const LOST_AFTER_MS = 120_000

interface Tracked {
  handle: SlurmHandle
  trialId: number
  sweepId: number
  trialDir: string
  jobId: string | null
  offset: number
  state: SlurmJobState | null
  /** The node the job's wrapper said it runs on (the stream's first line). */
  node: string | null
  terminalSince: number | null
  unknownSince: number | null
  stopped: CancelReason | null
  workerExit: string | null
  done: boolean
}

/** The argv a Slurm job runs (before `--job FILE`): this Node and this Sweeplab, which must be on the shared file system. */
export function defaultWorkerArgv(): string[] {
  const custom = process.env.SWEEPLAB_SLURM_WORKER_ARGV
  if (custom) return JSON.parse(custom) as string[]
  const cli = CLI_BIN_CANDIDATES.find((p) => existsSync(p)) ?? CLI_BIN_CANDIDATES[0]!
  return [process.execPath, cli, 'worker']
}

/**
 * The Slurm executor: the scheduler's worker pool interface over sbatch. Each trial is one job (a job
 * array when several are ready in the same tick); the job runs `sweeplab worker --job` on its node,
 * which appends the worker's messages to a stream file in the trial folder; this side tails those
 * files (the byte offset is committed with the rows it carried, so a re-attached trial resumes where
 * it was) and polls squeue, then sacct, for jobs that ended without saying how.
 */
export function createSlurmExecutor(opts: {
  jobs: SlurmJobRepo
  /** The workspace's files folder (x.files): trial folders and job names derive from it. */
  workspaceDir: string
  /** Runs `fn` in one transaction with a flush of the metric writer, so offsets commit with their rows. */
  commit(fn: () => void): void
  events: WorkerPoolEvents
  log(msg: string): void
  pollMs?: number
  finishGraceMs?: number
  workerArgv?: readonly string[]
  run?: typeof runSlurmCommand
}) {
  const run = opts.run ?? runSlurmCommand
  const pollMs = opts.pollMs ?? Number(process.env.SWEEPLAB_SLURM_POLL_MS ?? DEFAULT_POLL_MS)
  const finishGraceMs = opts.finishGraceMs ?? DEFAULT_FINISH_GRACE_MS
  const tracked = new Map<number, Tracked>()
  const byHandle = new Map<number, Tracked>()
  let queued: Array<{ t: Tracked; job: TrialJob & { slurm: SlurmJobOptions } }> = []
  let submitScheduled = false
  let nextId = -1
  let timer: NodeJS.Timeout | undefined
  let polling = false
  let closed = false
  let submissions = 0

  function emit(t: Tracked, msg: FromWorker): void {
    try {
      opts.events.message(t.handle, msg)
    } catch (e) {
      opts.log(`trial ${t.trialId}: ${(e as Error).message}`)
    }
  }
  const system = (t: Tracked, line: string): void => emit(t, { type: 'logs', trialId: t.trialId, rows: [['system', Date.now(), line]] })

  function forget(t: Tracked): void {
    t.done = true
    tracked.delete(t.trialId)
    byHandle.delete(t.handle.id)
    if (tracked.size === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
  }

  function finish(t: Tracked, outcome: Extract<FromWorker, { type: 'finished' }>['outcome'], from?: Extract<FromWorker, { type: 'finished' }>): void {
    if (t.done) return
    forget(t)
    emit(t, from ?? { type: 'finished', trialId: t.trialId, outcome, metrics: [], logs: [], artifacts: [] })
  }

  /**
   * The trial wrote its outcome: its job is ending on its own (the wrapper exits 0 right after), so
   * the job's last state is recorded as COMPLETED without waiting for squeue to say so.
   */
  function finishFromStream(t: Tracked, fin: Extract<FromWorker, { type: 'finished' }>): void {
    try {
      opts.jobs.setState(t.trialId, { state: 'COMPLETED', reason: null, node: t.state?.node ?? t.node })
    } catch (e) {
      opts.log(`trial ${t.trialId}: could not record Slurm state: ${(e as Error).message}`)
    }
    finish(t, fin.outcome, fin)
  }

  function ensurePolling(): void {
    if (!timer && !closed) timer = setInterval(() => void poll(), pollMs)
  }

  function newHandle(): SlurmHandle {
    const id = nextId--
    const handle: SlurmHandle = {
      id,
      pid: -1,
      send: (msg: ToWorker) => onSend(handle, msg),
      kill: () => discard(handle),
      detach: () => {
        const t = byHandle.get(id)
        if (t) forget(t)
      },
    }
    return handle
  }

  function onSend(handle: SlurmHandle, msg: ToWorker): void {
    if (msg.type === 'run') {
      const job = msg.job
      const t: Tracked = {
        handle, trialId: job.trialId, sweepId: job.sweepId, trialDir: job.trialDir, jobId: null, offset: 0, state: null, node: null,
        terminalSince: null, unknownSince: null, stopped: null, workerExit: null, done: false,
      }
      tracked.set(t.trialId, t)
      byHandle.set(handle.id, t)
      if (!job.slurm) {
        queueMicrotask(() => finish(t, { status: 'failed', exitCode: null, signal: null, backend: null, error: 'internal: a Slurm trial without executor options' }))
        return
      }
      queued.push({ t, job: job as TrialJob & { slurm: SlurmJobOptions } })
      if (!submitScheduled) {
        submitScheduled = true
        // Every trial the scheduler starts in this tick goes into one sbatch: a job array.
        setImmediate(() => {
          submitScheduled = false
          void submitQueued()
        })
      }
      return
    }
    if (msg.type === 'cancel') {
      const t = byHandle.get(handle.id)
      if (t) void stop(t, msg.reason)
    }
  }

  async function submitQueued(): Promise<void> {
    const batch = queued.filter((q) => !q.t.done)
    queued = []
    const bySweep = new Map<number, typeof batch>()
    for (const q of batch) bySweep.set(q.t.sweepId, [...(bySweep.get(q.t.sweepId) ?? []), q])
    await Promise.all([...bySweep.values()].map((group) => submitGroup(group)))
  }

  async function submitGroup(group: Array<{ t: Tracked; job: TrialJob & { slurm: SlurmJobOptions } }>): Promise<void> {
    const first = group[0]!
    let script: string
    let args: string[]
    try {
      ;({ script, args } = writeSubmission(group.map(({ t, job }) => ({ trialDir: t.trialDir, job })), {
        workspaceDir: opts.workspaceDir, workerArgv: opts.workerArgv ?? defaultWorkerArgv(), serial: ++submissions,
      }))
    } catch (e) {
      for (const { t } of group) finish(t, { status: 'failed', exitCode: null, signal: null, backend: null, error: `could not write the Slurm job files: ${(e as Error).message}` })
      return
    }
    let submitted: string
    try {
      submitted = await submitBatch(args, script, run)
    } catch (e) {
      opts.log(`sweep ${first.t.sweepId}: ${(e as Error).message}`)
      for (const { t } of group) finish(t, { status: 'failed', exitCode: null, signal: null, backend: null, error: (e as Error).message })
      return
    }
    const ids = jobIdsOf(submitted, group.length, group.length > 1)
    const now = Date.now()
    try {
      opts.commit(() => group.forEach(({ t }, i) => opts.jobs.record(t.trialId, ids[i]!, now)))
    } catch (e) {
      // The jobs run anyway and are tailed; only a resume after a crash would not find them.
      opts.log(`sweep ${first.t.sweepId}: could not record Slurm job ${submitted}: ${(e as Error).message}`)
    }
    group.forEach(({ t }, i) => {
      t.jobId = ids[i]!
      system(t, `submitted to Slurm as job ${t.jobId} (sbatch ${args.join(' ')})`)
      if (t.stopped) void stop(t, t.stopped)
    })
    ensurePolling()
  }

  async function stop(t: Tracked, reason: CancelReason): Promise<void> {
    if (t.done) return
    t.stopped = reason
    if (t.jobId === null) {
      // Not submitted yet: drop it from the queue; a submission in flight is cancelled once it has an id.
      if (queued.some((q) => q.t === t)) {
        queued = queued.filter((q) => q.t !== t)
        finish(t, outcomeOfStop(reason, '(not submitted)'))
      }
      return
    }
    const r = await cancelJobs([t.jobId], run)
    if (r.code !== 0) opts.log(`trial ${t.trialId}: scancel ${t.jobId}: ${r.stderr.trim() || `exit code ${r.code}`}`)
    drain(t)
    try {
      opts.jobs.setState(t.trialId, { state: 'CANCELLED', reason: `scancel by Sweeplab (${reason})`, node: t.state?.node ?? t.node })
    } catch (e) {
      opts.log(`trial ${t.trialId}: could not record Slurm state: ${(e as Error).message}`)
    }
    finish(t, outcomeOfStop(reason, t.jobId))
  }

  function discard(handle: WorkerHandle): void {
    const t = byHandle.get(handle.id)
    if (!t) return
    if (t.jobId) void cancelJobs([t.jobId], run)
    forget(t)
    opts.events.exit(t.handle, null, 'SIGKILL')
  }

  /** Reads the trial's new stream lines and hands them on; returns the outcome message if the trial ended. */
  function drain(t: Tracked): Extract<FromWorker, { type: 'finished' }> | null {
    const path = join(t.trialDir, STREAM_FILE)
    let finished: Extract<FromWorker, { type: 'finished' }> | null = null
    let read: { lines: string[]; offset: number }
    try {
      read = readNewLines(path, t.offset)
    } catch (e) {
      opts.log(`trial ${t.trialId}: could not read ${path}: ${(e as Error).message}`)
      return null
    }
    if (read.lines.length === 0) return null
    let bad = 0
    for (const line of read.lines) {
      const entry = parseStreamLine(line)
      if (!entry) {
        bad++
        continue
      }
      switch (entry.type) {
        case 'metrics':
        case 'logs':
          emit(t, { ...entry, trialId: t.trialId })
          break
        case 'finished':
          finished = { ...entry, trialId: t.trialId }
          break
        case 'terminated':
          system(t, `the job got ${entry.signal} from Slurm`)
          break
        case 'node':
          t.node = entry.node
          break
        case 'worker-exit':
          t.workerExit = `its worker exited with ${entry.signal ? `signal ${entry.signal}` : `exit code ${entry.code}`}`
          break
        case 'ready':
        case 'started':
        case 'to-page':
          // A process group id on another node means nothing here; browser pages do not run on Slurm.
          break
      }
    }
    if (bad > 0) system(t, `${bad} line(s) of ${STREAM_FILE} were not Sweeplab messages; skipped`)
    t.offset = read.offset
    if (!finished) {
      try {
        opts.commit(() => opts.jobs.setOffset(t.trialId, read.offset))
      } catch (e) {
        // Rows stay queued in the writer; the offset is written with the next batch.
        opts.log(`trial ${t.trialId}: could not record its stream offset: ${(e as Error).message}`)
      }
    }
    return finished
  }

  function slurmOutputTail(t: Tracked): string | null {
    const file = join(t.trialDir, '..', 'slurm', `slurm-${t.jobId}.out`)
    if (!existsSync(file)) return null
    try {
      const lines = readFileSync(file, 'utf8').trim().split('\n').filter((l) => l !== '').slice(-5)
      return lines.length ? `last lines of ${file}: ${lines.join(' | ')}` : null
    } catch {
      return null
    }
  }

  function noteState(t: Tracked, s: SlurmJobState): void {
    const prev = t.state
    t.state = s
    if (prev && prev.state === s.state && prev.reason === s.reason) return
    try {
      opts.jobs.setState(t.trialId, { state: s.state, reason: s.reason, node: s.node })
    } catch (e) {
      opts.log(`trial ${t.trialId}: could not record Slurm state: ${(e as Error).message}`)
    }
    system(t, `Slurm job ${t.jobId}: ${s.state}${s.reason ? ` (${s.reason})` : ''}${s.node ? ` on ${s.node}` : ''}`)
  }

  async function poll(): Promise<void> {
    if (polling || closed) return
    polling = true
    try {
      const live = [...tracked.values()].filter((t) => t.jobId !== null && !t.stopped)
      for (const t of live) {
        const fin = drain(t)
        if (fin) finishFromStream(t, fin)
      }
      const rest = live.filter((t) => !t.done)
      if (rest.length === 0) return
      const names = [...new Set(rest.map((t) => slurmJobName(t.sweepId, opts.workspaceDir)))]
      const queue = await queryQueue(names, run)
      const states = new Map((queue ?? []).map((s) => [s.jobId, s]))
      const missing = rest.filter((t) => !states.has(t.jobId!))
      if (missing.length > 0) {
        const acct = await queryAccounting(missing.map((t) => t.jobId!), run)
        for (const s of acct ?? []) states.set(s.jobId, s)
      }
      const now = Date.now()
      for (const t of rest) {
        if (t.done || t.stopped) continue
        const s = states.get(t.jobId!)
        if (!s) {
          if (queue === null) continue
          t.unknownSince ??= now
          if (now - t.unknownSince < LOST_AFTER_MS) continue
          const fin = drain(t)
          if (fin) finishFromStream(t, fin)
          else finish(t, { status: 'crashed', exitCode: null, signal: null, backend: null, error: `Slurm no longer reports job ${t.jobId} (not in squeue, and sacct has no record of it)${t.workerExit ? `; ${t.workerExit}` : ''}` })
          continue
        }
        t.unknownSince = null
        noteState(t, s)
        if (!isTerminalState(s.state)) continue
        t.terminalSince ??= now
        const fin = drain(t)
        if (fin) {
          finishFromStream(t, fin)
          continue
        }
        // The job ended but its outcome line has not shown yet: wait out NFS's attribute cache.
        if (s.state === 'COMPLETED' && now - t.terminalSince < finishGraceMs) continue
        if (s.state !== 'COMPLETED' && now - t.terminalSince < Math.min(finishGraceMs, 2 * pollMs)) continue
        const detail = [t.workerExit, slurmOutputTail(t)].filter((x) => x !== null).join('; ')
        finish(t, outcomeOfSlurmEnd(s, t.jobId!, detail || null))
      }
    } catch (e) {
      opts.log(`Slurm poll: ${(e as Error).message}`)
    } finally {
      polling = false
    }
  }

  return {
    async acquire(): Promise<WorkerHandle> {
      return newHandle()
    },
    /** Every trial gets its own handle at once: Slurm, not this machine, decides when it runs. */
    tryAcquire(): WorkerHandle {
      return newHandle()
    },
    release(_w: WorkerHandle): void {},
    discard,
    /**
     * Takes over a trial whose job was submitted by an earlier engine: tails its stream from the
     * committed offset and follows the job, without submitting anything.
     */
    attach(t: { trialId: number; sweepId: number; trialDir: string; jobId: string; offset: number }): SlurmHandle {
      const handle = newHandle()
      const entry: Tracked = {
        handle, trialId: t.trialId, sweepId: t.sweepId, trialDir: t.trialDir, jobId: t.jobId, offset: t.offset, state: null, node: null,
        terminalSince: null, unknownSince: null, stopped: null, workerExit: null, done: false,
      }
      tracked.set(t.trialId, entry)
      byHandle.set(handle.id, entry)
      ensurePolling()
      return handle
    },
    get size(): number {
      return tracked.size
    },
    async close(): Promise<void> {
      closed = true
      clearInterval(timer)
      timer = undefined
    },
  }
}

export type SlurmExecutor = ReturnType<typeof createSlurmExecutor>
