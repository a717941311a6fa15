import { describe, expect, it } from 'vitest'
import { findLogMatches, splitLine, stepMatch } from './log-search.ts'

describe('findLogMatches', () => {
  it('finds every occurrence, case-insensitively, in reading order', () => {
    const lines = ['Epoch 1 loss=0.9', 'epoch 2 LOSS=0.5 loss', 'done']
    expect(findLogMatches(lines, 'loss')).toEqual([
      { line: 0, start: 8, end: 12 },
      { line: 1, start: 8, end: 12 },
      { line: 1, start: 17, end: 21 },
    ])
  })

  it('treats the query as plain text, not a pattern', () => {
    expect(findLogMatches(['a.b axb [x]'], '.')).toEqual([{ line: 0, start: 1, end: 2 }])
    expect(findLogMatches(['a.b axb [x]'], '[x]')).toEqual([{ line: 0, start: 8, end: 11 }])
  })

  it('does not overlap matches and finds nothing for an empty query', () => {
    expect(findLogMatches(['aaaa'], 'aa')).toHaveLength(2)
    expect(findLogMatches(['anything'], '')).toEqual([])
  })

  it('stops counting at the limit', () => {
    expect(findLogMatches(Array(50).fill('x x x'), 'x', 7)).toHaveLength(7)
  })

  it('keeps offsets right when lowercasing changes a line\'s length', () => {
    const line = 'İstanbul error'
    const [m] = findLogMatches([line], 'error')
    expect(line.slice(m!.start, m!.end)).toBe('error')
  })
})

describe('splitLine', () => {
  it('cuts a line into plain and highlighted pieces carrying the global match index', () => {
    const matches = findLogMatches(['x loss y loss'], 'loss').map((m, i) => ({ ...m, index: i + 10 }))
    expect(splitLine('x loss y loss', matches)).toEqual([
      { text: 'x ', match: null },
      { text: 'loss', match: 10 },
      { text: ' y ', match: null },
      { text: 'loss', match: 11 },
    ])
    expect(splitLine('plain', [])).toEqual([{ text: 'plain', match: null }])
  })
})

describe('stepMatch', () => {
  it('moves forward and back with wrap-around, and starts at either end', () => {
    expect(stepMatch(0, 3, false)).toBe(1)
    expect(stepMatch(2, 3, false)).toBe(0)
    expect(stepMatch(0, 3, true)).toBe(2)
    expect(stepMatch(-1, 3, false)).toBe(0)
    expect(stepMatch(-1, 3, true)).toBe(2)
    expect(stepMatch(0, 0, false)).toBe(-1)
  })
})
