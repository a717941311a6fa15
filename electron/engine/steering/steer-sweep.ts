import { randomInt } from 'node:crypto'
import type { RerunResult, SweepVersionInfo, UpdateSweepResult } from '../../../shared/api/steering-types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { MetricGoal, SweepStatus } from '../../../shared/status.ts'
import type { TrialSummary } from '../../../shared/api/types.ts'
import type { SweepSpec } from '../../../shared/sweep-spec.ts'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import type { PendingAttempt } from '../scheduler/recover.ts'
import { isWaitingRerun, queuedRerunAttempt } from '../scheduler/recover.ts'
import type { Scheduler, SweepPlan } from '../scheduler/scheduler.ts'
import type { Store, SweepRow } from '../store/store-types.ts'
import { applyKeyEdits, checkEditAllowed, describeChanges, editParams, type SpecKeyEdits } from './edit-spec.ts'
import { paramsKey } from './versioned-sampler.ts'

export interface SteeringDeps {
  store: Store
  scheduler: Scheduler
  getSweepRow(sweepId: number): SweepRow
  /** The pid of another live engine process running the sweep, or null. */
  liveOwner(row: SweepRow): number | null
  /** The plan of the sweep's current (stored) version; `rerunsOnly` for a sweep that runs again only for its reruns. */
  planOf(row: SweepRow, spec: SweepSpec, pending: PendingAttempt[], rerunsOnly?: boolean): SweepPlan
  /** Machine checks of a spec (GPUs, files, trainers, datasets), as when a sweep is created. */
  checkRunnable(spec: SweepSpec, row: SweepRow): Promise<void>
  /** Starts running the sweep in this process (its row is already claimed). */
  startRun(row: SweepRow, spec: SweepSpec, pending: PendingAttempt[], rerunsOnly: boolean): void
  sweepChanged(sweepId: number): void
  log(msg: string): void
}

/**
 * Steering a sweep while it runs (issue 8 §2): pause/resume, config versions, reruns. The sweep's
 * state lives in the store, so it works the same whether this process runs the sweep, another
 * process does (it is asked to `refresh` through control_requests), or none does.
 */
export function createSteering(d: SteeringDeps) {
  const { store, scheduler } = d

  function specOf(row: SweepRow): SweepSpec {
    return JSON.parse(row.specJson) as SweepSpec
  }

  /** Asks the process running the sweep to re-read it; null when this process runs it or none does. */
  function notifyOwner(row: SweepRow): number | null {
    const owner = d.liveOwner(row)
    if (owner !== null) store.control.request({ sweepId: row.id, trialId: null, action: 'refresh' })
    return owner
  }

  /** The owner side of `refresh`: paused state, config version and queued reruns, as stored. */
  function refresh(sweepId: number): void {
    if (!scheduler.isRunning(sweepId)) return
    const row = store.sweeps.get(sweepId)
    if (!row) return
    // The new plan first: resuming launches at once, and must launch from the current version.
    if (scheduler.planVersion(sweepId) !== row.configVersion) {
      scheduler.updatePlan(sweepId, d.planOf(row, specOf(row), []))
      d.log(`sweep ${sweepId}: now sampling from config version ${row.configVersion}`)
    }
    const paused = row.status === 'paused'
    if (paused !== scheduler.isPaused(sweepId)) {
      scheduler.setPaused(sweepId, paused)
      d.log(`sweep ${sweepId} ${paused ? 'paused from another process: no new trials start; running ones finish' : 'resumed from another process'}`)
    }
    scheduler.enqueue(sweepId, store.trials.listByStatus(sweepId, ['queued']).filter(isWaitingRerun).map(queuedRerunAttempt))
    d.sweepChanged(sweepId)
  }

  function pauseSweep(sweepId: number): { status: SweepStatus; requestedFrom: number | null } {
    const row = d.getSweepRow(sweepId)
    if (scheduler.isRunning(sweepId)) {
      store.sweeps.setPaused(sweepId, true)
      scheduler.setPaused(sweepId, true)
      d.log(`sweep ${sweepId} paused: no new trials start; running ones finish`)
      d.sweepChanged(sweepId)
      return { status: 'paused', requestedFrom: null }
    }
    if (row.status === 'paused') return { status: 'paused', requestedFrom: null }
    const owner = d.liveOwner(row)
    if (owner !== null) {
      store.sweeps.setPaused(sweepId, true)
      store.control.request({ sweepId, trialId: null, action: 'refresh' })
      d.sweepChanged(sweepId)
      return { status: 'paused', requestedFrom: owner }
    }
    if (row.status === 'running' || row.status === 'interrupted') {
      // Nobody runs it (its engine stopped): it stays paused until resumed.
      store.sweeps.setStatus(sweepId, 'paused', { error: null })
      d.sweepChanged(sweepId)
      return { status: 'paused', requestedFrom: null }
    }
    throw new SweeplabError('sweep/not-pausable', `sweep ${sweepId} is ${row.status}; only a running or interrupted sweep can be paused`)
  }

  /**
   * Resumes a paused sweep that this process or another live one runs; null when nobody runs it
   * (the caller then resumes it like an interrupted sweep).
   */
  function resumePausedRun(sweepId: number): { requeued: number; requestedFrom: number | null } | null {
    const row = d.getSweepRow(sweepId)
    if (scheduler.isRunning(sweepId)) {
      if (!scheduler.isPaused(sweepId) && row.status !== 'paused') {
        throw new SweeplabError('sweep/not-resumable', `sweep ${sweepId} is already running in this process`)
      }
      store.sweeps.setPaused(sweepId, false)
      scheduler.setPaused(sweepId, false)
      d.log(`sweep ${sweepId} resumed`)
      d.sweepChanged(sweepId)
      return { requeued: 0, requestedFrom: null }
    }
    const owner = d.liveOwner(row)
    if (owner === null) return null
    if (row.status !== 'paused') throw new SweeplabError('sweep/not-resumable', `sweep ${sweepId} is being run by process ${owner}; stop it first`)
    store.sweeps.setPaused(sweepId, false)
    store.control.request({ sweepId, trialId: null, action: 'refresh' })
    d.sweepChanged(sweepId)
    return { requeued: 0, requestedFrom: owner }
  }

  /** Whether a completed sweep has something left to run under its current version (after an edit, or reruns). */
  function hasWorkLeft(row: SweepRow): boolean {
    if (store.trials.listByStatus(row.id, ['queued']).some(isWaitingRerun)) return true
    const plan = d.planOf(row, specOf(row), [])
    return plan.total !== null && row.nextIndex < plan.total
  }

  async function updateSweep(args: { sweepId: number; text?: string | undefined; set?: SpecKeyEdits | undefined; note?: string | undefined; dryRun?: boolean | undefined }): Promise<UpdateSweepResult> {
    const row = d.getSweepRow(args.sweepId)
    const before = specOf(row)
    let text = args.text ?? row.specText
    if (args.set) text = applyKeyEdits(text, args.set)
    const spec = parseSweepSpec(text, row.specFile ?? undefined)
    checkEditAllowed(before, spec, row.seed)
    await d.checkRunnable(spec, row)
    const version = row.configVersion + 1
    const next: SweepRow = { ...row, configVersion: version, specJson: JSON.stringify(spec), specText: text }
    const plan = d.planOf(next, spec, [])
    const total = plan.total
    const remaining = total === null ? null : Math.max(0, total - row.nextIndex)
    const changes = describeChanges(before, spec)
    const result = { version, dryRun: args.dryRun === true, total, remaining, changes, text, requestedFrom: null }
    if (args.dryRun) return result
    const workers = spec.workers ?? row.workers
    store.db.transaction(() => {
      store.versions.insert({ sweepId: row.id, version, specJson: next.specJson, specText: text, note: args.note ?? null, createdAt: Date.now() })
      store.sweeps.setConfig(row.id, { version, specJson: next.specJson, specText: text, total, workers })
    })()
    d.log(`sweep ${row.id}: config version ${version} (${changes.join('; ') || 'no changes'})${remaining === null ? '' : `; ${remaining} trial(s) left to start`}`)
    if (scheduler.isRunning(row.id)) scheduler.updatePlan(row.id, d.planOf(store.sweeps.get(row.id)!, spec, []))
    const requestedFrom = scheduler.isRunning(row.id) ? null : notifyOwner(row)
    d.sweepChanged(row.id)
    return { ...result, requestedFrom }
  }

  function getSweepVersions(sweepId: number): SweepVersionInfo[] {
    const row = d.getSweepRow(sweepId)
    const counts = store.versions.trialCounts(sweepId)
    return store.versions.list(sweepId).map((v) => ({
      version: v.version, createdAt: v.createdAt, note: v.note, specText: v.specText, trials: counts.get(v.version) ?? 0, current: v.version === row.configVersion,
    }))
  }

  /** Writes the reruns as queued trial rows, then gets them started wherever the sweep is (or can be) run. */
  function queueReruns(row: SweepRow, items: ReadonlyArray<{ rerunOf: number; params: Record<string, unknown>; seed: number }>): RerunResult {
    const trialIds = store.db.transaction(() => {
      let index = store.trials.lowestIndex(row.id)
      const now = Date.now()
      return items.map((it) => store.trials.insert({
        sweepId: row.id, index: --index, attempt: 1, params: it.params, seed: it.seed, createdAt: now,
        configVersion: row.configVersion, rerunOf: it.rerunOf,
      }))
    })()
    d.log(`sweep ${row.id}: ${trialIds.length} rerun(s) queued (trials ${trialIds.join(', ')})`)
    if (scheduler.isRunning(row.id)) {
      refresh(row.id)
      // A run that is winding down starts nothing more: the reruns wait for the next resume.
      const waits = scheduler.isPaused(row.id) || scheduler.isStopping(row.id)
      return { trialIds, state: waits ? 'queued' : 'running', requestedFrom: null }
    }
    const owner = notifyOwner(row)
    if (owner !== null) return { trialIds, state: row.status === 'paused' ? 'queued' : 'requested', requestedFrom: owner }
    if (row.status === 'paused' || row.status === 'interrupted') return { trialIds, state: 'queued', requestedFrom: null }
    // An ended sweep runs again, only for its waiting reruns, until they finish.
    if (!store.sweeps.claim(row.id, row, process.pid)) {
      throw new SweeplabError('sweep/not-resumable', `sweep ${row.id} was just taken by another process; its reruns are queued there`)
    }
    const pending = store.trials.listByStatus(row.id, ['queued']).filter(isWaitingRerun).map(queuedRerunAttempt)
    d.startRun(store.sweeps.get(row.id)!, specOf(row), pending, true)
    d.sweepChanged(row.id)
    return { trialIds, state: 'running', requestedFrom: null }
  }

  function rerunTrial(args: { trialId: number; params?: Record<string, unknown> | undefined; seed?: number | undefined }): RerunResult {
    const trial = store.trials.get(args.trialId)
    if (!trial) throw new SweeplabError('trial/not-found', `no trial with id ${args.trialId}`)
    const row = d.getSweepRow(trial.sweepId)
    const params = editParams(trial.params, args.params ?? {})
    return queueReruns(row, [{ rerunOf: trial.id, params, seed: args.seed ?? trial.seed }])
  }

  function rerunBest(args: { sweepId: number; top: number; seeds: number }): RerunResult {
    const row = d.getSweepRow(args.sweepId)
    if (row.metricName === null) throw new SweeplabError('sweep/no-finished-trials', `sweep ${row.id} has no metric, so no trial is best; rerun trials one by one with rerunTrial`)
    const best = topDistinctConfigs(store.trials.listBySweep(row.id), row.metricGoal, args.top)
    if (best.length === 0) throw new SweeplabError('sweep/no-finished-trials', `sweep ${row.id} has no completed trial with a value of ${row.metricName} yet`)
    const items: Array<{ rerunOf: number; params: Record<string, unknown>; seed: number }> = []
    for (const t of best) {
      const used = new Set<number>([t.seed])
      for (let i = 0; i < args.seeds; i++) {
        let seed = randomInt(0, 2 ** 31 - 1)
        while (used.has(seed)) seed = randomInt(0, 2 ** 31 - 1)
        used.add(seed)
        items.push({ rerunOf: t.id, params: t.params, seed })
      }
    }
    return queueReruns(row, items)
  }

  return { refresh, pauseSweep, resumePausedRun, hasWorkLeft, updateSweep, getSweepVersions, rerunTrial, rerunBest }
}

/** The best completed trials by the sweep metric, one per distinct config (its best trial), best first; ties to the lower id. */
export function topDistinctConfigs(trials: ReadonlyArray<TrialSummary>, goal: MetricGoal, k: number): TrialSummary[] {
  const sign = goal === 'minimize' ? 1 : -1
  const ranked = trials
    .filter((t) => t.status === 'completed' && t.finalValue !== null && Number.isFinite(t.finalValue))
    .sort((a, b) => sign * (a.finalValue! - b.finalValue!) || a.id - b.id)
  const out: TrialSummary[] = []
  const seen = new Set<string>()
  for (const t of ranked) {
    if (out.length >= k) break
    const key = paramsKey(t.params)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(t)
  }
  return out
}
