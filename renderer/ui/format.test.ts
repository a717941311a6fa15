import { describe, expect, it } from 'vitest'
import { formatDuration, formatMetric, formatRelativeTime } from './format.ts'

describe('format', () => {
  it('formats relative times', () => {
    const now = 1_000_000_000
    expect(formatRelativeTime(now - 2000, now)).toBe('just now')
    expect(formatRelativeTime(now - 3 * 60_000, now)).toBe('3 minutes ago')
    expect(formatRelativeTime(now - 26 * 3_600_000, now)).toBe('yesterday')
  })
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(42_000)).toBe('42 s')
    expect(formatDuration(185_000)).toBe('3 m 05 s')
    expect(formatDuration(2 * 3_600_000 + 14 * 60_000)).toBe('2 h 14 m')
  })
  it('formats metric values', () => {
    expect(formatMetric(0.234567)).toBe('0.2346')
    expect(formatMetric(1.5e-5)).toBe('1.500e-5')
  })
})
