import type { SweeplabApi, SweeplabEvent } from '../../shared/api/contract.ts'
import type { SweepSummary } from '../../shared/api/types.ts'
import type { BrowserTrainingHost } from './workers/browser/host.ts'
import type { StatFs } from './resources/disk-guard.ts'

export interface EngineOptions {
  /** SQLite file of the workspace; created with its folder when missing. */
  dbPath: string
  /** Upper bound on worker processes across sweeps (default: CPU cores). A sweep's `workers` key may ask for fewer. */
  maxWorkers?: number
  /** Grace period given to running trials on shutdown before their process groups are killed. */
  shutdownGraceMs?: number
  /** Worker process entry (the app passes its bundled file; default: the TS source next to the engine). */
  workerEntry?: string
  /**
   * Browser GPU workers: pages in this host train built-in trainers on WebGPU/WebGL (any GPU
   * Chromium can use, no CUDA). The app passes hidden Electron windows, the CLI a headless Chromium.
   * The caller owns the host and closes it after the engine shut down.
   */
  browserHost?: BrowserTrainingHost
  /** How many pages (slots) in `browserHost`; each counts as one GPU. Default 1. */
  browserWorkers?: number
  /** Folder of the bundled datasets (the packaged app passes its resources path; default: resources/datasets in the checkout). */
  resourcesDir?: string
  /** Folder of the example sweep files listExamples offers (default: resources/examples in the checkout). */
  examplesDir?: string
  /** Reads the workspace disk's free space for `disk.min_free` (default: fs.statfs); tests inject a fake disk. */
  statfs?: StatFs
  /** How often running sweeps re-check free space and apply `keep.last` (default 5 s). */
  diskCheckMs?: number
  /**
   * Open an existing workspace read-only: never created, migrated or written; calls that would write
   * are refused with `workspace/read-only`. A file of an older schema is refused with a clear message.
   */
  readOnly?: boolean
  /** Diagnostics sink (the CLI prints these in verbose mode). */
  log?: (message: string) => void
}

/**
 * The engine: implements the API over the store and the scheduler, and pushes events.
 * Workers start lazily, so read-only uses (ls, show, export) never fork a process.
 */
export interface Engine extends SweeplabApi {
  readonly dbPath: string
  subscribe(cb: (ev: SweeplabEvent) => void): () => void
  /** Resolves with the sweep's summary once it reached a final state in this engine (or the engine shut down). */
  waitForSweep(sweepId: number): Promise<SweepSummary>
  /**
   * Ids of the sweeps this engine process runs right now (ascending); sweeps other processes run
   * are not included. The desktop shell asks before quitting whether to stop them.
   */
  activeSweepIds(): number[]
  /** Stops launching trials, gives running ones the grace period, records their state, closes workers and the store. */
  shutdown(opts?: { graceMs?: number; reason?: string }): Promise<void>
}
