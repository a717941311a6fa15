import { describe, expect, it } from 'vitest'
import { formatBytes, parseByteThreshold } from './byte-size.ts'

describe('byte sizes', () => {
  it('reads decimal and binary units, percentages and plain bytes', () => {
    expect(parseByteThreshold('2GB')).toEqual({ bytes: 2e9 })
    expect(parseByteThreshold('1.5 gib')).toEqual({ bytes: 1.5 * 1024 ** 3 })
    expect(parseByteThreshold('500MB')).toEqual({ bytes: 5e8 })
    expect(parseByteThreshold('5%')).toEqual({ percent: 5 })
    expect(parseByteThreshold(1024)).toEqual({ bytes: 1024 })
    expect(parseByteThreshold('120%')).toBeUndefined()
    expect(parseByteThreshold('2 gigs')).toBeUndefined()
    expect(parseByteThreshold(-1)).toBeUndefined()
  })

  it('prints sizes with decimal units', () => {
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1_234_567_890)).toBe('1.2 GB')
    expect(formatBytes(800_000_000)).toBe('800 MB')
    expect(formatBytes(12_300)).toBe('12.3 kB')
  })
})
