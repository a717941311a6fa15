import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import type { ErrorLocation } from '../../../shared/errors.ts'
import { parseSweepSpec } from './parse-sweep-spec.ts'

const lines = (...l: string[]): string => `${l.join('\n')}\n`
const head = ['program: train.py', 'method: grid', 'parameters:', '  lr: {values: [0.1, 0.01]}']

function problemsOf(text: string): ReadonlyArray<ErrorLocation> {
  try {
    parseSweepSpec(text, 'sweep.yaml')
  } catch (e) {
    if (isSweeplabError(e)) return e.details?.problems ?? []
    throw e
  }
  throw new Error('expected parseSweepSpec to throw')
}

describe('stdout_metrics in a sweep file', () => {
  it('normalizes the list and the mapping form to one list, stream stdout by default', () => {
    const list = parseSweepSpec(lines(...head, 'stdout_metrics:', "  - {name: loss, pattern: 'loss=(\\S+)'}", "  - {pattern: 'acc=(?<acc>\\S+)', stream: both}"))
    expect(list.stdout_metrics).toEqual([
      { name: 'loss', pattern: 'loss=(\\S+)', stream: 'stdout' },
      { pattern: 'acc=(?<acc>\\S+)', stream: 'both' },
    ])
    const map = parseSweepSpec(lines(...head, 'stdout_metrics:', "  val_loss: 'val_loss: ([-0-9.e]+)'"))
    expect(map.stdout_metrics).toEqual([{ name: 'val_loss', pattern: 'val_loss: ([-0-9.e]+)', stream: 'stdout' }])
  })

  it('points at each bad pattern with its line and column and says what is wrong', () => {
    const problems = problemsOf(lines(
      ...head,
      'stdout_metrics:',
      "  - {name: loss, pattern: 'loss=(\\S+'}",
      "  - {name: acc, pattern: 'acc=\\S+'}",
      "  - {pattern: '(\\d*)', name: x}",
      "  - {pattern: '(a+)\\1=(?<value>\\d)', name: y}",
    ))
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [6, 'stdout_metrics.0.pattern'],
      [7, 'stdout_metrics.1.pattern'],
      [8, 'stdout_metrics.2.pattern'],
      [9, 'stdout_metrics.3.pattern'],
    ])
    expect(problems[0]!.message).toBe('the pattern is not a valid regular expression: /loss=(\\S+/: Unterminated group')
    expect(problems[1]!.message).toMatch(/no capture group for the value of acc/)
    expect(problems[2]!.message).toMatch(/matches an empty line/)
    expect(problems[3]!.message).toMatch(/backreference/)
    expect(problems[0]!.column).toBeGreaterThan(1)
  })

  it('checks the mapping form too, at the entry', () => {
    const problems = problemsOf(lines(...head, 'stdout_metrics:', "  loss: 'loss=(a)(b)'"))
    expect(problems).toEqual([expect.objectContaining({ line: 6, path: 'stdout_metrics.loss', message: expect.stringMatching(/2 capture groups/) })])
  })

  it('refuses unknown keys and streams, and patterns on a built-in trainer', () => {
    expect(problemsOf(lines(...head, 'stdout_metrics:', "  - {name: a, pattern: 'a=(\\d)', stream: stdin}"))[0]!.message).toMatch(/expected one of stdout, stderr, both/)
    const trainer = problemsOf(lines('trainer: noop', 'method: grid', 'parameters:', '  lr: {values: [1]}', 'stdout_metrics:', "  a: 'a=(\\d)'"))
    expect(trainer[0]).toMatchObject({ line: 5, path: 'stdout_metrics' })
    expect(trainer[0]!.message).toMatch(/built-in trainer reports its metrics itself/)
  })
})
