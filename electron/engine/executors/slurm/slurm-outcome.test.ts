import { describe, expect, it } from 'vitest'
import { outcomeOfSlurmEnd, outcomeOfStop } from './slurm-outcome.ts'

const end = (state: string, reason: string | null = null, exitCode: string | null = null) => outcomeOfSlurmEnd({ jobId: '9', state, reason, node: 'n1', exitCode }, '9', null)

describe('how a Slurm job that left no outcome ends as a trial', () => {
  it('maps Slurm\'s states to trial statuses, keeping Slurm\'s words in the error', () => {
    expect(end('TIMEOUT', 'TimeLimit')).toMatchObject({ status: 'timeout', error: 'Slurm: TIMEOUT (TimeLimit): job 9 reached its time limit' })
    expect(end('CANCELLED', 'by 1000')).toMatchObject({ status: 'cancelled', error: 'Slurm: CANCELLED (by 1000): job 9 was cancelled outside Sweeplab' })
    // Preemption and node failures are the cluster's doing: crashed, so `retries` runs them again.
    expect(end('PREEMPTED')).toMatchObject({ status: 'crashed', error: 'Slurm: PREEMPTED: job 9 was stopped by the cluster' })
    expect(end('NODE_FAIL')).toMatchObject({ status: 'crashed', error: 'Slurm: NODE_FAIL: job 9 was stopped by the cluster' })
    expect(end('OUT_OF_MEMORY')).toMatchObject({ status: 'failed', error: 'Slurm: OUT_OF_MEMORY: job 9 ran out of memory (raise executor.mem)' })
    expect(end('FAILED', null, '127:0')).toMatchObject({ status: 'crashed', error: 'Slurm: FAILED, exit code 127:0: job 9 ended without reporting how its trial ended' })
  })

  it('adds what else is known (the worker\'s exit, the job\'s own output)', () => {
    expect(outcomeOfSlurmEnd({ jobId: '9', state: 'FAILED', reason: null, node: null, exitCode: null }, '9', 'last lines of slurm-9.out: node: not found').error)
      .toBe('Slurm: FAILED: job 9 ended without reporting how its trial ended; last lines of slurm-9.out: node: not found')
  })

  it('ends a trial the engine stopped as the engine asked', () => {
    expect(outcomeOfStop('pruned', '9_1')).toMatchObject({ status: 'pruned', error: 'pruned: Slurm job 9_1 was cancelled with scancel' })
    expect(outcomeOfStop('timeout', '9_1').status).toBe('timeout')
    expect(outcomeOfStop('shutdown', '9_1').status).toBe('interrupted')
  })
})
