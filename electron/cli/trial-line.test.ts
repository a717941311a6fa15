import { describe, expect, it } from 'vitest'
import { makeTrial } from '../engine/export/trial-fixture.ts'
import { formatTrialEnd } from './trial-line.ts'

const T = 1_000_000

describe('formatTrialEnd', () => {
  it('gives the metric and the run time of a completed trial', () => {
    expect(formatTrialEnd(makeTrial({ id: 12, finalValue: 0.03124, startedAt: T, endedAt: T + 3210 }), 'val_loss'))
      .toBe('trial 12 completed val_loss=0.03124 (3.2s)')
  })
  it('gives the exit code of a failed trial', () => {
    expect(formatTrialEnd(makeTrial({ id: 13, status: 'failed', exitCode: 1, startedAt: T, endedAt: T + 10 }), 'val_loss'))
      .toBe('trial 13 failed: exit code 1')
  })
  it("uses the engine's message when it already names the signal", () => {
    const t = makeTrial({ id: 2, status: 'crashed', signal: 'SIGKILL', error: 'worker 3 (trial 2) exited with signal SIGKILL after step 420\nmore' })
    expect(formatTrialEnd(t, 'loss')).toBe('trial 2 crashed: worker 3 (trial 2) exited with signal SIGKILL after step 420')
  })
  it('joins the exit code and a message that does not mention it', () => {
    const t = makeTrial({ id: 4, status: 'failed', exitCode: 2, error: '\nTraceback (most recent call last):' })
    expect(formatTrialEnd(t, 'loss')).toBe('trial 4 failed: exit code 2: Traceback (most recent call last):')
  })
  it('says why a trial failed with its classified explanation when it has one', () => {
    const t = makeTrial({ id: 6, status: 'failed', exitCode: 137, failureReason: 'oom', failureNote: "out of memory: exit code 137 (killed by SIGKILL, usually the kernel's out-of-memory killer)" })
    expect(formatTrialEnd(t, 'loss')).toBe("trial 6 failed: out of memory: exit code 137 (killed by SIGKILL, usually the kernel's out-of-memory killer)")
    const nan = makeTrial({ id: 7, status: 'diverged', failureReason: 'nan_metric', failureNote: 'non-finite metric loss=NaN at step 3' })
    expect(formatTrialEnd(nan, 'loss')).toBe('trial 7 diverged: non-finite metric loss=NaN at step 3')
    const timeout = makeTrial({ id: 8, status: 'timeout', startedAt: T, endedAt: T + 1000, failureReason: 'timeout', failureNote: 'killed after exceeding its timeout' })
    expect(formatTrialEnd(timeout, 'loss')).toBe('trial 8 timeout (1.0s)')
  })
  it('shows the run time of a timed-out trial without a reason', () => {
    expect(formatTrialEnd(makeTrial({ id: 5, status: 'timeout', startedAt: T, endedAt: T + 60_000 }), 'loss')).toBe('trial 5 timeout (1m 00s)')
  })
})

it('ends a completed trial line with its note, e.g. skipped malformed metric lines', () => {
  const t = makeTrial({ id: 4, status: 'completed', finalValue: 0.25, startedAt: 0, endedAt: 1500, error: 'ignored 3 malformed metric lines (first from stdout: "oops")' })
  expect(formatTrialEnd(t, 'loss')).toMatch(/^trial 4 completed loss=0\.25 \(1\.5s\); ignored 3 malformed metric lines/)
})
