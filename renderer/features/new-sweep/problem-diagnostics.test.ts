import { describe, expect, it } from 'vitest'
import { Text } from '@codemirror/state'
import { minimalChange, positionOf, toDiagnostics } from './problem-diagnostics.ts'

const doc = Text.of(['method: grid', 'parameters:', '  lr: {min: 0.5, max: 0.1}   ', '', 'timeout: 10 minutes'])

describe('toDiagnostics', () => {
  it('marks from the reported column to the end of the line, trailing spaces left out', () => {
    const [d] = toDiagnostics(doc, [{ line: 3, column: 23, path: 'parameters.lr.max', message: 'expected max greater than min (0.5), got 0.1' }])
    expect(doc.sliceString(d!.from, d!.to)).toBe('0.1}')
    expect(d!.message).toBe('parameters.lr.max: expected max greater than min (0.5), got 0.1')
    expect(d!.severity).toBe('error')
  })

  it('marks the whole line when the column is past its text (a mapping that lacks a key)', () => {
    const [d] = toDiagnostics(doc, [{ line: 2, column: 12, message: 'at least one parameter' }])
    expect(doc.sliceString(d!.from, d!.to)).toBe('parameters:')
  })

  it('clamps a line past the end and skips problems without a line', () => {
    const out = toDiagnostics(doc, [{ line: 99, message: 'late' }, { message: 'nowhere' }])
    expect(out).toHaveLength(1)
    expect(doc.sliceString(out[0]!.from, out[0]!.to)).toBe('timeout: 10 minutes')
  })
})

describe('positionOf', () => {
  it('turns a 1-based line and column into an offset, clamped to the line', () => {
    expect(positionOf(doc, 1, 9)).toBe(8)
    expect(positionOf(doc, 2)).toBe(doc.line(2).from)
    expect(positionOf(doc, 5, 500)).toBe(doc.length)
  })
})

describe('minimalChange', () => {
  it('replaces only the span that differs', () => {
    expect(minimalChange('name: a\nmethod: grid\n', 'name: abc\nmethod: grid\n')).toEqual({ from: 7, to: 7, insert: 'bc' })
    expect(minimalChange('abc', 'abc')).toEqual({ from: 3, to: 3, insert: '' })
    expect(minimalChange('aXa', 'aa')).toEqual({ from: 1, to: 2, insert: '' })
    expect(minimalChange('', 'new')).toEqual({ from: 0, to: 0, insert: 'new' })
  })
})
