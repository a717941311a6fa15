import type { Database } from 'better-sqlite3'
import type { MetricGoal, SweepStatus, TrialStatus } from '../../../shared/status.ts'
import type { Failure } from '../failures/classify-failure.ts'
import type { FailureReason } from '../../../shared/failure-reasons.ts'
import type { ProvenanceRepo } from './provenance-repo.ts'
import type { Artifact, LogLine, MetricSeries, SweepSummary, TrialSummary } from '../../../shared/api/types.ts'

/** The row shapes and repository contracts the engine relies on. Implementations: store/*.ts. */

export interface NewSweep {
  name: string
  description: string | null
  method: string
  specJson: string
  specText: string
  specFile: string | null
  metricName: string | null
  metricGoal: MetricGoal
  seed: number
  total: number | null
  workers: number
  enginePid: number | null
  createdAt: number
}

export interface SweepRow extends NewSweep {
  id: number
  status: SweepStatus
  /** The config version new trials sample from (sweep_versions). */
  configVersion: number
  /** Running (not paused) time of earlier runs, for max_duration. */
  runMs: number
  nextIndex: number
  heartbeatAt: number | null
  startedAt: number | null
  endedAt: number | null
  error: string | null
}

export interface SweepRepo {
  /** Inserts with status `running`, started_at = createdAt. */
  insert(s: NewSweep): number
  get(id: number): SweepRow | undefined
  list(): SweepRow[]
  /** Summaries for the list view and CLI: counts per status, done, best value and trial (by goal). */
  summaries(): SweepSummary[]
  summary(id: number): SweepSummary | undefined
  setNextIndex(id: number, nextIndex: number): void
  setEnginePid(id: number, pid: number | null): void
  /** Marks every sweep this process runs as alive now. */
  heartbeat(pid: number, now?: number): void
  /**
   * Takes a sweep for this process (status `running`, owner `pid`) only if its status and owner are
   * still what the caller saw; false when another process got there first.
   */
  claim(id: number, seen: { status: SweepStatus; enginePid: number | null }, pid: number, now?: number): boolean
  /**
   * Sets status; a terminal status also sets ended_at (= now unless given) and clears engine_pid.
   * `running` (resume) clears ended_at and error. `error: undefined` keeps the stored error otherwise.
   */
  setStatus(id: number, status: SweepStatus, opts?: { error?: string | null; endedAt?: number }): void
  /**
   * Pauses or resumes a sweep in place (status `paused` ⇄ `running`), keeping its owner and times;
   * false when the sweep was in neither state.
   */
  setPaused(id: number, paused: boolean): boolean
  /** Makes `version` the sweep's current config (and copies it into spec_json/spec_text, total, workers). */
  setConfig(id: number, c: { version: number; specJson: string; specText: string; total: number | null; workers: number }): void
  setRunMs(id: number, ms: number): void
  delete(id: number): void
  /** Why the running sweep starts no trial now (low disk), or null; any status change clears it. */
  setWaiting(id: number, waiting: string | null): void
}

export interface SweepVersion {
  sweepId: number
  version: number
  specJson: string
  specText: string
  note: string | null
  createdAt: number
}

/** A sweep's config versions (migration 0004). */
export interface VersionRepo {
  insert(v: SweepVersion): void
  list(sweepId: number): SweepVersion[]
  /** Trials per config version of a sweep. */
  trialCounts(sweepId: number): Map<number, number>
}

export interface NewTrial {
  sweepId: number
  index: number
  attempt: number
  params: Record<string, unknown>
  seed: number
  createdAt: number
  /** Default 1. */
  configVersion?: number
  rerunOf?: number | null
  /** Sweeps with `repeats`: the config and which of its repeats (see migration 0005). */
  configIndex?: number
  repeat?: number
}

export interface TrialEnd {
  status: TrialStatus
  endedAt: number
  durationMs: number | null
  exitCode?: number | null
  signal?: string | null
  error?: string | null
  backend?: string | null
  backendNote?: string | null
  /** status `pruned`: the step of its last report of the sweep metric when the pruner stopped it. */
  prunedAtStep?: number | null
  /** Why it did not complete; when absent, classified from the status, exit code, signal and error. */
  failure?: Failure | null
}

export interface TrialRepo {
  /** Inserts with status `queued`. */
  insert(t: NewTrial): number
  get(id: number): TrialSummary | undefined
  listBySweep(sweepId: number): TrialSummary[]
  /** Trials of the sweep in the given statuses, ordered by id. */
  listByStatus(sweepId: number, statuses: readonly TrialStatus[]): TrialSummary[]
  markRunning(id: number, r: { workerId: number; startedAt: number }): void
  /** The most negative rerun index of the sweep, or 0 when it has no reruns. */
  lowestIndex(sweepId: number): number
  setPid(id: number, pid: number | null): void
  setBackend(id: number, backend: string): void
  /** Writes the terminal state. Returns false (and changes nothing) when the trial had already ended. */
  finish(id: number, end: TrialEnd): boolean
  /** Recomputes final_value/best_value/last_step of the sweep metric from stored points. */
  refreshMetricSummary(id: number, metricName: string, goal: MetricGoal): void
  /**
   * Folds one batch of the sweep metric into final_value/best_value/last_step without rescanning.
   * Only correct when every point of the batch was newly stored (no ignored duplicates); otherwise
   * call refreshMetricSummary. `best` is the batch's best finite value, or null when it has none.
   */
  mergeMetricSummary(id: number, batch: MetricBatchSummary, goal: MetricGoal): void
  /** Trials of the sweep per failure reason (every attempt counts, as in the status counts). */
  countFailureReasons(sweepId: number): Partial<Record<FailureReason, number>>
  /** The last finite value of a metric per trial (W&B's `impute: latest` reads it for trials that diverged). */
  lastFiniteValues(trialIds: readonly number[], metricName: string): Map<number, number>
}

/** The sweep metric's points of one trial in one batch, summarised. */
export interface MetricBatchSummary {
  lastStep: number
  /** Value at lastStep (null = NaN; ±Infinity kept as stored). */
  lastValue: number | null
  best: number | null
}

/** [trialId, name, step, value (null = NaN), wallTime ms] */
export type MetricPointRow = readonly [number, string, number, number | null, number]

export interface MetricRepo {
  /** One transaction; a point already stored (same trial, name, step) is kept, never doubled. */
  insertMany(points: readonly MetricPointRow[]): number
  names(sweepId: number): string[]
  count(trialId: number): number
  /**
   * Series per requested trial (in request order, empty when a trial has no points), each
   * downsampled to at most maxPoints (default 1,000; LTTB, first and last kept).
   */
  series(trialIds: readonly number[], name: string, maxPoints?: number): MetricSeries[]
}

export type LogRow = readonly [trialId: number, stream: LogLine['stream'], time: number, line: string]

export interface LogRepo {
  /** Appends lines (seq assigned per trial, continuing from the stored maximum). Capped per trial. */
  insertMany(lines: readonly LogRow[]): void
  tail(trialId: number, n: number): LogLine[]
  /** Forgets the cached next seq per trial; call after a surrounding transaction rolled back. */
  resetSeqCache(): void
}

/** `refresh`: re-read the sweep's status (paused), config version and queued reruns from the store. */
export type ControlAction = 'cancel-sweep' | 'cancel-trial' | 'refresh'

export interface ControlRequest {
  id: number
  sweepId: number
  trialId: number | null
  action: ControlAction
}

/** Requests from other processes to the engine that runs a sweep. */
export interface ControlRepo {
  request(r: { sweepId: number; trialId: number | null; action: ControlAction }): number
  /** Unhandled requests for the given sweeps, oldest first. */
  pending(sweepIds: readonly number[]): ControlRequest[]
  markHandled(id: number): void
}

/** A dataset version to register (see dataset-repo.ts); JSON columns are passed as values. */
export interface NewDataset {
  name: string
  version: number
  sourcePath: string
  storedPath: string
  format: string
  contentHash: string
  bytes: number
  rows: number
  columns: string[]
  textColumn: string | null
  labelColumn: string | null
  report: unknown
  createdAt: number
}

export interface DatasetRow extends NewDataset {
  id: number
}

/** The dataset registry: one row per (name, version). */
export interface DatasetRepo {
  /** Inserts a version; throws SweeplabError `dataset/exists` when (name, version) is taken. */
  insert(d: NewDataset): number
  get(id: number): DatasetRow | undefined
  /** The given version of a name, or its highest version. */
  getByName(name: string, version?: number): DatasetRow | undefined
  /** Every dataset's latest version, by name. */
  list(): DatasetRow[]
  /** Every version of every dataset: by name, newest version first. */
  listAllVersions(): DatasetRow[]
  /** The next free version number of a name (1 for a new name). */
  nextVersion(name: string): number
}

export interface NewArtifact {
  trialId: number
  kind: string
  name: string
  path: string
  size: number
  createdAt: number
}

export interface ArtifactRepo {
  /** Call inside the transaction that ends the trial. */
  insertMany(rows: readonly NewArtifact[]): void
  get(id: number): Artifact | undefined
  listByTrial(trialId: number): Artifact[]
  /** Every artifact of a sweep's trials, deleted ones included, ordered by id. */
  listBySweep(sweepId: number): Artifact[]
  /** Records that checkpoint retention removed these artifacts' files (the rows stay). */
  markDeleted(ids: readonly number[], at: number): void
}

export interface Store {
  readonly db: Database
  readonly artifacts: ArtifactRepo
  readonly datasets: DatasetRepo
  /** Dataset version, retrain lineage and environment of each sweep (migration 0008). */
  readonly provenance: ProvenanceRepo
  readonly control: ControlRepo
  readonly versions: VersionRepo
  readonly path: string
  readonly sweeps: SweepRepo
  readonly trials: TrialRepo
  readonly metrics: MetricRepo
  readonly logs: LogRepo
  /**
   * SQLite's full `integrity_check` (reads every page: seconds on a large workspace, so `doctor`
   * asks for it; opening only runs `quick_check`, and only after an unclean stop). The problems
   * SQLite lists; empty when the database is intact.
   */
  checkIntegrity(): string[]
  /** Deletes the disk-full reserve (disk-reserve.ts) so the writes that end a sweep fit; false when there was none. */
  releaseReserve(): boolean
  close(): void
}
