import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { TrialStatus } from '../../../shared/status.ts'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { Store, MetricPointRow, LogRow } from '../store/store-types.ts'
import type { FromWorker, TrialOutcome, CancelReason, WorkerLogRow, WorkerMetricRow } from '../workers/protocol.ts'
import { createWorkerPool, type WorkerHandle, type WorkerPool, type WorkerPoolEvents } from './worker-pool.ts'
import type { SlurmExecutor, SlurmHandle } from '../executors/slurm/slurm-executor.ts'
import type { AttachedTrial } from '../executors/slurm/slurm-reattach.ts'
import type { PendingAttempt } from './recover.ts'
import { createSweepRunner, elapsedMs, isExhausted, peekAttempt, recordOutcome, setRunnerPaused, stopLaunching, sweepEndOf, takeAttempt, type SweepEnd, type SweepPlan, type SweepRunner } from './sweep-runner.ts'
import { laneOf, sweepLaneProblem, type Lane, type LaneInputs } from './trial-lane.ts'
import { createBrowserSlots } from './browser-slots.ts'
import { createGpuSlots } from './gpu-slots.ts'
import type { BrowserTrainingHost } from '../workers/browser/host.ts'
import { createSweepPruning, type SweepPruning } from './sweep-pruning.ts'
import type { PruneDecision } from '../pruning/pruner-types.ts'
import { diskFullMessage, isDiskFullError } from '../store/disk-full.ts'
import { classifyFailure } from '../failures/classify-failure.ts'
import { repeatOf } from '../../../shared/config-stats.ts'
import type { StatFs } from '../resources/disk-guard.ts'
import { createDiskHold } from './disk-hold.ts'
import { keepsSomething } from '../resources/checkpoint-retention.ts'
import type { RetentionRunner } from '../resources/retention-runner.ts'

export type { SweepEnd, SweepPlan } from './sweep-runner.ts'
import type { FoundArtifact } from '../workers/collect-artifacts.ts'

export interface SchedulerHooks {
  trialChanged(trialId: number): void
  sweepChanged(sweepId: number): void
  sweepEnded(sweepId: number, end: SweepEnd, error: string | null): void
  log(msg: string): void
}

interface Active {
  trialId: number
  index: number
  attempt: number
  params: Record<string, unknown>
  seed: number
  /** Kept for a retry, which records the same version and rerun origin. */
  version: number
  rerunOf: number | null
  cpu: number
  /** GPUs booked for it (a fraction 1/n shares its one device). */
  gpu: number
  gpuIds: number[]
  /** The browser GPU worker slot the trial trains in (lane `browser`). */
  browserSlot: number | null
  worker: WorkerHandle | null
  pgid: number | null
  startedMono: number
  cancel: CancelReason | null
  timers: NodeJS.Timeout[]
  points: number
  /** Outputs the worker found in the trial folder, recorded with the trial's end. */
  artifacts: FoundArtifact[]
  /** Why and where early termination stopped it (kept for the trial's end). */
  pruned: PruneDecision | null
}

type Runner = SweepRunner<Active>

interface Batcher {
  addMetrics(rows: readonly MetricPointRow[]): void
  addLogs(rows: readonly LogRow[]): void
  flush(): void
  /** The error of the last failed flush while its rows wait for the next try (write-batcher.ts). */
  readonly failure?: unknown
}

/** Seconds a cancelled or timed-out trial gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5_000
/** Extra time before a worker that ignores a cancel is itself killed. */
const BACKSTOP_MS = 3_000
/** A launch the database refused (busy) is tried again after this long. */
const RETRY_LAUNCH_MS = 1_000
/** A pruned built-in trial finishes its epoch first; past this its worker is killed (its points are kept). */
const PRUNE_EPOCH_GRACE_MS = 120_000

/**
 * Runs sweeps over a shared pool of worker processes with CPU and GPU slots: dispatch, timeouts,
 * cancel, retries, and graceful shutdown. Every trial row is written before its worker starts and
 * ends exactly once (`trials.finish` refuses a second end).
 */
export function createScheduler(opts: {
  store: Store
  batcher: Batcher
  maxCpu: number
  workspaceDir: string
  workerEntry?: string
  /** Browser GPU workers: `slots` pages in `host`, each one GPU for `resources: gpu` and webgpu/webgl trials. */
  browser?: { host: BrowserTrainingHost; slots: number }
  /** A pruned command trial gets this long between SIGTERM and SIGKILL (default 5 s). */
  pruneGraceMs?: number
  /** The free-space guard (`disk.min_free`): how to read the disk (tests inject one), which path, how often while running (default 5 s). */
  disk?: { statfs?: StatFs; path?: string; checkEveryMs?: number }
  /** Applies `keep:` (checkpoint retention) as trials end and, for `keep.last`, while they run. */
  retention?: RetentionRunner
  /** The Slurm executor for sweeps with `executor: {type: slurm}` (executors/slurm), given the pool's events. */
  slurm?: (events: WorkerPoolEvents) => SlurmExecutor
  hooks: SchedulerHooks
}) {
  const { store, batcher, hooks } = opts
  const runners = new Map<number, Runner>()
  const prunings = new Map<number, SweepPruning>()
  const byTrial = new Map<number, { runner: Runner; active: Active }>()
  const byWorker = new Map<number, number>()
  const gpus = createGpuSlots()
  let cpuUsed = 0
  let closed = false
  let pool: WorkerPool | null = null
  let slurm: SlurmExecutor | null = null
  let retryTimer: NodeJS.Timeout | undefined
  /** Set when a write failed for lack of space; a sweep started later tries again. */
  let diskFull: string | null = null
  const bySlot = new Map<number, number>()
  const disk = createDiskHold({
    store, path: opts.disk?.path ?? opts.workspaceDir, ...(opts.disk?.statfs ? { statfs: opts.disk.statfs } : {}),
    sweepChanged: hooks.sweepChanged, log: hooks.log,
  })
  let resourceTimer: NodeJS.Timeout | undefined
  const browser = opts.browser && opts.browser.slots > 0
    ? createBrowserSlots(opts.browser.host, opts.browser.slots, {
        message: (slot, msg) => {
          const a = activeOnSlot(slot)
          a?.worker?.send({ type: 'page', trialId: a.trialId, msg })
        },
        gone: (slot, reason) => {
          hooks.log(`browser GPU worker ${slot} ${reason}`)
          const a = activeOnSlot(slot)
          a?.worker?.send({ type: 'page-gone', trialId: a.trialId, reason })
        },
        log: hooks.log,
      })
    : null

  function activeOnSlot(slot: number): Active | undefined {
    const id = bySlot.get(slot)
    return id === undefined ? undefined : byTrial.get(id)?.active
  }

  function laneInputs(plan: SweepPlan): LaneInputs {
    return { gpu: plan.gpu, cudaGpus: gpus.total, browserSlots: browser?.total ?? 0, ...(plan.trainer !== undefined ? { trainer: plan.trainer } : {}), ...(plan.backend !== undefined ? { backend: plan.backend } : {}) }
  }

  function getPool(): WorkerPool {
    pool ??= createWorkerPool({
      entry: opts.workerEntry,
      events: { message: onWorkerMessage, exit: onWorkerExit },
    })
    return pool
  }

  /** The executor a sweep's trials run on: this machine's worker pool, or Slurm (docs/slurm.md). */
  function getSlurm(): SlurmExecutor {
    if (!opts.slurm) throw new Error('this engine has no Slurm executor')
    slurm ??= opts.slurm({ message: onWorkerMessage, exit: onWorkerExit })
    return slurm
  }
  function poolOf(r: Runner): Pick<WorkerPool, 'acquire' | 'tryAcquire' | 'release'> {
    return r.plan.executor === 'slurm' ? getSlurm() : getPool()
  }

  /**
   * The lane the sweep's next attempt would take if it started now, or null when it cannot start
   * (concurrency, CPU slots, or its lane's GPUs / browser slots all busy).
   */
  function nextLane(r: Runner): Lane | null {
    if (r.stopping || closed || r.paused) return null
    if (r.active.size >= r.plan.concurrency) return null
    if (r.plan.pending.length === 0 && isExhausted(r)) return null
    // Slurm places the job (CPUs, GPUs); this machine only keeps max_concurrent of them in flight.
    if (r.plan.executor === 'slurm') return 'process'
    if (cpuUsed + r.plan.cpu > opts.maxCpu && cpuUsed > 0) return null
    // Checked before each launch with a reading at most a second old (statfs is one cheap syscall).
    if (disk.holds(r.plan.sweepId, r.plan.minFree, 1_000)) return null
    // Most sweeps have one lane for all trials; only GPU sweeps and browser GPU workers need the params.
    const inputs = laneInputs(r.plan)
    const next = r.plan.gpu > 0 || inputs.browserSlots > 0 ? peekAttempt(r) : null
    const lane = next ? laneOf(next.job.params, inputs) : 'process'
    if (lane === 'cuda' && !gpus.canTake(r.plan.gpu)) return null
    if (lane === 'browser' && browser!.free() === 0) return null
    return lane
  }

  /**
   * Takes the next attempt and writes its trial row (and the sweep's next index) in one transaction,
   * already marked running when an idle worker is at hand (one commit per launch on the hot path).
   */
  function claim(r: Runner, worker: WorkerHandle | null): { trialId: number; job: PendingAttempt } {
    const plan = r.plan
    const taken = takeAttempt(r)
    if (!taken) throw new Error('no attempt left to start')
    const { job: claimed, fresh } = taken
    let trialId: number
    try {
      trialId = store.db.transaction(() => {
      const now = Date.now()
      // A rerun's row was written (queued) when it was asked for; it is started, not inserted.
      const id = claimed.queuedTrialId ?? store.trials.insert({
        sweepId: plan.sweepId, index: claimed.index, attempt: claimed.attempt,
        params: claimed.params, seed: claimed.seed, createdAt: now,
        configVersion: claimed.version ?? plan.version, rerunOf: claimed.rerunOf ?? null,
        // Reruns (negative indices) repeat no config of the search.
        ...(plan.repeats && claimed.index >= 0 ? repeatOf(claimed.index, plan.repeats) : {}),
      })
      if (worker) store.trials.markRunning(id, { workerId: worker.id, startedAt: now })
      if (fresh) {
        store.sweeps.setNextIndex(plan.sweepId, claimed.index + 1)
        store.sweeps.setRunMs(plan.sweepId, elapsedMs(r))
      }
      return id
      })()
    } catch (e) {
      taken.putBack()
      if (worker) poolOf(r).release(worker)
      throw e
    }
    if (fresh) plan.nextIndex = claimed.index + 1
    return { trialId, job: claimed }
  }

  function pump(): void {
    let progressed = true
    while (progressed) {
      progressed = false
      for (const r of runners.values()) {
        let lane: Lane | null
        try {
          lane = nextLane(r)
        } catch (e) {
          if (stopOnSearchError(r, e)) continue
          throw e
        }
        if (lane === null) continue
        try {
          start(r, lane)
        } catch (e) {
          if (stopOnSearchError(r, e)) continue
          // The database refused the trial row: nothing was written, the attempt went back to the
          // queue. A full disk stops every sweep (below); anything else (busy beyond its timeout)
          // is tried again shortly instead of crashing.
          if (haltOnDiskFull(e)) break
          hooks.log(`could not launch a trial of sweep ${r.plan.sweepId}: ${(e as Error).message}; retrying in ${RETRY_LAUNCH_MS} ms`)
          retryTimer ??= setTimeout(() => {
            retryTimer = undefined
            pump()
          }, RETRY_LAUNCH_MS)
          return
        }
        progressed = true
      }
    }
    for (const r of runners.values()) maybeFinish(r)
  }

  /**
   * The sampler could not give the next point (an expression failed for it, or the constraints keep
   * rejecting draws): nothing new starts, running trials finish, and the sweep ends failed saying why.
   */
  function stopOnSearchError(r: Runner, e: unknown): boolean {
    if (!isSweeplabError(e) || e.code !== 'search/failed') return false
    hooks.log(`sweep ${r.plan.sweepId}: ${e.message}`)
    r.stopError = e.message
    stopLaunching(r, 'search')
    return true
  }

  function start(r: Runner, lane: Lane): void {
    // A browser trial waits for its page as well as for a worker: the asynchronous path below.
    const idle = lane === 'process' || lane === 'cuda' ? poolOf(r).tryAcquire() : null
    const { trialId, job } = claim(r, idle)
    // Booked in the same synchronous step as the claim: nothing can take these shares in between.
    const gpuIds = lane === 'cuda' ? (gpus.take(r.plan.gpu) ?? []) : []
    const browserSlot = lane === 'browser' ? browser!.take() : null
    if (browserSlot !== null) bySlot.set(browserSlot, trialId)
    const cpu = r.plan.executor === 'slurm' ? 0 : r.plan.cpu
    cpuUsed += cpu
    const a: Active = {
      trialId, index: job.index, attempt: job.attempt, params: job.params, seed: job.seed,
      version: job.version ?? r.plan.version, rerunOf: job.rerunOf ?? null,
      cpu, gpu: lane === 'cuda' ? r.plan.gpu : 0, gpuIds, browserSlot, worker: null, pgid: null, startedMono: performance.now(),
      cancel: null, timers: [], points: 0, artifacts: [], pruned: null,
    }
    r.active.set(trialId, a)
    byTrial.set(trialId, { runner: r, active: a })
    if (typeof lane === 'object') {
      // Nothing here can run it (e.g. a swept backend a page does not have); said on the trial itself.
      queueMicrotask(() => settle(trialId, { status: 'failed', exitCode: null, signal: null, backend: null, error: lane.none, reason: 'start_failed' }))
      return
    }
    if (idle) return launch(r, a, idle)
    r.starting++
    void (async () => {
      const [worker, page] = await Promise.allSettled([getPool().acquire(), browserSlot === null ? undefined : browser!.ready(browserSlot)])
      r.starting--
      if (worker.status === 'rejected' || page.status === 'rejected') {
        if (worker.status === 'fulfilled') getPool().release(worker.value)
        const error = worker.status === 'rejected'
          ? `worker failed to start: ${(worker.reason as Error).message}`
          : `could not open a browser GPU worker page in ${browser!.name}: ${((page as PromiseRejectedResult).reason as Error).message}`
        settle(trialId, { status: 'crashed', exitCode: null, signal: null, backend: null, error, reason: 'start_failed' })
        return
      }
      const w = worker.value
      if (a.cancel || closed) {
        getPool().release(w)
        settle(trialId, outcomeFor(a.cancel ?? 'shutdown', null, null, 'stopped before it started'))
        return
      }
      try {
        store.trials.markRunning(trialId, { workerId: w.id, startedAt: Date.now() })
      } catch (e) {
        // Not fatal: the row says queued until the trial ends, and resume treats both alike.
        hooks.log(`trial ${trialId}: could not record its start: ${(e as Error).message}`)
      }
      launch(r, a, w)
    })()
  }

  function launch(r: Runner, a: Active, w: WorkerHandle): void {
    a.worker = w
    byWorker.set(w.id, a.trialId)
    const trialDir = trialDirOf(r, a.trialId)
    const made = r.plan.makeJob({ trialId: a.trialId, params: a.params, seed: a.seed, trialDir, gpuIds: a.gpuIds })
    a.startedMono = performance.now()
    hooks.trialChanged(a.trialId)
    const onPage = a.browserSlot === null ? {} : { browser: { slot: a.browserSlot, host: browser!.name } }
    const judged = prunings.has(r.plan.sweepId) && r.plan.metric ? { judgedMetric: r.plan.metric.name } : {}
    w.send({ type: 'run', job: { ...made, trialDir, ...onPage, ...judged } })
    if (r.plan.timeoutMs !== null) a.timers.push(setTimeout(() => cancelActive(a, 'timeout'), r.plan.timeoutMs))
  }

  /** A trial whose Slurm job an earlier engine submitted: followed again, nothing submitted (resume). */
  function adopt(r: Runner, t: AttachedTrial): void {
    const w = getSlurm().attach({ ...t, sweepId: r.plan.sweepId })
    const row = store.trials.get(t.trialId)
    const a: Active = {
      trialId: t.trialId, index: t.index, attempt: t.attempt, params: t.params, seed: t.seed,
      version: row?.configVersion ?? r.plan.version, rerunOf: row?.rerunOf ?? null, cpu: 0, gpu: 0, gpuIds: [], browserSlot: null,
      worker: w, pgid: null, startedMono: performance.now(), cancel: null, timers: [], points: 0, artifacts: [], pruned: null,
    }
    r.active.set(t.trialId, a)
    byTrial.set(t.trialId, { runner: r, active: a })
    byWorker.set(w.id, t.trialId)
    hooks.trialChanged(t.trialId)
  }

  /**
   * At shutdown a Slurm trial is let go, not stopped: its job keeps running on the cluster and its row
   * stays `running`, so `resume` re-attaches to it. False for a local trial.
   */
  function detach(r: Runner, a: Active): boolean {
    if (r.plan.executor !== 'slurm' || !a.worker || !('detach' in a.worker)) return false
    ;(a.worker as SlurmHandle).detach()
    for (const t of a.timers) clearTimeout(t)
    r.active.delete(a.trialId)
    byWorker.delete(a.worker.id)
    byTrial.delete(a.trialId)
    hooks.log(`trial ${a.trialId}: left running on Slurm; resume re-attaches to it`)
    return true
  }

  function outcomeFor(reason: CancelReason, exitCode: number | null, signal: string | null, error: string | null): TrialOutcome {
    const status: TrialStatus = reason === 'timeout' ? 'timeout' : reason === 'cancelled' ? 'cancelled' : reason === 'pruned' ? 'pruned' : 'interrupted'
    return { status, exitCode, signal, backend: null, error }
  }

  function cancelActive(a: Active, reason: CancelReason, graceMs = KILL_GRACE_MS): void {
    // A cancel, timeout or shutdown still applies to a trial that is winding down after a prune.
    if (a.cancel && !(a.cancel === 'pruned' && reason !== 'pruned')) return
    a.cancel = reason
    if (!a.worker) return
    const w = a.worker
    w.send({ type: 'cancel', trialId: a.trialId, reason, graceMs })
    // A worker that does not settle the trial in time is killed; its exit handler ends the trial.
    a.timers.push(setTimeout(() => getPool().discard(w), graceMs + BACKSTOP_MS))
  }

  function settle(trialId: number, outcome: TrialOutcome): void {
    const entry = byTrial.get(trialId)
    if (!entry) return
    const { runner: r, active: a } = entry
    for (const t of a.timers) clearTimeout(t)
    r.active.delete(trialId)
    if (a.worker) byWorker.delete(a.worker.id)
    cpuUsed -= a.cpu
    gpus.release(a.gpuIds, a.gpu)
    if (a.browserSlot !== null) {
      bySlot.delete(a.browserSlot)
      browser!.release(a.browserSlot)
    }

    const prunedAtStep = outcome.status === 'pruned' ? (a.pruned?.step ?? null) : null
    const end = {
      status: outcome.status,
      endedAt: Date.now(),
      durationMs: performance.now() - a.startedMono,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      error: outcome.error,
      backend: outcome.backend,
      backendNote: outcome.backendNote ?? null,
      prunedAtStep,
      failure: classifyFailure({
        status: outcome.status, exitCode: outcome.exitCode, signal: outcome.signal, error: outcome.error, prunedAtStep,
        ...(outcome.reason !== undefined ? { hint: outcome.reason } : {}),
      }),
    }
    // The trial's last points and its end state commit together. The batcher keeps the trial's
    // metric summary current, so it must flush while the trial is still known (before the maps below).
    try {
      store.db.transaction(() => {
        batcher.flush()
        if (store.trials.finish(trialId, end) && a.artifacts.length) {
          const createdAt = Date.now()
          store.artifacts.insertMany(a.artifacts.map((f) => ({ trialId, ...f, createdAt })))
        }
      })()
    } catch (e) {
      hooks.log(`could not write the last points of trial ${trialId}: ${(e as Error).message}`)
      haltOnDiskFull(e)
      try {
        store.trials.finish(trialId, end)
      } catch (e2) {
        // The row stays `running`; resume records it as interrupted. The sweep itself goes on.
        hooks.log(`could not record the end of trial ${trialId}: ${(e2 as Error).message}`)
      }
    }
    byTrial.delete(trialId)
    if (opts.retention && keepsSomething(r.plan.keep)) void opts.retention.apply(r.plan.sweepId, r.plan.keep, r.plan.metric?.goal ?? 'minimize', trialId)
    const decision = recordOutcome(r, a, outcome, () => store.trials.get(trialId)?.finalValue)
    if (decision?.kind === 'retry') {
      hooks.log(`trial ${trialId} ${outcome.status}; retrying (attempt ${decision.next.attempt} of ${r.plan.retries + 1})`)
    } else if (decision?.kind === 'give-up') {
      hooks.log(`sweep ${r.plan.sweepId}: ${r.failStreak} trials in a row failed; stopping it`)
    } else if (decision?.kind === 'target') {
      hooks.log(`sweep ${r.plan.sweepId}: trial ${trialId} reached the metric target; no new trials`)
    }
    hooks.trialChanged(trialId)
    hooks.sweepChanged(r.plan.sweepId)
    pump()
  }

  /**
   * On a write refused for lack of space: no sweep starts another trial, running trials are stopped
   * (they end `interrupted`, so `resume` runs them again), and their sweeps end `interrupted` with
   * the disk-full message. Committed rows stay; nothing is retried in a loop against a full disk.
   * Returns whether `e` was such an error.
   */
  function haltOnDiskFull(e: unknown): boolean {
    if (!isDiskFullError(e)) return false
    if (diskFull !== null) return true
    diskFull = diskFullMessage(store.path, e)
    hooks.log(diskFull)
    if (store.releaseReserve()) hooks.log(`released the disk-full reserve (${store.path}-reserve) so this stop can be recorded`)
    clearTimeout(retryTimer)
    retryTimer = undefined
    for (const r of runners.values()) {
      if (r.stopping === 'cancelled' || r.stopping === 'shutdown') continue
      stopLaunching(r, 'disk-full')
      r.stopError = diskFull
      for (const a of r.active.values()) cancelActive(a, 'shutdown')
    }
    return true
  }

  /** Every few seconds while sweeps run: the free-space check (a held sweep goes on by itself) and `keep.last` of running trials. */
  function resourceTick(): void {
    disk.read(0)
    let freed = false
    for (const r of runners.values()) {
      if (r.stopping) continue
      const was = disk.isHeld(r.plan.sweepId)
      // A sweep with nothing left to start is not held back by anything: its last trials just run out.
      const launches = r.plan.pending.length > 0 || !isExhausted(r)
      if (launches && !disk.holds(r.plan.sweepId, r.plan.minFree, Infinity) && was) freed = true
      if (opts.retention && r.plan.keep?.last) {
        for (const a of r.active.values()) if (a.worker) void opts.retention.pruneRunning(r.plan.sweepId, trialDirOf(r, a.trialId))
      }
    }
    if (freed) pump()
  }

  function trialDirOf(r: Runner, trialId: number): string {
    return join(opts.workspaceDir, 'trials', String(r.plan.sweepId), String(trialId))
  }

  function maybeFinish(r: Runner): void {
    if (runners.get(r.plan.sweepId) !== r) return
    if (r.active.size > 0 || r.starting > 0) return
    if (!r.stopping && !closed && (r.plan.pending.length > 0 || !isExhausted(r))) return
    runners.delete(r.plan.sweepId)
    prunings.delete(r.plan.sweepId)
    try {
      store.sweeps.setRunMs(r.plan.sweepId, elapsedMs(r))
    } catch (e) {
      hooks.log(`sweep ${r.plan.sweepId}: could not record its running time: ${(e as Error).message}`)
    }
    disk.forget(r.plan.sweepId)
    if (runners.size === 0) {
      clearInterval(resourceTimer)
      resourceTimer = undefined
    }
    const counts = store.sweeps.summary(r.plan.sweepId)?.counts ?? {}
    const { end, error } = sweepEndOf(r, closed, counts)
    hooks.sweepEnded(r.plan.sweepId, end, error)
  }

  /**
   * Stops the running trials the sweep's pruner picks now. A command trial gets SIGTERM, then
   * SIGKILL after the grace period; a built-in trainer ends its epoch. Their points are kept.
   */
  function prune(r: Runner, p: SweepPruning): void {
    const running = new Set<number>()
    for (const [id, a] of r.active) if (!a.cancel && a.worker) running.add(id)
    for (const d of p.decide(running)) {
      const a = r.active.get(d.trialId)
      if (!a || a.cancel) continue
      a.pruned = d
      hooks.log(`trial ${d.trialId} pruned at step ${d.step}: ${d.reason}`)
      batcher.addLogs([[d.trialId, 'system', Date.now(), `early termination: ${d.reason}; stopping at step ${d.step}`]])
      cancelActive(a, 'pruned', r.plan.trainer === undefined ? (opts.pruneGraceMs ?? KILL_GRACE_MS) : PRUNE_EPOCH_GRACE_MS)
    }
  }

  /** `judge`: false for a trial's last rows (it is ending anyway; its curve still sets thresholds). */
  function addMetrics(trialId: number, rows: WorkerMetricRow[], judge = true): void {
    // A timer flush that failed keeps its rows queued; on a full disk they would only pile up.
    if (batcher.failure != null && diskFull === null) haltOnDiskFull(batcher.failure)
    const e = byTrial.get(trialId)
    if (e) e.active.points += rows.length
    const out: MetricPointRow[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const m = rows[i]!
      out[i] = [trialId, m[0], m[1], m[2], m[3]]
    }
    batcher.addMetrics(out)
    const p = e && prunings.get(e.runner.plan.sweepId)
    if (p?.add(trialId, rows) && judge) prune(e!.runner, p)
  }

  function addLogs(trialId: number, rows: WorkerLogRow[]): void {
    batcher.addLogs(rows.map((l) => [trialId, l[0], l[1], l[2]] as const))
  }

  function onWorkerMessage(w: WorkerHandle, msg: FromWorker): void {
    try {
      handleWorkerMessage(w, msg)
    } catch (e) {
      // Called from the IPC channel: an exception here would be uncaught and take the engine down.
      hooks.log(`message ${msg.type} from worker ${w.id}: ${(e as Error).message}`)
    }
  }

  function handleWorkerMessage(w: WorkerHandle, msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        return
      case 'started': {
        const e = byTrial.get(msg.trialId)
        if (e) e.active.pgid = msg.pgid
        if (msg.pgid !== null) store.trials.setPid(msg.trialId, msg.pgid)
        return
      }
      case 'metrics':
        addMetrics(msg.trialId, msg.rows)
        return
      case 'logs':
        addLogs(msg.trialId, msg.rows)
        return
      case 'to-page': {
        const a = byTrial.get(msg.trialId)?.active
        // Only the worker running the trial speaks for its page.
        if (a && a.browserSlot !== null && a.worker === w) browser!.send(a.browserSlot, msg.msg)
        return
      }
      case 'finished': {
        if (msg.metrics.length) addMetrics(msg.trialId, msg.metrics, false)
        if (msg.logs.length) addLogs(msg.trialId, msg.logs)
        const e0 = byTrial.get(msg.trialId)
        if (e0) e0.active.artifacts = msg.artifacts
        const e = byTrial.get(msg.trialId)
        if (e?.active.worker) {
          byWorker.delete(w.id)
          getPool().release(w)
        }
        settle(msg.trialId, msg.outcome)
        return
      }
    }
  }

  function onWorkerExit(w: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    const trialId = byWorker.get(w.id)
    if (trialId === undefined) return
    const e = byTrial.get(trialId)
    if (!e) return
    const a = e.active
    // The worker took its command's process group with it only if it exited cleanly; make sure.
    if (a.pgid !== null) {
      try {
        process.kill(-a.pgid, 'SIGKILL')
      } catch {
        // ESRCH: already gone.
      }
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`
    const error = `worker ${w.id} (trial ${trialId}) exited with ${how}; ${a.points} metric points were saved`
    settle(trialId, a.cancel ? outcomeFor(a.cancel, code, signal, error) : { status: 'crashed', exitCode: code, signal, backend: null, error })
  }

  return {
    run(plan: SweepPlan): void {
      if (runners.has(plan.sweepId)) return
      // A sweep started (or resumed) after a disk-full stop gets a fresh try: space may be back.
      diskFull = null
      const problem = plan.executor === 'slurm' ? null : sweepLaneProblem(laneInputs(plan))
      if (problem) {
        hooks.sweepEnded(plan.sweepId, 'failed', problem)
        return
      }
      const early = createSweepPruning(store, plan.sweepId, plan.metric)
      if ('problem' in early) {
        hooks.sweepEnded(plan.sweepId, 'failed', early.problem)
        return
      }
      if (early.pruning) prunings.set(plan.sweepId, early.pruning)
      const runner = createSweepRunner<Active>(plan)
      runners.set(plan.sweepId, runner)
      for (const t of plan.attach ?? []) adopt(runner, t)
      // Trials that ended while no engine ran this sweep (a crash mid-retention) get their `keep:` now.
      if (opts.retention && keepsSomething(plan.keep)) void opts.retention.apply(plan.sweepId, plan.keep, plan.metric?.goal ?? 'minimize')
      if (!resourceTimer) {
        resourceTimer = setInterval(resourceTick, opts.disk?.checkEveryMs ?? 5_000)
        resourceTimer.unref()
      }
      pump()
    },
    /** GPUs are detected asynchronously; the engine hands them over before the first GPU sweep runs. */
    setGpus(ids: readonly number[]): void {
      gpus.setDevices(ids)
    },
    /** GPUs a sweep may ask for: CUDA GPUs plus browser GPU worker slots (each counts as one). */
    gpuCount(): number {
      return gpus.total + (browser?.total ?? 0)
    },
    cudaGpuCount(): number {
      return gpus.total
    },
    /** Share of each CUDA GPU in use now. */
    gpuUsage(): Array<{ id: number; used: number }> {
      return gpus.usage()
    },
    /** The browser GPU workers' host and slot count, or null when there are none. */
    browserWorkers(): { host: string; slots: number } | null {
      return browser ? { host: browser.name, slots: browser.total } : null
    },
    /** The sweep and metric of a trial that is running now. */
    metaOf(trialId: number): { sweepId: number; metric: SweepPlan['metric'] } | undefined {
      const e = byTrial.get(trialId)
      return e ? { sweepId: e.runner.plan.sweepId, metric: e.runner.plan.metric } : undefined
    },
    runningSweeps(): number[] {
      return [...runners.keys()]
    },
    isRunning(sweepId: number): boolean {
      return runners.has(sweepId)
    },
    cancelSweep(sweepId: number): number {
      const r = runners.get(sweepId)
      if (!r) return 0
      stopLaunching(r, 'cancelled')
      const n = r.active.size
      for (const a of r.active.values()) cancelActive(a, 'cancelled')
      maybeFinish(r)
      return n
    },
    /** Pauses (no new trials; running ones finish) or resumes a sweep running here; false when it does not run here. */
    setPaused(sweepId: number, paused: boolean): boolean {
      const r = runners.get(sweepId)
      if (!r) return false
      setRunnerPaused(r, paused)
      if (paused) {
        r.peeked = null
        store.sweeps.setRunMs(sweepId, elapsedMs(r))
      }
      pump()
      return true
    },
    /** The config version the sweep running here samples from. */
    planVersion(sweepId: number): number | null {
      return runners.get(sweepId)?.plan.version ?? null
    },
    /** The sweep running here is winding down (cancelled, target reached, failing): it starts nothing more. */
    isStopping(sweepId: number): boolean {
      return (runners.get(sweepId)?.stopping ?? null) !== null
    },
    isPaused(sweepId: number): boolean {
      return runners.get(sweepId)?.paused ?? false
    },
    /**
     * Swaps in a new plan (an edited config) for a sweep running here: trials that run keep going,
     * queued retries and reruns stay queued, fresh attempts come from the new plan's sampler.
     */
    updatePlan(sweepId: number, plan: SweepPlan): boolean {
      const r = runners.get(sweepId)
      if (!r) return false
      const old = r.plan
      r.plan = {
        ...plan,
        nextIndex: old.nextIndex,
        pending: old.pending,
        ...(old.rerunsOnly ? { rerunsOnly: true } : {}),
      }
      // The next attempt sampled early came from the old sampler.
      r.peeked = null
      pump()
      return true
    },
    /** Queues attempts (reruns whose rows exist) for a sweep running here, skipping ones it already has. */
    enqueue(sweepId: number, attempts: readonly PendingAttempt[]): number {
      const r = runners.get(sweepId)
      if (!r || r.stopping) return 0
      const known = new Set<number>(r.active.keys())
      for (const p of r.plan.pending) if (p.queuedTrialId !== undefined) known.add(p.queuedTrialId)
      const added = attempts.filter((a) => a.queuedTrialId === undefined || !known.has(a.queuedTrialId))
      r.plan.pending.push(...added)
      pump()
      return added.length
    },
    /** The running time (ms, paused time excluded) of a sweep running here. */
    elapsedMs(sweepId: number): number | null {
      const r = runners.get(sweepId)
      return r ? elapsedMs(r) : null
    },
    cancelTrial(trialId: number): boolean {
      const e = byTrial.get(trialId)
      if (!e) return false
      cancelActive(e.active, 'cancelled')
      return true
    },
    runningCount(): number {
      return byTrial.size
    },
    /** Stops launching; running trials get `graceMs` to end, then are killed; their sweeps end `interrupted`. */
    async shutdown(graceMs: number): Promise<void> {
      if (closed) {
        // A second request (a second Ctrl-C) cuts the grace period short.
        for (const { active: a } of byTrial.values()) {
          a.cancel ??= 'shutdown'
          if (a.worker) getPool().discard(a.worker)
        }
        return
      }
      closed = true
      clearTimeout(retryTimer)
      clearInterval(resourceTimer)
      const all = [...runners.values()]
      for (const r of all) {
        r.stopping ??= 'shutdown'
        for (const a of r.active.values()) if (!detach(r, a)) cancelActive(a, 'shutdown', graceMs)
      }
      // Monotonic: a wall-clock jump (suspend, NTP) must not cut the grace short or stretch it.
      const deadline = performance.now() + graceMs + BACKSTOP_MS + 2_000
      while (byTrial.size > 0 && performance.now() < deadline) await new Promise((res) => setTimeout(res, 20))
      // Anything still unsettled (a worker that never answered) is recorded as interrupted.
      for (const id of [...byTrial.keys()]) settle(id, outcomeFor('shutdown', null, null, 'engine shut down before the trial ended'))
      for (const r of all) maybeFinish(r)
      await pool?.close()
      await slurm?.close()
      await browser?.close()
    },
  }
}

export type Scheduler = ReturnType<typeof createScheduler>
