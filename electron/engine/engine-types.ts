import type { SweeplabApi, SweeplabEvent } from '../../shared/api/contract.ts'
import type { SweepSummary } from '../../shared/api/types.ts'

export interface EngineOptions {
  /** SQLite file of the workspace; created with its folder when missing. */
  dbPath: string
  /** Upper bound on worker processes across sweeps (default: CPU cores). A sweep's `workers` key may ask for fewer. */
  maxWorkers?: number
  /** Grace period given to running trials on shutdown before their process groups are killed. */
  shutdownGraceMs?: number
  /** Worker process entry (the app passes its bundled file; default: the TS source next to the engine). */
  workerEntry?: string
  /** Folder of the bundled datasets (the packaged app passes its resources path; default: resources/datasets in the checkout). */
  resourcesDir?: string
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
  /** Stops launching trials, gives running ones the grace period, records their state, closes workers and the store. */
  shutdown(opts?: { graceMs?: number; reason?: string }): Promise<void>
}
