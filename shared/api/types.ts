import type { MetricGoal, SweepStatus, TrialStatus } from '../status.ts'
import type { ErrorLocation } from '../errors.ts'

/** Every time is epoch milliseconds; non-finite metric values travel as `null`. */

export interface SweepSummary {
  id: number
  name: string
  method: string
  status: SweepStatus
  metricName: string | null
  metricGoal: MetricGoal
  /** Number of trials the sweep will run in all, or null when unbounded (random without run_cap). */
  total: number | null
  counts: Partial<Record<TrialStatus, number>>
  /** Trials that reached a final state for their config (retries and resumes not double-counted). */
  done: number
  bestValue: number | null
  bestTrialId: number | null
  createdAt: number
  startedAt: number | null
  endedAt: number | null
  error: string | null
}

export interface SweepDetail extends SweepSummary {
  description: string | null
  specText: string
  specFile: string | null
  spec: unknown
  seed: number
  workers: number
}

export interface TrialSummary {
  id: number
  sweepId: number
  /** Position in the sweep's search sequence; retries and resumed attempts share it. */
  index: number
  attempt: number
  status: TrialStatus
  params: Record<string, unknown>
  seed: number
  /** Last reported value of the sweep's metric, and the best one over steps. */
  finalValue: number | null
  bestValue: number | null
  startedAt: number | null
  endedAt: number | null
  exitCode: number | null
  signal: string | null
  backend: string | null
  error: string | null
  workerId: number | null
}

export interface MetricSeries {
  trialId: number
  name: string
  steps: number[]
  values: (number | null)[]
  wallTimes: number[]
  /** Points stored before downsampling. */
  totalPoints: number
}

export interface LogLine {
  trialId: number
  seq: number
  stream: 'stdout' | 'stderr' | 'system'
  time: number
  line: string
}

export interface SpecValidation {
  ok: boolean
  problems: ErrorLocation[]
  /** Number of trials the spec describes (grid size or run_cap), null when unbounded. */
  total: number | null
}

export interface EnvironmentInfo {
  version: string
  node: string
  platform: string
  dbPath: string
  cpuCores: number
  gpus: { index: number; name: string; memoryMiB: number | null }[]
  /** How GPUs were looked for, or why none were found (e.g. `nvidia-smi not found`). */
  gpuDetection: string
  backends: { name: string; available: boolean; detail: string }[]
}

export type ExportBestFormat = 'yaml' | 'json' | 'args'
export type ExportTrialsFormat = 'csv' | 'json'
