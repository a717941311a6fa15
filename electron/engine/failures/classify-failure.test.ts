import { describe, expect, it } from 'vitest'
import { classifyFailure } from './classify-failure.ts'
import type { FailureInput } from './classify-failure.ts'

const failed = (over: Partial<FailureInput>): FailureInput => ({ status: 'failed', exitCode: 1, signal: null, error: null, ...over })
const withOutput = (code: number, ...lines: string[]) => `exit code ${code}; last output:\n${lines.join('\n')}`

describe('classifying why a trial did not complete', () => {
  it('gives a completed or unfinished trial no reason', () => {
    for (const status of ['completed', 'queued', 'running'] as const) expect(classifyFailure({ status, exitCode: 0, signal: null, error: null })).toBeNull()
  })

  it.each([
    ['diverged', { status: 'diverged', exitCode: null, error: 'non-finite metric: loss=NaN at step 4' }, 'nan_metric', 'non-finite metric loss=NaN at step 4'],
    ['timeout', { status: 'timeout', exitCode: null, signal: 'SIGTERM', error: 'killed after exceeding its timeout' }, 'timeout', 'killed after exceeding its timeout'],
    ['pruned', { status: 'pruned', exitCode: null, signal: 'SIGTERM', prunedAtStep: 3 }, 'pruned', 'stopped by early termination at step 3'],
    ['cancelled', { status: 'cancelled', exitCode: null, signal: 'SIGKILL' }, 'cancelled', 'cancelled'],
    ['interrupted', { status: 'interrupted', exitCode: null, error: 'stopped by engine shutdown' }, 'interrupted', 'stopped by engine shutdown'],
    ['exit 3', { exitCode: 3, error: withOutput(3, 'Traceback (most recent call last):', 'ValueError: bad lr') }, 'nonzero_exit', 'exit code 3; last output: ValueError: bad lr'],
    ['a signal', { exitCode: null, signal: 'SIGSEGV' }, 'signal', 'killed by signal SIGSEGV'],
    ['a dead worker', { status: 'crashed', exitCode: 1, error: 'worker 2 (trial 9) exited with exit code 1; 40 metric points were saved' }, 'worker_crash', 'worker 2 (trial 9) exited with exit code 1; 40 metric points were saved'],
    ['a trainer exception', { exitCode: null, error: 'Error: labels must be integers\n    at fit (x.ts:1)' }, 'trainer_error', 'Error: labels must be integers'],
    ['a program that could not start', { exitCode: null, error: 'could not start "nope": spawn nope ENOENT', hint: 'start_failed' }, 'start_failed', 'could not start "nope": spawn nope ENOENT'],
  ] as const)('%s', (_what, over, reason, note) => {
    expect(classifyFailure(failed(over))).toEqual({ reason, note })
  })

  it.each([
    ['exit code 137', failed({ exitCode: 137 }), /exit code 137 \(killed by SIGKILL, usually the kernel's out-of-memory killer\)/],
    ['SIGKILL not sent by Sweeplab', failed({ exitCode: null, signal: 'SIGKILL' }), /killed by SIGKILL, which Sweeplab did not send/],
    ['a worker killed by the OOM killer', { status: 'crashed', exitCode: null, signal: 'SIGKILL', error: 'worker 1 exited' } as FailureInput, /SIGKILL/],
    ['spawn ENOMEM', failed({ exitCode: null, error: 'could not start "python3": spawn ENOMEM', hint: 'start_failed' }), /the OS: could not start/],
    ['PyTorch CUDA', failed({ error: withOutput(1, 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB') }), /PyTorch: torch.cuda.OutOfMemoryError/],
    ['TensorFlow', failed({ error: withOutput(1, 'tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM when allocating tensor with shape[1024]') }), /TensorFlow: /],
    ['TF.js', failed({ exitCode: null, error: 'Error: OOM: failed to allocate 512 MB for the texture' }), /TF.js: Error: OOM/],
    ['C++', failed({ exitCode: 134, signal: null, error: withOutput(134, "terminate called after throwing an instance of 'std::bad_alloc'") }), /C\+\+: /],
    ['Python', failed({ error: withOutput(1, 'MemoryError') }), /Python: MemoryError/],
    ['Node', failed({ exitCode: 134, error: withOutput(134, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory') }), /Node: FATAL ERROR/],
    ['the OS', failed({ error: withOutput(1, 'OSError: [Errno 12] Cannot allocate memory') }), /the OS: OSError/],
  ])('out of memory: %s', (_what, input, note) => {
    const f = classifyFailure(input)
    expect(f?.reason).toBe('oom')
    expect(f?.note).toMatch(/^out of memory: /)
    expect(f?.note).toMatch(note)
  })

  it('does not read memory words inside other words, or in a stop Sweeplab made', () => {
    expect(classifyFailure(failed({ error: withOutput(2, 'no room left in the zoom buffer') }))?.reason).toBe('nonzero_exit')
    expect(classifyFailure(failed({ status: 'timeout', exitCode: null, signal: 'SIGKILL', error: 'killed after exceeding its timeout' }))?.reason).toBe('timeout')
    expect(classifyFailure(failed({ status: 'cancelled', exitCode: 137 }))?.reason).toBe('cancelled')
  })

  it('keeps the note to one short line', () => {
    const f = classifyFailure(failed({ exitCode: 2, error: withOutput(2, 'x'.repeat(1000)) }))!
    expect(f.note).not.toContain('\n')
    expect(f.note.length).toBeLessThanOrEqual(241)
  })
})
