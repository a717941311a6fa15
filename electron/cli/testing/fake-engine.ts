import { alignSweeps } from '../../../shared/compare-sweeps.ts'
import type { SweeplabEvent } from '../../../shared/api/contract.ts'
import type { Artifact, ArtifactContent, EnvironmentInfo, ExampleSpec, ExportBestFormat, ExportTrialsFormat, SweepDetail, SweepSummary, TrialSummary, WorkspaceSize } from '../../../shared/api/types.ts'
import type { RetrainComparison, SweepProvenance } from '../../../shared/sweep-provenance.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { isTerminalTrialStatus, type MetricGoal, type SweepStatus, type TrialStatus } from '../../../shared/status.ts'
import type { Engine, EngineOptions } from '../../engine/engine-types.ts'
import { exportBestConfig, exportTrialsTable } from '../../engine/export/export-sweep.ts'
import { exportWandbSpec } from '../../engine/export/export-wandb.ts'
import { pickBestTrial } from '../../engine/export/pick-best.ts'
import { computeImportance } from '../../engine/analysis/compute-importance.ts'
import { classifyFailure } from '../../engine/failures/classify-failure.ts'
import { repeatsOfSpec, summarizeConfigs } from '../../../shared/config-summaries.ts'
import { repeatOf } from '../../../shared/config-stats.ts'

export const T0 = Date.UTC(2026, 0, 2, 3, 4, 5)

/** One trial a fake sweep will run: its end state, metric and run time. */
export interface PlannedTrial {
  params: Record<string, unknown>
  status?: TrialStatus
  finalValue?: number | null
  durationMs?: number
  exitCode?: number | null
  signal?: string | null
  error?: string | null
}

export interface FakeSweepInit {
  name?: string
  method?: string
  metricName?: string | null
  goal?: MetricGoal
  total?: number | null
  /** Trials the sweep runs once started (or resumed). */
  plan?: PlannedTrial[]
  /** Trials that exist already (for show, export, ls, resume). */
  trials?: PlannedTrial[]
  status?: SweepStatus
  /** Stop after running the plan and wait for shutdown, like a sweep still going at Ctrl-C. */
  hang?: boolean
  /** `repeats: n`: trial k is repeat k mod n of config ⌊k / n⌋ (set in the spec, on the trials). */
  repeats?: number
  waiting?: string | null
  timing?: SweepSummary['timing']
  /** The sweep file as written (default: a one-line grid). */
  specText?: string
  skipped?: SweepDetail['skipped']
}

interface FakeSweep {
  detail: SweepDetail
  trials: TrialSummary[]
  plan: PlannedTrial[]
  hang: boolean
  waiters: Array<(s: SweepSummary) => void>
  /** Started (or resumed) by this engine, as opposed to added as `running` (another process runs it). */
  runsHere: boolean
}

/**
 * An in-memory Engine for CLI unit tests: sweeps are scripted, "running" one emits the same
 * events the real engine does (trial-updated, sweep-updated) on the next ticks.
 */
export class FakeEngine implements Engine {
  readonly dbPath: string
  readonly options: EngineOptions
  readonly calls: Array<{ method: string; args: unknown }> = []
  readonly shutdownCalls: Array<{ graceMs?: number; reason?: string } | undefined> = []
  /** What the next createSweep will hold. */
  nextSweep: FakeSweepInit = {}
  environment: Partial<EnvironmentInfo> = {}
  /** What listExamples returns. */
  examples: ExampleSpec[] = []
  /** Artifacts getArtifacts lists; readArtifact returns `text` (none: `artifact/not-text`). */
  artifacts: Array<Artifact & { text?: string }> = []
  /** What getWorkspaceSize returns. */
  workspaceSize: WorkspaceSize = { totalBytes: 3_500_000, databaseBytes: 1_000_000, trialBytes: 2_000_000, otherBytes: 500_000, sweeps: [{ sweepId: 1, bytes: 2_000_000 }], measuredAt: T0 }
  private readonly sweeps = new Map<number, FakeSweep>()
  private readonly listeners = new Set<(ev: SweeplabEvent) => void>()
  private nextTrialId = 1
  private nextSweepId = 1
  private closed = false

  constructor(options: EngineOptions) {
    this.options = options
    this.dbPath = options.dbPath
  }

  /** Adds a sweep as if an earlier session had run it. */
  addSweep(init: FakeSweepInit): number {
    const id = this.nextSweepId++
    const sweep: FakeSweep = { detail: makeDetail(id, init), trials: [], plan: init.plan ?? [], hang: init.hang ?? false, waiters: [], runsHere: false }
    this.sweeps.set(id, sweep)
    for (const p of init.trials ?? []) sweep.trials.push(this.makeTrial(sweep, p))
    Object.assign(sweep.detail, summarize(sweep), init.status ? { status: init.status } : {})
    return id
  }

  subscribe(cb: (ev: SweeplabEvent) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }

  async listSweeps() { return this.record('listSweeps', {}, () => [...this.sweeps.values()].map((s) => toSummary(s.detail))) }
  async getSweep(args: { sweepId: number }) { return this.record('getSweep', args, () => ({ ...this.sweep(args.sweepId).detail })) }
  async getTrials(args: { sweepId: number }) { return this.record('getTrials', args, () => [...this.sweep(args.sweepId).trials]) }
  async getTrial(args: { trialId: number }): Promise<TrialSummary> {
    return this.record('getTrial', args, () => {
      const t = [...this.sweeps.values()].flatMap((s) => s.trials).find((x) => x.id === args.trialId)
      if (!t) throw new SweeplabError('trial/not-found', `no trial ${args.trialId}`)
      return t
    })
  }
  async compareSweeps(args: { sweeps: Array<{ sweepId: number; workspace?: string }> }) {
    return this.record('compareSweeps', args, () => alignSweeps(args.sweeps.map((ref) => {
      if (ref.workspace !== undefined && ref.workspace !== this.dbPath) throw new SweeplabError('store/open-failed', `cannot open workspace ${ref.workspace}`)
      const s = this.sweep(ref.sweepId)
      const d = s.detail
      return { sweepId: d.id, workspace: null, name: d.name, method: d.method, status: d.status, metricName: d.metricName, metricGoal: d.metricGoal, spec: d.spec, trials: s.trials }
    })))
  }
  async getWarmStartCandidates() { return { unavailable: null, candidates: [] } }
  async getWorkspace() { return { dbPath: this.dbPath, readOnly: this.options.readOnly === true } }
  async getMetricNames() { return [] }
  async getMetricSeries() { return [] }
  async getLogs() { return [] }
  async validateSpec() { return { ok: true, problems: [], total: null } }

  async createSweep(args: { text: string; fileName?: string; start?: boolean }) {
    return this.record('createSweep', args, () => {
      if (args.text.includes('method: nope')) {
        throw new SweeplabError('spec/invalid', `${args.fileName}:1:9 method: expected one of grid, random, bayes, got "nope"`, {
          details: { problems: [{ file: args.fileName, line: 1, column: 9, path: 'method', message: 'expected one of grid, random, bayes, got "nope"' }] },
        })
      }
      const sweepId = this.addSweep({ ...this.nextSweep, trials: [] })
      this.start(sweepId)
      return { sweepId }
    })
  }
  async cancelSweep(args: { sweepId: number }) {
    return this.record('cancelSweep', args, () => ({ cancelled: 0, requestedFrom: null }))
  }
  async cancelTrial(args: { trialId: number }) {
    return this.record('cancelTrial', args, () => ({ cancelled: false, requestedFrom: 4242 }))
  }
  async resumeSweep(args: { sweepId: number }) {
    return this.record('resumeSweep', args, () => {
      const s = this.sweep(args.sweepId)
      if (s.detail.status === 'completed') throw new SweeplabError('sweep/not-resumable', `sweep ${args.sweepId} is already completed`)
      this.start(args.sweepId)
      return { requeued: s.plan.length, requestedFrom: null }
    })
  }
  async pauseSweep(args: { sweepId: number }) {
    return this.record('pauseSweep', args, () => {
      const s = this.sweep(args.sweepId)
      if (s.detail.status !== 'running' && s.detail.status !== 'paused') throw new SweeplabError('sweep/not-pausable', `sweep ${args.sweepId} is ${s.detail.status}`)
      s.detail.status = 'paused'
      return { status: 'paused' as const, requestedFrom: s.runsHere ? null : 4242 }
    })
  }
  async updateSweep(args: { sweepId: number; text?: string; set?: Record<string, unknown>; note?: string; dryRun?: boolean }) {
    return this.record('updateSweep', args, () => {
      const s = this.sweep(args.sweepId)
      const version = s.detail.configVersion + 1
      if (!args.dryRun) s.detail.configVersion = version
      const changes = Object.entries(args.set ?? {}).map(([k, v]) => `${k}: → ${JSON.stringify(v)}`)
      return { version, dryRun: args.dryRun === true, total: s.detail.total, remaining: 2, changes, text: args.text ?? s.detail.specText, requestedFrom: null }
    })
  }
  async getSweepVersions(args: { sweepId: number }) {
    return this.record('getSweepVersions', args, () => {
      const s = this.sweep(args.sweepId)
      return Array.from({ length: s.detail.configVersion }, (_, i) => ({
        version: i + 1, createdAt: T0 + i * 60_000, note: i === 0 ? null : `edit ${i}`, specText: s.detail.specText,
        trials: s.trials.filter((t) => t.configVersion === i + 1).length, current: i + 1 === s.detail.configVersion,
      }))
    })
  }
  async rerunTrial(args: { trialId: number; params?: Record<string, unknown>; seed?: number }) {
    return this.record('rerunTrial', args, () => ({ trialIds: [this.nextTrialId++], state: 'requested' as const, requestedFrom: 4242 }))
  }
  async rerunBest(args: { sweepId: number; top: number; seeds: number }) {
    return this.record('rerunBest', args, () => {
      this.sweep(args.sweepId)
      const trialIds = Array.from({ length: args.top * args.seeds }, () => this.nextTrialId++)
      return { trialIds, state: 'requested' as const, requestedFrom: 4242 }
    })
  }
  async deleteSweep(args: { sweepId: number }) {
    return this.record('deleteSweep', args, () => {
      const s = this.sweep(args.sweepId)
      if (s.detail.status === 'running') {
        throw new SweeplabError('sweep/running', `sweep ${args.sweepId} ${JSON.stringify(s.detail.name)} is being run by process 4242; stop it first (sweeplab cancel ${args.sweepId}), then delete it`)
      }
      this.sweeps.delete(args.sweepId)
      this.emit({ type: 'sweep-deleted', payload: { sweepId: args.sweepId } })
      return { deleted: true as const }
    })
  }
  async exportBest(args: { sweepId: number; format: ExportBestFormat; trialId?: number }) {
    return this.record('exportBest', args, () => {
      const s = this.sweep(args.sweepId)
      return exportBestConfig({ ...s.detail, repeats: repeatsOfSpec(s.detail.spec) }, s.trials, args)
    })
  }
  async exportTrials(args: { sweepId: number; format: ExportTrialsFormat; trialIds?: number[] }) {
    return this.record('exportTrials', args, () => {
      const s = this.sweep(args.sweepId)
      return exportTrialsTable({ ...s.detail, repeats: repeatsOfSpec(s.detail.spec) }, s.trials, args)
    })
  }
  async exportWandb(args: { sweepId: number; dropUnsupported?: boolean }) {
    return this.record('exportWandb', args, () => {
      const s = this.sweep(args.sweepId)
      return exportWandbSpec(s.detail.specText, s.detail, { dropUnsupported: args.dropUnsupported ?? false })
    })
  }
  async getArtifacts(args: { trialId: number }) {
    return this.record('getArtifacts', args, () => this.artifacts.filter((a) => a.trialId === args.trialId).map(({ text: _t, ...a }) => a))
  }
  async readArtifact(args: { artifactId: number; maxBytes?: number }): Promise<ArtifactContent> {
    return this.record('readArtifact', args, () => {
      const a = this.artifacts.find((x) => x.id === args.artifactId)
      if (!a) throw new SweeplabError('artifact/not-found', `no artifact with id ${args.artifactId}`)
      if (a.text === undefined) throw new SweeplabError('artifact/not-text', `artifact ${a.id} (${a.name}) is not text`)
      const bytes = Buffer.from(a.text)
      const max = args.maxBytes ?? 1_048_576
      return { artifactId: a.id, content: bytes.subarray(0, max).toString(), truncated: bytes.length > max, size: bytes.length }
    })
  }
  async listExamples() { return this.record('listExamples', {}, () => [...this.examples]) }
  async getImportance(args: { sweepId: number }) {
    return this.record('getImportance', args, () => {
      const { detail, trials } = this.sweep(args.sweepId)
      return computeImportance({ trials, metricName: detail.metricName, goal: detail.metricGoal })
    })
  }
  async getConfigs(args: { sweepId: number }) {
    return this.record('getConfigs', args, () => {
      const { detail, trials } = this.sweep(args.sweepId)
      return summarizeConfigs(trials, repeatsOfSpec(detail.spec))
    })
  }
  async getSlurmJob(args: { trialId: number }) { return this.record('getSlurmJob', args, () => null) }
  async listDatasets() { return this.record('listDatasets', {}, () => []) }
  async getWorkspaceSize(args: { fresh?: boolean } = {}): Promise<WorkspaceSize> {
    return this.record('getWorkspaceSize', args, () => this.workspaceSize)
  }
  async getDataset(args: { name: string }) {
    return this.record('getDataset', args, () => { throw new SweeplabError('dataset/missing', `no dataset named "${args.name}"`) })
  }
  async addDataset(args: { path: string; name: string }) {
    return this.record('addDataset', args, () => { throw new SweeplabError('dataset/missing', `${args.path}: not found`) })
  }
  async retrainSweep(args: { sweepId: number; dataset: string }) {
    return this.record('retrainSweep', args, (): { sweepId: number } => {
      this.sweep(args.sweepId)
      throw new SweeplabError('retrain/unsupported', `sweep ${args.sweepId} runs a command; the fake engine retrains nothing`)
    })
  }
  async getRetrainComparison(args: { sweepId: number }) {
    return this.record('getRetrainComparison', args, (): RetrainComparison => {
      this.sweep(args.sweepId)
      throw new SweeplabError('retrain/unsupported', `sweep ${args.sweepId} is not a retrain`)
    })
  }
  async getSweepProvenance(args: { sweepId: number }) {
    return this.record('getSweepProvenance', args, (): SweepProvenance | null => {
      this.sweep(args.sweepId)
      return null
    })
  }
  async getSweepReport(args: { sweepId: number; format: 'html' | 'md' }) {
    return this.record('getSweepReport', args, () => {
      const { detail } = this.sweep(args.sweepId)
      return { content: args.format === 'md' ? `# Sweep report: ${detail.name}\n` : `<!doctype html><title>${detail.name}</title>`, fileName: `sweep-${detail.id}-report.${args.format}` }
    })
  }
  async getEnvironment(): Promise<EnvironmentInfo> {
    return this.record('getEnvironment', {}, () => ({
      version: '0.1.0', node: '24.21.0', platform: 'linux-x64', dbPath: this.dbPath, cpuCores: 16, gpus: [], gpuDetection: 'nvidia-smi not found',
      backends: [{ name: 'cpu', available: true, detail: 'pure JS' }, { name: 'tfjs-node', available: false, detail: 'not installed' }],
      ...this.environment,
    }))
  }

  activeSweepIds(): number[] {
    return [...this.sweeps.values()].filter((s) => s.runsHere && s.detail.status === 'running').map((s) => s.detail.id)
  }

  waitForSweep(sweepId: number): Promise<SweepSummary> {
    const s = this.sweep(sweepId)
    if (s.detail.status !== 'running' || this.closed) return Promise.resolve(toSummary(s.detail))
    return new Promise((resolve) => s.waiters.push(resolve))
  }

  async shutdown(opts?: { graceMs?: number; reason?: string }): Promise<void> {
    this.shutdownCalls.push(opts)
    this.closed = true
    for (const s of this.sweeps.values()) {
      if (s.detail.status === 'running') this.finishSweep(s, 'interrupted')
    }
  }

  private record<T>(method: string, args: unknown, fn: () => T): T {
    if (this.closed) throw new Error(`${method} called after shutdown`)
    this.calls.push({ method, args })
    return fn()
  }

  private sweep(id: number): FakeSweep {
    const s = this.sweeps.get(id)
    if (!s) throw new SweeplabError('sweep/not-found', `no sweep ${id}`)
    return s
  }

  private makeTrial(s: FakeSweep, p: PlannedTrial): TrialSummary {
    const id = this.nextTrialId++
    const startedAt = T0 + id * 10_000
    const status = p.status ?? 'completed'
    const exitCode = p.exitCode ?? (p.status === undefined || p.status === 'completed' ? 0 : null)
    const failure = classifyFailure({ status, exitCode, signal: p.signal ?? null, error: p.error ?? null })
    return {
      id, sweepId: s.detail.id, index: s.trials.length, attempt: 1, status: p.status ?? 'completed', params: p.params, seed: 7,
      finalValue: p.finalValue ?? null, bestValue: p.finalValue ?? null, startedAt, endedAt: startedAt + (p.durationMs ?? 3200),
      exitCode: p.exitCode ?? (p.status === undefined || p.status === 'completed' ? 0 : null), signal: p.signal ?? null,
      backend: 'cpu', backendNote: null, error: p.error ?? null, workerId: 1, prunedAtStep: null, configVersion: 1, rerunOf: null,
      failureReason: failure?.reason ?? null, failureNote: failure?.note ?? null,
      ...(repeatsOfSpec(s.detail.spec) > 1 ? repeatOf(s.trials.length, repeatsOfSpec(s.detail.spec)) : {}),
    }
  }

  /** Runs the plan a step per macrotask, emitting what the real engine emits. */
  private start(sweepId: number): void {
    const s = this.sweep(sweepId)
    s.detail.status = 'running'
    s.runsHere = true
    const plan = [...s.plan]
    const step = (): void => {
      if (this.closed) return
      const p = plan.shift()
      if (!p) {
        if (!s.hang) this.finishSweep(s, s.trials.every((t) => t.status === 'completed') ? 'completed' : 'failed')
        return
      }
      const t = this.makeTrial(s, p)
      s.trials.push({ ...t, status: 'running' })
      this.emit({ type: 'trial-updated', payload: { trial: { ...t, status: 'running', endedAt: null } } })
      s.trials[s.trials.length - 1] = t
      this.emit({ type: 'trial-updated', payload: { trial: t } })
      Object.assign(s.detail, summarize(s))
      this.emit({ type: 'sweep-updated', payload: { sweep: toSummary(s.detail) } })
      setTimeout(step, 0)
    }
    setTimeout(step, 0)
  }

  private finishSweep(s: FakeSweep, status: SweepStatus): void {
    Object.assign(s.detail, summarize(s), { status, endedAt: T0 + 600_000 })
    const summary = toSummary(s.detail)
    this.emit({ type: 'sweep-updated', payload: { sweep: summary } })
    for (const w of s.waiters.splice(0)) w(summary)
  }

  private emit(ev: SweeplabEvent): void {
    for (const l of this.listeners) l(ev)
  }
}

function makeDetail(id: number, init: FakeSweepInit): SweepDetail {
  return {
    id, name: init.name ?? `sweep-${id}`, method: init.method ?? 'grid', status: init.status ?? 'running',
    metricName: init.metricName === undefined ? 'val_loss' : init.metricName, metricGoal: init.goal ?? 'minimize',
    total: init.total === undefined ? (init.plan?.length ?? 0) + (init.trials?.length ?? 0) : init.total,
    counts: {}, done: 0, bestValue: null, bestTrialId: null, createdAt: T0, startedAt: T0, endedAt: null, error: null,
    waiting: init.waiting ?? null, timing: init.timing ?? { finished: 0, meanMs: null, sdMs: null, runningSince: [], concurrency: 2 },
    description: null, specText: init.specText ?? 'method: grid\n', specFile: 'sweep.yaml', spec: init.repeats ? { repeats: init.repeats } : {}, seed: 1, workers: 2,
    failureReasons: {}, configVersion: 1, maxDurationMs: null, runMs: 0,
    ...(init.skipped ? { skipped: init.skipped } : {}),
  }
}

function summarize(s: FakeSweep): Partial<SweepDetail> {
  const counts: Partial<Record<TrialStatus, number>> = {}
  for (const t of s.trials) counts[t.status] = (counts[t.status] ?? 0) + 1
  const failureReasons: SweepDetail['failureReasons'] = {}
  for (const t of s.trials) if (t.failureReason !== null) failureReasons[t.failureReason] = (failureReasons[t.failureReason] ?? 0) + 1
  const best = pickBestTrial(s.trials, s.detail.metricGoal)
  return {
    counts, failureReasons, done: s.trials.filter((t) => isTerminalTrialStatus(t.status)).length,
    bestValue: best?.finalValue ?? null, bestTrialId: best?.id ?? null,
  }
}

function toSummary(d: SweepDetail): SweepSummary {
  const { description: _d, specText: _t, specFile: _f, spec: _s, seed: _seed, workers: _w, failureReasons: _fr, configVersion: _v, maxDurationMs: _m, runMs: _r, ...summary } = d
  return summary
}
