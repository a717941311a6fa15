import { randomInt } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { basename, dirname, extname, resolve } from 'node:path'
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
import { exportWandbSpec } from './export/export-wandb.ts'
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
import { readBayesHistory } from './search/bayes-history.ts'
import { buildSweepPlan, checkSpecRunnable, resolveSweepCwd } from './sweep-plan.ts'
import type { RetrainInfo } from '../../shared/sweep-provenance.ts'
import { captureSweepEnvironment } from './provenance/capture-environment.ts'
import { describeSweepDataset, pinSweepDataset } from './provenance/sweep-dataset.ts'
import { compareRetrain } from './retrain/compare-retrain.ts'
import { planRetrain } from './retrain/plan-retrain.ts'
import { retrainSampler } from './retrain/retrain-sample.ts'
import { buildSweepReport } from './report/build-sweep-report.ts'
import { countSkippedPoints } from './search/skipped-points.ts'
import type { SkipCache, SkippedPoints } from './search/skipped-points.ts'
import { workspaceFilesDir } from './workspace-files.ts'
import { initFromValues, resolveInitFrom } from './resolve-init-from.ts'
import { createSteering } from './steering/steer-sweep.ts'
import { repeatsOfSpec, summarizeConfigs } from '../../shared/config-summaries.ts'
import { createRetentionRunner } from './resources/retention-runner.ts'
import { createWorkspaceSizer } from './resources/workspace-size.ts'
import { trialsPerGpu } from '../../shared/gpu-share.ts'
import { describeWarmStart, loadWarmStart, warmStartedSpec } from './warm-start-sources.ts'
import { withWarmStartRefs, warmStartCandidates, warmStartProblem, warmStartReport } from './warm-start-api.ts'
import type { WarmStart } from './search/warm-start.ts'
import type { WarmStartReport } from '../../shared/api/compare-types.ts'
import { compareWorkspaceSweeps } from './compare-workspaces.ts'
import { guardReadOnly } from './read-only-guard.ts'
import { createSlurmExecutor } from './executors/slurm/slurm-executor.ts'
import { createSlurmJobRepo } from './executors/slurm/slurm-job-repo.ts'
import { checkSlurmReady } from './executors/slurm/slurm-commands.ts'
import { findReattachable, type AttachedTrial } from './executors/slurm/slurm-reattach.ts'
import { cancelOrphanedJobs } from './executors/slurm/cancel-orphaned-jobs.ts'

const DEFAULT_GRACE_MS = 10_000

/** Creates the engine over one workspace file. Nothing is forked until a sweep runs. */
export function createEngine(opts: EngineOptions): Engine {
  const dbPath = resolve(opts.dbPath)
  const readOnly = opts.readOnly === true
  // Read-only: never created, migrated or written (SQLite's own read-only flag); see read-only-guard.ts.
  const store = openStore(dbPath, { readonly: readOnly })
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

  if (!readOnly) markStaleSweeps(store)

  const batcher = createWriteBatcher(store, {
    metricOf: (trialId) => scheduler.metaOf(trialId)?.metric ?? undefined,
    onFlush: ({ metrics, logs }) => hub.metricsFlushed(metrics, logs, (id) => scheduler.metaOf(id)?.sweepId),
    onError: (e) => log(`metric writer: ${(e as Error).message}`),
  })

  const retention = createRetentionRunner(store, filesDir, { trialChanged: (id) => hub.trialChanged(id), log })
  const sizer = createWorkspaceSizer(dbPath, filesDir)

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
    retention,
    disk: { path: filesDir, ...(opts.statfs ? { statfs: opts.statfs } : {}), ...(opts.diskCheckMs ? { checkEveryMs: opts.diskCheckMs } : {}) },
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
    refresh: (id) => steering.refresh(id),
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

  function planOf(row: SweepRow, spec: SweepSpec, pending: PendingAttempt[], rerunsOnly = false, warmStart?: WarmStart | null) {
    const fixedSample = fixedSampleOf(row.id)
    // bayes.warm_start: the earlier sweeps' fitting trials come first in the sampler's history (negative indices).
    const warm = warmStart !== undefined ? warmStart : loadWarmStart(store, spec, { exceptId: row.id, missingOk: true })
    const history = () => readBayesHistory(store.trials, row.id, spec.metric)
    return buildSweepPlan({
      sweepId: row.id, spec: warmStartedSpec(spec, warm), specFile: row.specFile, seed: row.seed, nextIndex: row.nextIndex,
      maxCpu, gpusPresent: scheduler.gpuCount() > 0, pending, workspace,
      resolveInitFrom: (ref) => resolveInitFrom(store, ref),
      history: warm && warm.used > 0 ? () => [...warm.records, ...history()] : history,
      version: row.configVersion, runMs: row.runMs, rerunsOnly,
      ...(fixedSample ? { fixedSample } : {}),
      onSample: (index, skipped) => liveSkipsOf(row.id).set(index, skipped),
    })
  }

  /** `attach`: Slurm trials an earlier engine submitted that are still queued or running (re-attached, not resubmitted). */
  function startRun(row: SweepRow, spec: SweepSpec, pending: PendingAttempt[], rerunsOnly = false, warmStart?: WarmStart | null, attach: AttachedTrial[] = []): void {
    store.sweeps.setEnginePid(row.id, process.pid)
    scheduler.run({ attach, ...planOf(row, spec, pending, rerunsOnly, warmStart) })
  }

  const steering = createSteering({
    store, scheduler, getSweepRow, liveOwner: (row) => liveOwner(row), planOf, startRun, log,
    checkRunnable: async (spec, row) => {
      await ensureGpus()
      checkSpecRunnable(spec, row.specFile, scheduler.gpuCount(), row.specFile ?? row.name, workspace, maxCpu)
    },
    sweepChanged: (id) => hub.sweepChanged(id, true),
  })
  const liveSkips = new Map<number, Map<number, number>>()
  const skipCaches = new Map<number, SkipCache>()
  function liveSkipsOf(sweepId: number): Map<number, number> {
    let m = liveSkips.get(sweepId)
    if (!m) liveSkips.set(sweepId, (m = new Map()))
    return m
  }

  function skippedOf(row: SweepRow, spec: SweepSpec): SkippedPoints | null {
    let cache = skipCaches.get(row.id)
    if (!cache) skipCaches.set(row.id, (cache = { upTo: 0, count: 0 }))
    try {
      return countSkippedPoints(spec, row.seed, row.nextIndex, liveSkips.get(row.id), cache)
    } catch (e) {
      // A count is not worth failing the sweep's page for (e.g. a stored spec from an older version).
      log(`sweep ${row.id}: could not count skipped points: ${(e as Error).message}`)
      return null
    }
  }

  function trialsOf(sweepId: number) {
    getSweepRow(sweepId)
    return store.trials.listBySweep(sweepId)
  }

  /**
   * Creates (and by default starts) a sweep from its file. A registered dataset is pinned to the
   * version it resolves to now, and the dataset, the environment and a retrain's lineage are recorded
   * (provenance, migration 0008).
   */
  async function insertSweep(
    text: string, fileName: string | undefined, start: boolean, retrain: Omit<RetrainInfo, 'newDataset'> | null, warmStartRefs?: ReadonlyArray<number | string>,
  ): Promise<{ sweepId: number; warmStart?: WarmStartReport }> {
    const specFile = fileName ? resolve(fileName) : null
    const label = fileName ?? 'sweep'
    const parsed = withWarmStartRefs(store, parseSweepSpec(text, fileName), warmStartRefs)
    if (parsed.executor?.type === 'slurm') await checkSlurmReady(parsed.executor.partition, label)
    await ensureGpus()
    checkSpecRunnable(parsed, specFile, scheduler.gpuCount(), label, workspace, maxCpu)
    // A fine-tune whose base model cannot be found fails now, not in every trial.
    if (parsed.trainer === 'finetune') for (const ref of initFromValues(parsed.parameters)) resolveInitFrom(store, ref)
    const { spec, dataset } = pinSweepDataset(parsed, { ...workspace, baseDir: specFile ? dirname(specFile) : process.cwd() }, store.datasets)
    const warm = loadWarmStart(store, spec)
    const retrainInfo: RetrainInfo | null = retrain === null ? null : { ...retrain, newDataset: describeSweepDataset(dataset) ?? '' }
    const isCommand = Boolean(spec.program ?? spec.command)
    const environment = await captureSweepEnvironment(isCommand ? resolveSweepCwd(spec, specFile) : null)
    const seed = spec.seed ?? randomInt(0, 2 ** 31 - 1)
    const draft = buildSweepPlan({
      sweepId: 0, spec, specFile, seed, nextIndex: 0, maxCpu, gpusPresent: false, pending: [], workspace,
    })
    const total = retrainInfo !== null ? retrainSampler(retrainInfo).total : draft.total
    // What runs at once, for the projected finish: workers capped by CPU slots and by CUDA GPUs
    // (a browser GPU worker slot, counted as one GPU, runs one trial).
    const gpuLanes = draft.gpu === 0 ? Infinity
      : scheduler.cudaGpuCount() >= draft.gpu ? Math.floor(scheduler.cudaGpuCount() / Math.ceil(draft.gpu)) * trialsPerGpu(draft.gpu)
      : scheduler.gpuCount() - scheduler.cudaGpuCount()
    const name = spec.name ?? (fileName ? basename(fileName, extname(fileName)) : `sweep-${new Date().toISOString()}`)
    const sweepId = store.db.transaction(() => {
      const id = store.sweeps.insert({
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
        workers: Math.max(1, Math.min(draft.concurrency, gpuLanes)),
        enginePid: start ? process.pid : null,
        createdAt: Date.now(),
      })
      store.provenance.insert({ sweepId: id, dataset, retrain: retrainInfo, environment })
      return id
    })()
    log(`sweep ${sweepId} "${name}" created: ${retrainInfo ? `retrain of sweep ${retrainInfo.parentSweepId} on ${retrainInfo.newDataset}` : spec.method}, ${total ?? 'unbounded'} trials, seed ${seed}`)
    if (warm) for (const line of describeWarmStart(warm)) log(`sweep ${sweepId}: ${line}`)
    if (start) startRun(getSweepRow(sweepId), spec, [], false, warm)
    else store.sweeps.setStatus(sweepId, 'interrupted', { error: 'created without starting; resume it to run' })
    hub.sweepChanged(sweepId, true)
    return warm ? { sweepId, warmStart: warmStartReport(warm) } : { sweepId }
  }

  /** A retrain sweep runs its stored configs × seeds instead of its spec's search. */
  function fixedSampleOf(sweepId: number) {
    const retrain = store.provenance.get(sweepId)?.retrain
    return retrain ? retrainSampler(retrain) : undefined
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
      const spec = JSON.parse(row.specJson) as SweepSpec
      const skipped = skippedOf(row, spec)
      return {
        ...summary,
        description: row.description,
        specText: row.specText,
        specFile: row.specFile,
        spec,
        seed: row.seed,
        workers: row.workers,
        failureReasons: store.trials.countFailureReasons(sweepId),
        configVersion: row.configVersion,
        maxDurationMs: (() => {
          const s = (JSON.parse(row.specJson) as SweepSpec).max_duration
          return s === undefined ? null : s * 1000
        })(),
        runMs: Math.round(scheduler.elapsedMs(sweepId) ?? row.runMs),
        ...(skipped ? { skipped } : {}),
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
      const result = validateSweepSpec(text, fileName)
      // The parser cannot see the store: warm-start references are checked here, against this workspace.
      const warm = result.ok && /warm_start/.test(text) ? warmStartProblem(store, () => parseSweepSpec(text, fileName), fileName) : null
      return warm ? { ok: false, problems: [warm], total: null } : result
    },
    async getWarmStartCandidates({ text, fileName }) {
      return warmStartCandidates(store, text, fileName)
    },

    async createSweep({ text, fileName, start = true, warmStart }) {
      return insertSweep(text, fileName, start, null, warmStart)
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
      if (row.status === 'running' || row.status === 'interrupted' || row.status === 'paused') {
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
      // A paused sweep that a live engine (this one or another) still runs just goes on launching.
      const live = steering.resumePausedRun(sweepId)
      if (live) return live
      const row = getSweepRow(sweepId)
      if (row.status === 'completed' && !steering.hasWorkLeft(row)) {
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
        checkSpecRunnable(spec, row.specFile, scheduler.gpuCount(), row.specFile ?? row.name, workspace, maxCpu)
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
      startRun(getSweepRow(sweepId), spec, recovered.pending, false, undefined, attach)
      hub.sweepChanged(sweepId, true)
      return { requeued, requestedFrom: null }
    },
    async pauseSweep({ sweepId }) {
      return steering.pauseSweep(sweepId)
    },
    async updateSweep(args) {
      return steering.updateSweep(args)
    },
    async getSweepVersions({ sweepId }) {
      return steering.getSweepVersions(sweepId)
    },
    async rerunTrial(args) {
      return steering.rerunTrial(args)
    },
    async rerunBest(args) {
      return steering.rerunBest(args)
    },

    async deleteSweep({ sweepId }) {
      // Points still queued for the sweep's trials would fail their foreign key after the delete.
      batcher.flush()
      const { folder } = deleteStoredSweep({ store, filesDir, isRunningHere: (id) => scheduler.isRunning(id), log }, sweepId)
      log(`sweep ${sweepId} deleted${folder ? ` with ${folder}` : ''}`)
      liveSkips.delete(sweepId)
      skipCaches.delete(sweepId)
      hub.sweepDeleted(sweepId)
      return { deleted: true as const }
    },

    async exportBest({ sweepId, format, trialId }) {
      const row = getSweepRow(sweepId)
      // The stored spec is the normalized SweepSpec: its parameters tell `args` which dicts `${args}` dotted.
      const { parameters, repeats } = JSON.parse(row.specJson) as SweepSpec
      return exportBestConfig({ ...row, parameters, ...(repeats !== undefined ? { repeats } : {}) }, store.trials.listBySweep(sweepId), { format, ...(trialId !== undefined ? { trialId } : {}) })
    },
    async exportTrials({ sweepId, format, trialIds }) {
      const row = getSweepRow(sweepId)
      return exportTrialsTable({ ...row, repeats: repeatsOfSpec(JSON.parse(row.specJson)) }, store.trials.listBySweep(sweepId), { format, ...(trialIds ? { trialIds } : {}) })
    },
    async exportWandb({ sweepId, dropUnsupported }) {
      const row = getSweepRow(sweepId)
      return exportWandbSpec(row.specText, row, { dropUnsupported: dropUnsupported ?? false })
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
    async getConfigs({ sweepId }) {
      const row = getSweepRow(sweepId)
      return summarizeConfigs(store.trials.listBySweep(sweepId), repeatsOfSpec(JSON.parse(row.specJson)))
    },
    async compareSweeps({ sweeps }) {
      flushForRead()
      return compareWorkspaceSweeps({ store, dbPath }, sweeps)
    },
    async getWorkspace() {
      return { dbPath, readOnly }
    },
    async addDataset(args) {
      return datasets.addDataset(args)
    },
    async listDatasets({ allVersions }) {
      return datasets.listDatasets({ allVersions: allVersions ?? false })
    },
    async getDataset(args) {
      return datasets.getDataset(args)
    },
    async getWorkspaceSize({ fresh }) {
      return sizer.get({ fresh: fresh ?? false })
    },
    async retrainSweep({ sweepId, dataset, top, seeds }) {
      const parent = getSweepRow(sweepId)
      const plan = planRetrain(parent, store.trials.listBySweep(sweepId), store.provenance.get(sweepId), { dataset, top: top ?? 3, seeds: seeds ?? 1 })
      // The parent's file name: relative paths in it (a dataset path, cwd) resolve as they did for the parent.
      return insertSweep(plan.text, parent.specFile ?? undefined, true, plan.info)
    },
    async getRetrainComparison({ sweepId }) {
      getSweepRow(sweepId)
      const retrain = store.provenance.get(sweepId)?.retrain
      if (!retrain) throw new SweeplabError('retrain/unsupported', `sweep ${sweepId} is not a retrain (it was not made by sweeplab retrain)`)
      flushForRead()
      return compareRetrain(sweepId, retrain, store.trials.listBySweep(sweepId), store.sweeps.get(retrain.parentSweepId) !== undefined)
    },
    async getSweepProvenance({ sweepId }) {
      getSweepRow(sweepId)
      return store.provenance.get(sweepId) ?? null
    },
    async getSweepReport({ sweepId, format }) {
      flushForRead()
      return buildSweepReport({ store, datasets, row: getSweepRow(sweepId), format, workspaceDir: filesDir, ...(opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {}) })
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
        // Deletions already started finish (and are recorded) before the store closes.
        await retention.idle()
        batcher.close()
        hub.close()
        store.close()
      })()
      return shuttingDown
    },
  }
  return readOnly ? guardReadOnly(engine) : engine
}
