import type { SweeplabEvent } from '../../../shared/api/contract.ts'
import type { Artifact, ArtifactContent, EnvironmentInfo, ExampleSpec, ExportBestFormat, ExportTrialsFormat, SweepDetail, SweepSummary, TrialSummary } from '../../../shared/api/types.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { isTerminalTrialStatus, type MetricGoal, type SweepStatus, type TrialStatus } from '../../../shared/status.ts'
import type { Engine, EngineOptions } from '../../engine/engine-types.ts'
import { exportBestConfig, exportTrialsTable } from '../../engine/export/export-sweep.ts'
import { pickBestTrial } from '../../engine/export/pick-best.ts'
import { computeImportance } from '../../engine/analysis/compute-importance.ts'

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
      return { requeued: s.plan.length }
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
      return exportBestConfig(s.detail, s.trials, args)
    })
  }
  async exportTrials(args: { sweepId: number; format: ExportTrialsFormat; trialIds?: number[] }) {
    return this.record('exportTrials', args, () => {
      const s = this.sweep(args.sweepId)
      return exportTrialsTable(s.detail, s.trials, args)
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
  async getSlurmJob(args: { trialId: number }) { return this.record('getSlurmJob', args, () => null) }
  async listDatasets() { return this.record('listDatasets', {}, () => []) }
  async getDataset(args: { name: string }) {
    return this.record('getDataset', args, () => { throw new SweeplabError('dataset/missing', `no dataset named "${args.name}"`) })
  }
  async addDataset(args: { path: string; name: string }) {
    return this.record('addDataset', args, () => { throw new SweeplabError('dataset/missing', `${args.path}: not found`) })
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
    return {
      id, sweepId: s.detail.id, index: s.trials.length, attempt: 1, status: p.status ?? 'completed', params: p.params, seed: 7,
      finalValue: p.finalValue ?? null, bestValue: p.finalValue ?? null, startedAt, endedAt: startedAt + (p.durationMs ?? 3200),
      exitCode: p.exitCode ?? (p.status === undefined || p.status === 'completed' ? 0 : null), signal: p.signal ?? null,
      backend: 'cpu', backendNote: null, error: p.error ?? null, workerId: 1, prunedAtStep: null,
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
    description: null, specText: 'method: grid\n', specFile: 'sweep.yaml', spec: {}, seed: 1, workers: 2,
  }
}

function summarize(s: FakeSweep): Partial<SweepSummary> {
  const counts: Partial<Record<TrialStatus, number>> = {}
  for (const t of s.trials) counts[t.status] = (counts[t.status] ?? 0) + 1
  const best = pickBestTrial(s.trials, s.detail.metricGoal)
  return {
    counts, done: s.trials.filter((t) => isTerminalTrialStatus(t.status)).length,
    bestValue: best?.finalValue ?? null, bestTrialId: best?.id ?? null,
  }
}

function toSummary(d: SweepDetail): SweepSummary {
  const { description: _d, specText: _t, specFile: _f, spec: _s, seed: _seed, workers: _w, ...summary } = d
  return summary
}
