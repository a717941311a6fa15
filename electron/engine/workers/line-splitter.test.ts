import { describe, expect, it } from 'vitest'
import { createLineSplitter } from './line-splitter.ts'

describe('line splitter', () => {
  it('joins lines split across chunks and strips CR', () => {
    const lines: string[] = []
    const s = createLineSplitter((l) => lines.push(l))
    s.push('ab')
    s.push('c\r\nde')
    s.push('f\n\ng')
    s.end()
    expect(lines).toEqual(['abc', 'def', '', 'g'])
  })

  it('cuts a line that never ends instead of buffering it forever', () => {
    const lines: string[] = []
    const s = createLineSplitter((l) => lines.push(l), 10)
    s.push('x'.repeat(25))
    expect(lines).toEqual(['x'.repeat(25)])
    s.push('tail\n')
    expect(lines.at(-1)).toBe('tail')
  })
})
