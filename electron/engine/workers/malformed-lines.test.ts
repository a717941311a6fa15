import { describe, expect, it } from 'vitest'
import { createMalformedTally } from './malformed-lines.ts'

describe('malformed metric lines', () => {
  it('says nothing when every line was read', () => {
    const t = createMalformedTally()
    expect(t.count).toBe(0)
    expect(t.summary()).toBeNull()
  })

  it('logs the first few, counts all of them and names the first in the summary', () => {
    const t = createMalformedTally(2)
    expect(t.add('stdout', 'not JSON: {oops')).toBe('malformed metrics line from stdout: not JSON: {oops')
    expect(t.add('metrics file', 'expected a JSON object, got: [1]')).toBe('malformed metrics line from metrics file: expected a JSON object, got: [1]')
    expect(t.add('stdout', 'third')).toBeNull()
    expect(t.count).toBe(3)
    expect(t.summary()).toBe('ignored 3 malformed metric lines (first from stdout: not JSON: {oops); the first 2 are in the log')
  })

  it('uses the singular for one line and keeps a long first error short', () => {
    const t = createMalformedTally()
    t.add('stdout', 'x'.repeat(1_000))
    const s = t.summary()!
    expect(s.startsWith('ignored 1 malformed metric line (first from stdout: xxx')).toBe(true)
    expect(s.length).toBeLessThan(320)
  })
})
