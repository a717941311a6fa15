import { randomInt } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { basename, extname, resolve } from 'node:path'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import type { SweepSummary } from '../../shared/api/types.ts'
import { SweeplabError } from '../../shared/errors.ts'
import type { SweepSpec } from '../../shared/sweep-spec.ts'
import { parseSweepSpec, validateSweepSpec } from './config/parse-sweep-spec.ts'
import { describeEnvironment } from './environment.ts'
import { describeBrowserBackends } from './workers/browser/describe-backends.ts'
import { createDatasetService } from './data/dataset-service.ts'
import type { Engine, EngineOptions } from './engine-types.ts'
import { createEventHub } from './event-hub.ts'
import { deleteStoredSweep } from './delete-sweep.ts'
import { DEFAULT_EXAMPLES_DIR, listExampleSpecs } from './examples.ts'
import { exportBestConfig, exportTrialsTable } from './export/export-sweep.ts'
import { readArtifactText } from './read-artifact.ts'
import { sweepImportance } from './analysis/sweep-importance.ts'
import { detectGpus } from './scheduler/gpus.ts'
import { recoverSweep, type PendingAttempt } from './scheduler/recover.ts'
import { liveOwner, markStaleSweeps, startOwnershipLoop } from './sweep-ownership.ts'
import { createScheduler, type SweepEnd } from './scheduler/scheduler.ts'
import { openStore } from './store/open-store.ts'
import { isDiskFullError } from './store/disk-full.ts'
import type { SweepRow } from './store/store-types.ts'
import { createWriteBatcher } from './store/write-batcher.ts'
import { buildSweepPlan, checkSpecRunnable } from './sweep-plan.ts'
import { workspaceFilesDir } from './workspace-files.ts'
import { initFromValues, resolveInitFrom } from './resolve-init-from.ts'
import { createSlurmExecutor } from './executors/slurm/slurm-executor.ts'
import { createSlurmJobRepo } from './executors/slurm/slurm-job-repo.ts'
import { checkSlurmReady } from './executors/slurm/slurm-commands.ts'
import { findReattachable, type AttachedTrial } from './executors/slurm/slurm-reattach.ts'
import { cancelOrphanedJobs } from './executors/slurm/cancel-orphaned-jobs.ts'

const DEFAULT_GRACE_MS = 10_000

/** Creates the engine over one workspace file. Nothing is forked until a sweep runs. */
export function createEngine(opts: EngineOptions): Engine {
  const dbPath = resolve(opts.dbPath)
  const store = openStore(dbPath)
  const log = opts.log ?? (() => {})
  const maxCpu = opts.maxWorkers ?? availableParallelism()
  const hub = createEventHub(store)
  const filesDir = workspaceFilesDir(dbPath)
  const workspace = { workspaceDir: filesDir, ...(opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {}) }
  const datasets = createDatasetService(store, filesDir, opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {})
  const waiters = new Map<number, Array<(s: SweepSummary) => void>>()
  let gpuIds: Promise<number[]> | null = null
  let shuttingDown: Promise<void> | null = null
  const getGpuIds = () => (gpuIds ??= detectGpus().then((r) => r.gpus.map((g) => g.index)))

  markStaleSweeps(store)

  const batcher = createWriteBatcher(store, {
    metricOf: (trialId) => scheduler.metaOf(trialId)?.metric ?? undefined,
    onFlush: ({ metrics, logs }) => hub.metricsFlushed(metrics, logs, (id) => scheduler.metaOf(id)?.sweepId),
    onError: (e) => log(`metric writer: ${(e as Error).message}`),
  })

  const slurmJobs = createSlurmJobRepo(store.db)
  const scheduler = createScheduler({
    store,
    batcher,
    slurm: (events) => createSlurmExecutor({
      jobs: slurmJobs,
      workspaceDir: filesDir,
      // A stream offset commits with the rows it carried: a re-attached trial never stores a row twice.
      commit: (fn) => store.db.transaction(() => {
        batcher.flush()
        fn()
      })(),
      events,
      log,
    }),
    maxCpu,
    workspaceDir: filesDir,
    ...(opts.workerEntry ? { workerEntry: opts.workerEntry } : {}),
    ...(opts.browserHost ? { browser: { host: opts.browserHost, slots: opts.browserWorkers ?? 1 } } : {}),
    hooks: {
      trialChanged: (id) => hub.trialChanged(id),
      sweepChanged: (id) => hub.sweepChanged(id),
      sweepEnded: (id, end, error) => endSweep(id, end, error),
      log,
    },
  })
  let gpusReady: Promise<void> | null = null
  const ensureGpus = () =>
    (gpusReady ??= getGpuIds().then((ids) => scheduler.setGpus(ids)))

  function endSweep(sweepId: number, end: SweepEnd, error: string | null): void {
    let recorded = true
    try {
      store.sweeps.setStatus(sweepId, end, { error })
    } catch (e) {
      // A full disk can refuse even this write: the waiters (a CLI run) must still learn the end, or they hang.
      recorded = false
      log(`sweep ${sweepId}: could not record its end (${(e as Error).message}); \`sweeplab resume ${sweepId}\` fixes the record once the disk has room`)
    }
    hub.sweepChanged(sweepId, true)
    const stored = store.sweeps.summary(sweepId)
    const summary = stored && !recorded ? { ...stored, status: end, error, endedAt: Date.now() } : stored
    if (summary) for (const w of waiters.get(sweepId) ?? []) w(summary)
    waiters.delete(sweepId)
    log(`sweep ${sweepId} ${end}${error ? `: ${error}` : ''}`)
  }

  const stopOwnershipLoop = startOwnershipLoop({
    store,
    runningSweeps: () => scheduler.runningSweeps(),
    cancelSweep: (id) => void scheduler.cancelSweep(id),
    cancelTrial: (id) => void scheduler.cancelTrial(id),
    log,
  })

  /** Commits buffered points before a read; on a full disk the read shows what is committed instead of failing. */
  function flushForRead(): void {
    try {
      batcher.flush()
    } catch (e) {
      if (!isDiskFullError(e)) throw e
    }
  }

  function getSweepRow(sweepId: number): SweepRow {
    const row = store.sweeps.get(sweepId)
    if (!row) throw new SweeplabError('sweep/not-found', `no sweep with id ${sweepId} in ${dbPath}`)
    return row
  }

  function startRun(row: SweepRow, spec: SweepSpec, pending: PendingAttempt[], attach: AttachedTrial[] = []): void {
    store.sweeps.setEnginePid(row.id, process.pid)
    scheduler.run({
      attach,
      ...buildSweepPlan({
        sweepId: row.id, spec, specFile: row.specFile, seed: row.seed, nextIndex: row.nextIndex,
        maxCpu, gpusPresent: scheduler.gpuCount() > 0, pending, workspace,
        resolveInitFrom: (ref) => resolveInitFrom(store, ref),
        history: () => store.trials.listBySweep(row.id),
      }),
    })
  }

  function trialsOf(sweepId: number) {
    getSweepRow(sweepId)
    return store.trials.listBySweep(sweepId)
  }

  const engine: Engine = {
    dbPath,
    subscribe: (cb: (ev: SweeplabEvent) => void) => hub.subscribe(cb),

    async listSweeps() {
      return store.sweeps.summaries()
    },
    async getSweep({ sweepId }) {
      const row = getSweepRow(sweepId)
      const summary = store.sweeps.summary(sweepId)
      if (!summary) throw new SweeplabError('sweep/not-found', `no sweep with id ${sweepId}`)
      return {
        ...summary,
        description: row.description,
        specText: row.specText,
        specFile: row.specFile,
        spec: JSON.parse(row.specJson) as unknown,
        seed: row.seed,
        workers: row.workers,
      }
    },
    async getTrials({ sweepId }) {
      return trialsOf(sweepId)
    },
    async getTrial({ trialId }) {
      const t = store.trials.get(trialId)
      if (!t) throw new SweeplabError('trial/not-found', `no trial with id ${trialId}`)
      return t
    },
    async getMetricNames({ sweepId }) {
      getSweepRow(sweepId)
      return store.metrics.names(sweepId)
    },
    async getMetricSeries({ trialIds, metric, maxPoints }) {
      flushForRead()
      return store.metrics.series(trialIds, metric, maxPoints ?? 1000)
    },
    async getLogs({ trialId, tail }) {
      if (!store.trials.get(trialId)) throw new SweeplabError('trial/not-found', `no trial with id ${trialId}`)
      flushForRead()
      return store.logs.tail(trialId, tail ?? 1000)
    },
    async validateSpec({ text, fileName }) {
      return validateSweepSpec(text, fileName)
    },

    async createSweep({ text, fileName, start = true }) {
      const specFile = fileName ? resolve(fileName) : null
      const label = fileName ?? 'sweep'
      const spec = parseSweepSpec(text, fileName)
      if (spec.executor?.type === 'slurm') await checkSlurmReady(spec.executor.partition, label)
      await ensureGpus()
      checkSpecRunnable(spec, specFile, scheduler.gpuCount(), label, workspace)
      // A fine-tune whose base model cannot be found fails now, not in every trial.
      if (spec.trainer === 'finetune') for (const ref of initFromValues(spec.parameters)) resolveInitFrom(store, ref)
      const seed = spec.seed ?? randomInt(0, 2 ** 31 - 1)
      const total = buildSweepPlan({
        sweepId: 0, spec, specFile, seed, nextIndex: 0, maxCpu, gpusPresent: false, pending: [], workspace,
      }).total
      const name = spec.name ?? (fileName ? basename(fileName, extname(fileName)) : `sweep-${new Date().toISOString()}`)
      const sweepId = store.sweeps.insert({
        name,
        description: spec.description ?? null,
        method: spec.method,
        specJson: JSON.stringify(spec),
        specText: text,
        specFile,
        metricName: spec.metric?.name ?? null,
        metricGoal: spec.metric?.goal ?? 'minimize',
        seed,
        total,
        workers: Math.min(spec.workers ?? maxCpu, maxCpu),
        enginePid: start ? process.pid : null,
        createdAt: Date.now(),
      })
      log(`sweep ${sweepId} "${name}" created: ${spec.method}, ${total ?? 'unbounded'} trials, seed ${seed}`)
      if (start) startRun(getSweepRow(sweepId), spec, [])
      else store.sweeps.setStatus(sweepId, 'interrupted', { error: 'created without starting; resume it to run' })
      hub.sweepChanged(sweepId, true)
      return { sweepId }
    },

    async cancelSweep({ sweepId }) {
      const row = getSweepRow(sweepId)
      if (scheduler.isRunning(sweepId)) return { cancelled: scheduler.cancelSweep(sweepId), requestedFrom: null }
      const owner = liveOwner(row)
      if (owner !== null) {
        // Another process runs it (e.g. the CLI): it picks the request up within a poll interval.
        store.control.request({ sweepId, trialId: null, action: 'cancel-sweep' })
        return { cancelled: 0, requestedFrom: owner }
      }
      if (row.status === 'running' || row.status === 'interrupted') {
        // Jobs an engine left on a cluster would run on with no one to read them.
        await cancelOrphanedJobs(store, slurmJobs, sweepId, log)
        recoverSweep(store, sweepId, 0, 'sweep cancelled', false)
        endSweep(sweepId, 'cancelled', null)
      }
      return { cancelled: 0, requestedFrom: null }
    },
    async cancelTrial({ trialId }) {
      const trial = store.trials.get(trialId)
      if (!trial) throw new SweeplabError('trial/not-found', `no trial with id ${trialId}`)
      if (scheduler.cancelTrial(trialId)) return { cancelled: true, requestedFrom: null }
      const owner = liveOwner(getSweepRow(trial.sweepId))
      if (owner !== null && (trial.status === 'running' || trial.status === 'queued')) {
        store.control.request({ sweepId: trial.sweepId, trialId, action: 'cancel-trial' })
        return { cancelled: false, requestedFrom: owner }
      }
      return { cancelled: false, requestedFrom: null }
    },

    async resumeSweep({ sweepId }) {
      const row = getSweepRow(sweepId)
      if (scheduler.isRunning(sweepId)) throw new SweeplabError('sweep/not-resumable', `sweep ${sweepId} is already running in this process`)
      const owner = liveOwner(row)
      if (owner !== null) throw new SweeplabError('sweep/not-resumable', `sweep ${sweepId} is being run by process ${owner}; stop it first`)
      if (row.status === 'completed') {
        throw new SweeplabError('sweep/not-resumable', `sweep ${sweepId} already completed; nothing to resume`)
      }
      // Claimed before any await, as a compare-and-swap: two processes resuming at once cannot both win.
      if (!store.sweeps.claim(sweepId, row, process.pid)) {
        throw new SweeplabError('sweep/not-resumable', `sweep ${sweepId} was just taken by another process; see sweeplab ls`)
      }
      const spec = JSON.parse(row.specJson) as SweepSpec
      let attach: AttachedTrial[] = []
      try {
        await ensureGpus()
        checkSpecRunnable(spec, row.specFile, scheduler.gpuCount(), row.specFile ?? row.name, workspace)
        if (spec.executor?.type === 'slurm') {
          await checkSlurmReady(spec.executor.partition, row.specFile ?? row.name)
          attach = await findReattachable(store, slurmJobs, sweepId, filesDir)
        }
      } catch (e) {
        store.sweeps.setStatus(sweepId, 'interrupted', { error: `cannot resume: ${(e as Error).message}` })
        throw e
      }
      const kept = new Set(attach.map((t) => t.trialId))
      const recovered = recoverSweep(store, sweepId, spec.retries ?? 0, `the engine (process ${row.enginePid ?? '?'}) stopped while the trial ran`, true, kept)
      const requeued = recovered.pending.length
      const reattached = attach.length ? `, ${attach.length} Slurm job(s) re-attached` : ''
      log(`sweep ${sweepId}: resuming at index ${row.nextIndex}; ${requeued} attempt(s) re-queued${reattached}, ${recovered.keptPoints} metric points of interrupted trials kept`)
      startRun(getSweepRow(sweepId), spec, recovered.pending, attach)
      hub.sweepChanged(sweepId, true)
      return { requeued }
    },

    async deleteSweep({ sweepId }) {
      // Points still queued for the sweep's trials would fail their foreign key after the delete.
      batcher.flush()
      const { folder } = deleteStoredSweep({ store, filesDir, isRunningHere: (id) => scheduler.isRunning(id), log }, sweepId)
      log(`sweep ${sweepId} deleted${folder ? ` with ${folder}` : ''}`)
      hub.sweepDeleted(sweepId)
      return { deleted: true as const }
    },

    async exportBest({ sweepId, format, trialId }) {
      const row = getSweepRow(sweepId)
      // The stored spec is the normalized SweepSpec: its parameters tell `args` which dicts `${args}` dotted.
      const { parameters } = JSON.parse(row.specJson) as SweepSpec
      return exportBestConfig({ ...row, parameters }, store.trials.listBySweep(sweepId), { format, ...(trialId !== undefined ? { trialId } : {}) })
    },
    async exportTrials({ sweepId, format, trialIds }) {
      const row = getSweepRow(sweepId)
      return exportTrialsTable(row, store.trials.listBySweep(sweepId), { format, ...(trialIds ? { trialIds } : {}) })
    },
    async getEnvironment() {
      const env = await describeEnvironment(dbPath)
      // webgpu/webgl: what a browser GPU worker finds (or how to enable one), beside the Node backends.
      return { ...env, backends: [...env.backends, ...(await describeBrowserBackends(opts.browserHost))] }
    },
    async getArtifacts({ trialId }) {
      if (!store.trials.get(trialId)) throw new SweeplabError('trial/not-found', `no trial with id ${trialId}`)
      return store.artifacts.listByTrial(trialId)
    },
    async readArtifact({ artifactId, maxBytes }) {
      const artifact = store.artifacts.get(artifactId)
      if (!artifact) throw new SweeplabError('artifact/not-found', `no artifact with id ${artifactId} in ${dbPath}`)
      return readArtifactText(artifact, maxBytes)
    },
    async listExamples() {
      return listExampleSpecs(opts.examplesDir ?? DEFAULT_EXAMPLES_DIR)
    },
    async getSlurmJob({ trialId }) {
      if (!store.trials.get(trialId)) throw new SweeplabError('trial/not-found', `no trial with id ${trialId}`)
      const j = slurmJobs.get(trialId)
      return j ? { jobId: j.jobId, state: j.state, reason: j.reason, node: j.node, submittedAt: j.submittedAt, updatedAt: j.updatedAt } : null
    },
    async getImportance({ sweepId }) {
      return sweepImportance(getSweepRow(sweepId), store.trials.listBySweep(sweepId))
    },
    async addDataset(args) {
      return datasets.addDataset(args)
    },
    async listDatasets() {
      return datasets.listDatasets()
    },
    async getDataset(args) {
      return datasets.getDataset(args)
    },

    waitForSweep(sweepId: number): Promise<SweepSummary> {
      const summary = store.sweeps.summary(sweepId)
      if (!summary) return Promise.reject(new SweeplabError('sweep/not-found', `no sweep with id ${sweepId}`))
      if (!scheduler.isRunning(sweepId)) return Promise.resolve(summary)
      return new Promise((res) => {
        const list = waiters.get(sweepId) ?? []
        list.push(res)
        waiters.set(sweepId, list)
      })
    },

    activeSweepIds() {
      return scheduler.runningSweeps().sort((a, b) => a - b)
    },

    shutdown({ graceMs, reason } = {}) {
      if (shuttingDown) {
        // Both calls settle together; the second only hurries the first.
        if (graceMs === 0) void scheduler.shutdown(0)
        return shuttingDown
      }
      if (reason) log(`shutting down: ${reason}`)
      stopOwnershipLoop()
      shuttingDown = (async () => {
        await scheduler.shutdown(graceMs ?? opts.shutdownGraceMs ?? DEFAULT_GRACE_MS)
        batcher.close()
        hub.close()
        store.close()
      })()
      return shuttingDown
    },
  }
  return engine
}
