import { describe, expect, it } from 'vitest'
import { SweeplabError } from '../../shared/errors.ts'
import { exitCodeForError, exitCodeForSweep, formatCliError } from './cli-errors.ts'

describe('exit codes', () => {
  it('maps bad usage and bad input to 2, everything else to 1', () => {
    const codes = ['spec/invalid', 'spec/parse', 'usage', 'io/read-failed', 'dataset/missing', 'sweep/not-found', 'trial/not-found', 'sweep/not-resumable', 'worker/crashed', 'internal'] as const
    expect(codes.map((c) => exitCodeForError(new SweeplabError(c, 'x')))).toEqual([2, 2, 2, 2, 2, 2, 2, 1, 1, 1])
    expect(exitCodeForError(new Error('boom'))).toBe(1)
  })
  it('treats an unknown artifact id as bad input and a refusal to delete a running sweep as a failure', () => {
    expect(exitCodeForError(new SweeplabError('artifact/not-found', 'x'))).toBe(2)
    expect(exitCodeForError(new SweeplabError('sweep/running', 'x'))).toBe(1)
  })
  it('treats a write to a read-only workspace and a bad warm-start reference as usage', () => {
    expect(exitCodeForError(new SweeplabError('workspace/read-only', 'x'))).toBe(2)
    expect(exitCodeForError(new SweeplabError('spec/warm-start', 'x'))).toBe(2)
  })
  it('is 0 only for a completed sweep', () => {
    expect((['completed', 'failed', 'cancelled', 'interrupted', 'running'] as const).map(exitCodeForSweep)).toEqual([0, 1, 1, 1, 1])
  })
})

describe('formatCliError', () => {
  it('prints a SweeplabError message without a stack', () => {
    expect(formatCliError(new SweeplabError('sweep/not-found', 'no sweep 9'), false)).toBe('error: no sweep 9')
  })
  it('adds located problems the message does not already list', () => {
    const e = new SweeplabError('spec/invalid', 'sweep.yaml has 2 problems:\n  sweep.yaml:3:5 parameters.lr.min: expected number', {
      details: { problems: [
        { file: 'sweep.yaml', line: 3, column: 5, path: 'parameters.lr.min', message: 'expected number' },
        { file: 'sweep.yaml', line: 7, path: 'metric.goal', message: 'expected minimize or maximize' },
      ] },
    })
    expect(formatCliError(e, false)).toBe(
      'error: sweep.yaml has 2 problems:\n  sweep.yaml:3:5 parameters.lr.min: expected number\n  sweep.yaml:7 metric.goal: expected minimize or maximize',
    )
  })
  it('points unexpected errors at --verbose, and shows their stack with it', () => {
    const e = new Error('disk on fire')
    expect(formatCliError(e, false)).toBe('error: disk on fire (run with --verbose for the stack)')
    expect(formatCliError(e, true)).toMatch(/^error: Error: disk on fire\n\s+at /)
  })
})
