import { describe, expect, it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { createSweepRunner, peekAttempt, recordOutcome, stopLaunching, sweepEndOf, takeAttempt, type SweepPlan } from './sweep-runner.ts'

function plan(over: Partial<SweepPlan> = {}): SweepPlan {
  return {
    sweepId: 1, metric: null, total: 100, nextIndex: 0, concurrency: 2, retries: 0, timeoutMs: null, cpu: 1, gpu: 0,
    sample: () => ({ params: {}, seed: 1 }), makeJob: () => ({ trialId: 1, sweepId: 1, params: {}, seed: 1, cwd: '/', env: {} }),
    pending: [], version: 1, maxDurationMs: null, runMs: 0, ...over,
  }
}
const attempt = (index: number, n = 1) => ({ index, attempt: n, params: { x: index }, seed: index })
const failed = { status: 'failed' as const, error: 'exit code 3\nmore' }
const completed = { status: 'completed' as const, error: null }

describe('sweep runner policy', () => {
  it('retries a failed attempt while attempts are left, with the same params and seed', () => {
    const r = createSweepRunner(plan({ retries: 1 }))
    expect(recordOutcome(r, attempt(4), failed, () => null)).toEqual({ kind: 'retry', next: { index: 4, attempt: 2, params: { x: 4 }, seed: 4 } })
    expect(r.plan.pending).toHaveLength(1)
    expect(recordOutcome(r, attempt(4, 2), failed, () => null)).toBeNull()
    expect(r.failStreak).toBe(1)
  })

  it('gives up after ten failures in a row when nothing completed, and says why', () => {
    const r = createSweepRunner(plan())
    for (let i = 0; i < 9; i++) expect(recordOutcome(r, attempt(i), failed, () => null)).toBeNull()
    expect(recordOutcome(r, attempt(9), failed, () => null)).toEqual({ kind: 'give-up' })
    expect(sweepEndOf(r, false, { failed: 10 })).toEqual({ end: 'failed', error: 'stopped after 10 trials in a row failed and none completed; last error: exit code 3' })
  })

  it('keeps a bounded sweep going once something worked, but not an unbounded one', () => {
    const bounded = createSweepRunner(plan())
    const unbounded = createSweepRunner(plan({ total: null }))
    for (const r of [bounded, unbounded]) {
      recordOutcome(r, attempt(0), completed, () => 1)
      for (let i = 1; i <= 25; i++) recordOutcome(r, attempt(i), failed, () => null)
    }
    expect(bounded.stopping).toBeNull()
    expect(unbounded.stopping).toBe('failing')
  })

  it('stops launching when a completed trial reaches metric.target in the goal direction', () => {
    const min = createSweepRunner(plan({ metric: { name: 'loss', goal: 'minimize', target: 0.1 } }))
    expect(recordOutcome(min, attempt(0), completed, () => 0.2)).toBeNull()
    expect(recordOutcome(min, attempt(1), completed, () => 0.1)).toEqual({ kind: 'target' })
    expect(sweepEndOf(min, false, { completed: 2 }).end).toBe('completed')
    const max = createSweepRunner(plan({ metric: { name: 'acc', goal: 'maximize', target: 0.9 } }))
    expect(recordOutcome(max, attempt(0), completed, () => 0.89)).toBeNull()
    expect(recordOutcome(max, attempt(1), completed, () => 0.95)).toEqual({ kind: 'target' })
  })

  it('ends cancelled, interrupted, or failed with the counts when no trial completed', () => {
    const r = createSweepRunner(plan())
    expect(sweepEndOf(r, true, {})).toEqual({ end: 'interrupted', error: null })
    expect(sweepEndOf(r, false, { diverged: 2, failed: 1 })).toEqual({ end: 'failed', error: 'no trial completed (2 diverged, 1 failed)' })
    r.stopping = 'cancelled'
    expect(sweepEndOf(r, true, {}).end).toBe('cancelled')
  })

  it('counts a pruned trial as one that ran: it ends a failure streak, and a sweep of pruned and completed trials completes', () => {
    const r = createSweepRunner(plan())
    for (let i = 0; i < 3; i++) recordOutcome(r, attempt(i), failed, () => null)
    expect(recordOutcome(r, attempt(3), { status: 'pruned', error: null }, () => null)).toBeNull()
    expect(r.failStreak).toBe(0)
    expect(r.completed).toBe(0)
    expect(sweepEndOf(r, false, { pruned: 2, failed: 3 })).toEqual({ end: 'completed', error: null })
  })

  it('ends a sweep stopped by a full disk as interrupted with that message, even when the engine closes right after', () => {
    const r = createSweepRunner(plan())
    stopLaunching(r, 'disk-full')
    r.stopError = 'disk full: cannot write to /w.db (database or disk is full); free space'
    expect(r.plan.pending).toEqual([])
    expect(sweepEndOf(r, true, { completed: 3, interrupted: 2 })).toEqual({ end: 'interrupted', error: 'disk full: cannot write to /w.db (database or disk is full); free space' })
  })
})

describe('sweep runner steering', () => {
  it('stops sampling once max_duration of running time is spent; paused time does not count', async () => {
    const { budgetSpent, elapsedMs, isExhausted, setRunnerPaused } = await import('./sweep-runner.ts')
    const r = createSweepRunner(plan({ maxDurationMs: 1_000, runMs: 400 }))
    r.stintStart = 0
    expect(elapsedMs(r, 500)).toBe(900)
    setRunnerPaused(r, true, 500)
    expect(r.runMs).toBe(900)
    expect(elapsedMs(r, 50_000)).toBe(900)
    setRunnerPaused(r, false, 50_000)
    expect(elapsedMs(r, 50_050)).toBe(950)
    r.stintStart = performance.now() - 200
    expect(budgetSpent(r)).toBe(true)
    expect(isExhausted(r)).toBe(true)
  })

  it('samples nothing fresh in a reruns-only run', () => {
    const r = createSweepRunner(plan({ rerunsOnly: true, pending: [attempt(-1)] }))
    expect(peekAttempt(r)?.job.index).toBe(-1)
    takeAttempt(r)
    expect(peekAttempt(r)).toBeNull()
  })

  it('ends paused, not interrupted, when the engine stops a paused sweep', () => {
    const r = createSweepRunner(plan())
    r.paused = true
    expect(sweepEndOf(r, true, {})).toEqual({ end: 'paused', error: null })
    r.stopping = 'cancelled'
    expect(sweepEndOf(r, true, {})).toEqual({ end: 'cancelled', error: null })
  })
})
