import { describe, expect, it } from 'vitest'
import type { SweepSummary, TrialSummary } from '../../shared/api/types.ts'
import { createProgress, renderBarLine, type ProgressMode } from './live-progress.ts'
import { SweepTracker } from './sweep-tracker.ts'
import { captureStream } from './testing/capture.ts'

const sweep: SweepSummary = {
  id: 1, name: 's', method: 'grid', status: 'running', metricName: 'loss', metricGoal: 'minimize', total: 4, counts: {}, done: 0,
  bestValue: null, bestTrialId: null, createdAt: 0, startedAt: 0, endedAt: null, error: null,
  waiting: null, timing: { finished: 0, meanMs: null, sdMs: null, runningSince: [], concurrency: 2 },
}
const failed: TrialSummary = {
  id: 3, sweepId: 1, index: 2, attempt: 1, status: 'failed', params: {}, seed: 1, finalValue: null, bestValue: null,
  startedAt: 0, endedAt: 1000, exitCode: 1, signal: null, backend: null, backendNote: null, error: null, workerId: 1, prunedAtStep: null,
  failureReason: 'nonzero_exit', failureNote: 'exit code 1',
  configVersion: 1, rerunOf: null,
}

describe('createProgress once stdout lost its reader (EPIPE)', () => {
  it.each<ProgressMode>(['lines', 'bar'])('%s: writes no trial lines and sends notes to stderr', (mode) => {
    const out = Object.assign(captureStream(), { closed: false })
    const err = captureStream()
    const progress = createProgress(mode, { out, err, tracker: new SweepTracker(sweep), useColor: false, now: () => 0 })
    out.closed = true
    const before = out.text
    progress.trialEnded(failed)
    progress.note('killing running trials now')
    // The bar's own cursor resets may still be written (the guard drops them); never a trial or a note.
    expect(out.text.slice(before.length)).not.toMatch(/trial 3|killing/)
    if (mode === 'lines') expect(out.text).toBe(before)
    expect(err.text).toBe('killing running trials now\n')
    progress.stop()
  })
})

describe('renderBarLine', () => {
  const NOW = 10_000_000
  it('projects the finish from the trial durations so far, with its 90% band', () => {
    const tracker = new SweepTracker({ ...sweep, total: 10, done: 4, timing: { finished: 4, meanMs: 60_000, sdMs: 0, runningSince: [], concurrency: 2 } })
    expect(renderBarLine(tracker, 0, 4, NOW)).toBe('[██████████░░░░░░░░░░░░░░] 4/10 trials | 0 running | ETA ~3m (3m–3m)')
  })

  it('says when a low disk holds the sweep back instead of a finish time', () => {
    const tracker = new SweepTracker({ ...sweep, total: 10, done: 4, waiting: 'paused: 800 MB free on /w, needs 2.0 GB (disk.min_free)' })
    expect(renderBarLine(tracker, 0, 4, NOW)).toBe('[██████████░░░░░░░░░░░░░░] 4/10 trials | 0 running | paused: low disk')
  })

  it('falls back to the rate seen in this session before any trial timing is known', () => {
    const tracker = new SweepTracker({ ...sweep, total: 10, done: 5 })
    expect(renderBarLine(tracker, 50_000, 0, NOW)).toBe('[████████████░░░░░░░░░░░░] 5/10 trials | 0 running | ETA ~50.0s')
  })
})
