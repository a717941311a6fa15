import { performance } from 'node:perf_hooks'
import type { MetricGoal, TrialStatus } from '../../../shared/status.ts'
import type { TrialJob } from '../workers/protocol.ts'
import type { KeepSpec } from '../../../shared/sweep-spec.ts'
import type { PendingAttempt } from './recover.ts'
import type { AttachedTrial } from '../executors/slurm/slurm-reattach.ts'

/** What the scheduler needs to run one sweep; built by the engine from the validated spec. */
export interface SweepPlan {
  sweepId: number
  metric: { name: string; goal: MetricGoal; target?: number } | null
  total: number | null
  nextIndex: number
  concurrency: number
  retries: number
  timeoutMs: number | null
  cpu: number
  gpu: number
  /** The built-in trainer (undefined for a command trial) and the sweep's `backend` key: they decide a trial's lane (trial-lane.ts). */
  trainer?: string
  backend?: string
  /** `keep:` (checkpoint retention) and `disk.min_free` (held launches below it; undefined: the default). */
  keep?: KeepSpec
  minFree?: number | string
  sample(index: number): { params: Record<string, unknown>; seed: number }
  /** `repeats: n` (> 1): index i is repeat i mod n of config ⌊i / n⌋, recorded on the trial row. */
  repeats?: number
  /** Builds the job for an attempt (argv or trainer, cwd, env) once its trial row and slots exist. */
  makeJob(t: { trialId: number; params: Record<string, unknown>; seed: number; trialDir: string; gpuIds: number[] }): Omit<TrialJob, 'trialDir'>
  pending: PendingAttempt[]
  /** The config version fresh attempts are sampled from; their trial rows record it. */
  version: number
  /** `max_duration` in ms: past this much running time no fresh attempt starts (null: no budget). */
  maxDurationMs: number | null
  /** Running time of the sweep's earlier runs (sweeps.run_ms). */
  runMs: number
  /** Only the queued attempts run (reruns of a sweep that had ended), no fresh samples. */
  rerunsOnly?: boolean
  /** `slurm`: trials are Slurm jobs (executors/slurm); absent: this machine's worker pool. */
  executor?: 'slurm'
  /** Slurm trials an earlier engine submitted that are still queued or running: re-attached, not resubmitted. */
  attach?: AttachedTrial[]
}

export type SweepEnd = 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'paused'

/** One running sweep's state and the policy that decides what it does next; the scheduler owns the processes. */
export interface SweepRunner<A> {
  plan: SweepPlan
  active: Map<number, A>
  /** Why no new trial starts: cancelled or shut down, the metric target reached, nothing works, or the disk is full. */
  stopping: 'cancelled' | 'shutdown' | 'target' | 'failing' | 'disk-full' | 'search' | null
  /** What the sweep's end records for a stop that is not the user's doing (`disk-full`, `search`: the sampler could not give a point). */
  stopError: string | null
  starting: number
  /** Trials that ended failed or crashed for good since the last completed one. */
  failStreak: number
  completed: number
  lastError: string | null
  /** The failure streak when the sweep gave up (trials still running then may fail too). */
  gaveUpAfter: number
  /** The next fresh attempt, sampled early to learn its lane while it waits for its resources. */
  peeked: PendingAttempt | null
  /** Paused by a user: nothing starts until resumed; running trials finish. */
  paused: boolean
  /** Running time of earlier runs and pauses-apart stints (ms), and when the current stint began (monotonic; null while paused). */
  runMs: number
  stintStart: number | null
}

/** A sweep stops when this many trials failed in a row and none completed yet. */
const FAIL_FAST_AFTER = 10
/** A sweep without an end (random, no run_cap) stops after this many failures in a row. */
const FAIL_FAST_UNBOUNDED_AFTER = 25

export function createSweepRunner<A>(plan: SweepPlan): SweepRunner<A> {
  return {
    plan, active: new Map(), stopping: null, stopError: null, starting: 0, failStreak: 0, completed: 0, lastError: null, gaveUpAfter: 0, peeked: null,
    paused: false, runMs: plan.runMs, stintStart: performance.now(),
  }
}

/**
 * No fresh attempt starts any more: every index has been sampled (never for an unbounded random
 * sweep), the time budget is spent, or the run is for reruns only. Queued attempts (retries,
 * reruns) still run.
 */
export function isExhausted(r: SweepRunner<unknown>): boolean {
  if (r.plan.rerunsOnly || budgetSpent(r)) return true
  return r.plan.total !== null && r.plan.nextIndex >= r.plan.total
}

/** The sweep's running time so far: earlier runs plus the current stint (paused time excluded). */
export function elapsedMs(r: SweepRunner<unknown>, now = performance.now()): number {
  return r.runMs + (r.stintStart === null ? 0 : now - r.stintStart)
}

export function budgetSpent(r: SweepRunner<unknown>): boolean {
  return r.plan.maxDurationMs !== null && elapsedMs(r) >= r.plan.maxDurationMs
}

/** Pauses or resumes launching; the paused time does not count towards max_duration. */
export function setRunnerPaused(r: SweepRunner<unknown>, paused: boolean, now = performance.now()): void {
  if (paused === r.paused) return
  if (paused) {
    r.runMs = elapsedMs(r, now)
    r.stintStart = null
  } else {
    r.stintStart = now
  }
  r.paused = paused
}

export type OutcomeDecision = { kind: 'retry'; next: PendingAttempt } | { kind: 'give-up' } | { kind: 'target' } | null

/**
 * Books one attempt's end and says what follows: a retry (failed/crashed with attempts left), giving
 * up (nothing works: every trial so far failed, or an unbounded sweep keeps failing — without this a
 * random sweep with no run_cap would fail forever), or stopping at W&B's metric.target (running
 * trials finish, no new ones start).
 */
export function recordOutcome(
  r: SweepRunner<unknown>,
  attempt: PendingAttempt,
  outcome: { status: TrialStatus; error: string | null },
  finalValue: () => number | null | undefined,
): OutcomeDecision {
  const failed = outcome.status === 'failed' || outcome.status === 'crashed'
  if (failed && attempt.attempt <= r.plan.retries && !r.stopping) {
    const next = { ...attempt, attempt: attempt.attempt + 1 }
    r.plan.pending.push(next)
    return { kind: 'retry', next }
  }
  if (failed) {
    r.failStreak++
    r.lastError = outcome.error
    const giveUp = r.completed === 0 ? r.failStreak >= FAIL_FAST_AFTER : r.plan.total === null && r.failStreak >= FAIL_FAST_UNBOUNDED_AFTER
    if (r.stopping || !giveUp) return null
    r.gaveUpAfter = r.failStreak
    stopLaunching(r, 'failing')
    return { kind: 'give-up' }
  }
  // Stopped on purpose: the trial ran, so it ends a failure streak, but it is not a finished one.
  if (outcome.status === 'pruned') r.failStreak = 0
  if (outcome.status !== 'completed') return null
  r.completed++
  r.failStreak = 0
  const m = r.plan.metric
  if (r.stopping || !m || m.target === undefined) return null
  const v = finalValue()
  if (v === null || v === undefined) return null
  if (m.goal === 'minimize' ? v > m.target : v < m.target) return null
  stopLaunching(r, 'target')
  return { kind: 'target' }
}

export function stopLaunching(r: SweepRunner<unknown>, why: NonNullable<SweepRunner<unknown>['stopping']>): void {
  r.stopping = why
  r.plan.pending.length = 0
  r.peeked = null
}

/**
 * The attempt that starts next, without taking it: the first queued retry, else the next index
 * (sampled once and kept, so `takeAttempt` returns the same one), else null when exhausted.
 */
export function peekAttempt(r: SweepRunner<unknown>): { job: PendingAttempt; fresh: boolean } | null {
  const queued = r.plan.pending[0]
  if (queued) return { job: queued, fresh: false }
  if (isExhausted(r)) return null
  if (r.peeked?.index !== r.plan.nextIndex) {
    const s = r.plan.sample(r.plan.nextIndex)
    r.peeked = { index: r.plan.nextIndex, attempt: 1, params: s.params, seed: s.seed }
  }
  return { job: r.peeked, fresh: true }
}

/** Takes what `peekAttempt` shows; `putBack` undoes it when its trial row could not be written. */
export function takeAttempt(r: SweepRunner<unknown>): { job: PendingAttempt; fresh: boolean; putBack(): void } | null {
  const next = peekAttempt(r)
  if (!next) return null
  if (next.fresh) r.peeked = null
  else r.plan.pending.shift()
  return {
    ...next,
    putBack: () => {
      if (next.fresh) r.peeked = next.job
      else r.plan.pending.unshift(next.job)
    },
  }
}

function firstLine(s: string | null): string {
  return (s ?? 'unknown').split('\n')[0]!.slice(0, 300)
}

/** How a sweep with nothing left to run ends, and why (counts: its trials per status). */
export function sweepEndOf(r: SweepRunner<unknown>, closed: boolean, counts: Partial<Record<TrialStatus, number>>): { end: SweepEnd; error: string | null } {
  if (r.stopping === 'cancelled') return { end: 'cancelled', error: null }
  // Before `closed`: a disk-full stop says why even when the engine shuts down right after it.
  if (r.stopping === 'disk-full') return { end: 'interrupted', error: r.stopError }
  // A paused sweep stays paused across an engine restart: resume continues it.
  if (r.paused && (r.stopping === 'shutdown' || closed)) return { end: 'paused', error: null }
  if (r.stopping === 'search') return { end: 'failed', error: r.stopError }
  if (r.stopping === 'shutdown' || closed) return { end: 'interrupted', error: null }
  if (r.stopping === 'failing') {
    const none = r.completed === 0 ? ' and none completed' : ''
    return { end: 'failed', error: `stopped after ${r.gaveUpAfter} trials in a row failed${none}; last error: ${firstLine(r.lastError)}` }
  }
  if ((counts.completed ?? 0) + (counts.pruned ?? 0) > 0) return { end: 'completed', error: null }
  const parts = Object.entries(counts).map(([k, v]) => `${v} ${k}`)
  return { end: 'failed', error: `no trial completed (${parts.join(', ') || 'no trials'})` }
}
