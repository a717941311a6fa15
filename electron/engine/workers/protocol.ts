import type { TrialStatus } from '../../../shared/status.ts'
import type { FailureReason } from '../../../shared/failure-reasons.ts'
import type { StdoutMetricSpec } from '../../../shared/sweep-spec.ts'
import type { ExecutorSpec } from '../../../shared/executor-spec.ts'
import type { FoundArtifact } from './collect-artifacts.ts'
import type { FromPage, ToPage } from './browser/page-protocol.ts'

/** Messages between the engine and a worker process (child_process IPC, JSON). */

/** What a built-in trainer needs besides its params: the data and where the workspace's files are. */
export interface BuiltinJob {
  /** The sweep file's `dataset:` value, validated when the sweep was created. */
  dataset?: unknown
  cv?: { folds: number }
  backend: string
  save: 'best' | 'last' | 'none'
  workspaceDir: string
  resourcesDir?: string
  /** The sweep file's folder: relative dataset paths resolve against it. */
  baseDir: string
  /** finetune: the saved language model to start from (the engine resolved `init_from`). */
  initFromDir?: string
}

export interface TrialJob {
  trialId: number
  sweepId: number
  params: Record<string, unknown>
  seed: number
  /** Folder the trial may write to (params file, metrics file, outputs). */
  trialDir: string
  /** A command trial runs `argv` in its own process group; a built-in trial runs `trainer` in the worker. */
  argv?: string[]
  trainer?: string
  builtin?: BuiltinJob
  cwd: string
  /** Added to the worker's own environment for a command trial (threads, GPUs, the sweep file's `env`). */
  env: Record<string, string>
  /**
   * Set when the trial trains in a browser GPU worker's page: the worker prepares the data and
   * relays through the engine (`to-page` / `page`), the page trains.
   */
  browser?: { slot: number; host: string }
  /**
   * The sweep metric when early termination is on: the worker sends its points at once instead of
   * batching them for 50 ms, so a prune lands within the step or epoch after the one judged.
   */
  judgedMetric?: string
  /** Command trials: the sweep file's `stdout_metrics`, read on each output line. */
  stdoutMetrics?: StdoutMetricSpec[]
  /** Set for a Slurm sweep: the sbatch options (executors/slurm); the engine strips it from job.json. */
  slurm?: { executor: ExecutorSpec; cpu: number; gpu: number; timeoutSeconds: number | null }
}

/** `pruned`: early termination stopped it (a command gets SIGTERM, a built-in trainer ends its epoch). */
export type CancelReason = 'cancelled' | 'timeout' | 'shutdown' | 'pruned'

export type ToWorker =
  | { type: 'run'; job: TrialJob }
  | { type: 'cancel'; trialId: number; reason: CancelReason; graceMs: number }
  | { type: 'shutdown' }
  /** From the trial's browser page (browser trials only), relayed by the engine. */
  | { type: 'page'; trialId: number; msg: FromPage }
  /** The trial's browser page crashed or was closed. */
  | { type: 'page-gone'; trialId: number; reason: string }

/** [name, step, value (null = non-finite), wall time ms] */
export type WorkerMetricRow = [string, number, number | null, number]
/** [stream, time ms, line] */
export type WorkerLogRow = ['stdout' | 'stderr' | 'system', number, string]

export interface TrialOutcome {
  status: TrialStatus
  exitCode: number | null
  signal: string | null
  error: string | null
  backend: string | null
  backendNote?: string | null
  /** Set where the trial's runner knows why it failed better than its status says (e.g. it never started). */
  reason?: FailureReason
}

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'started'; trialId: number; pgid: number | null }
  | { type: 'metrics'; trialId: number; rows: WorkerMetricRow[] }
  | { type: 'logs'; trialId: number; rows: WorkerLogRow[] }
  | { type: 'finished'; trialId: number; outcome: TrialOutcome; metrics: WorkerMetricRow[]; logs: WorkerLogRow[]; artifacts: FoundArtifact[] }
  /** For the trial's browser page (browser trials only): the engine relays it. */
  | { type: 'to-page'; trialId: number; msg: ToPage }
