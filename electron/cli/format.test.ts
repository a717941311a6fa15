import { describe, expect, it } from 'vitest'
import { colorStatus, formatDuration, formatMetric, formatParamCell, formatRelativeTime, shouldUseColor } from './format.ts'

describe('formatDuration', () => {
  it('picks a unit per magnitude', () => {
    expect([850, 3250, 62_000, 3_900_000, 2 * 86_400_000 + 3 * 3_600_000].map(formatDuration)).toEqual([
      '850ms', '3.2s', '1m 02s', '1h 05m', '2d 03h',
    ])
  })
  it('shows a dash for unknown durations', () => {
    expect([null, undefined, Number.NaN, -5].map((v) => formatDuration(v))).toEqual(['-', '-', '-', '-'])
  })
})

describe('formatRelativeTime', () => {
  const now = Date.UTC(2026, 5, 1)
  it('says how long ago, then falls back to the date', () => {
    expect([now - 2000, now - 45_000, now - 5 * 60_000, now - 3 * 3_600_000, now - 2 * 86_400_000, now - 40 * 86_400_000]
      .map((t) => formatRelativeTime(t, now))).toEqual(['just now', '45s ago', '5m ago', '3h ago', '2d ago', '2026-04-22'])
  })
})

describe('formatMetric', () => {
  it('keeps 4 significant digits without trailing zeros', () => {
    expect([0.031249, 12345.6, 1.5, 0.000001234567, 1e-9, -0.5, 100].map(formatMetric)).toEqual([
      '0.03125', '12350', '1.5', '0.000001235', '1e-9', '-0.5', '100',
    ])
  })
  it('prints missing and non-finite values readably', () => {
    expect([null, undefined, Infinity, Number.NaN].map(formatMetric)).toEqual(['-', '-', 'Infinity', 'NaN'])
  })
})

describe('formatParamCell', () => {
  it('cuts long values and flattens whitespace', () => {
    expect(formatParamCell('a\nb', 10)).toBe('a b')
    expect(formatParamCell('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`)
    expect(formatParamCell([1, 2])).toBe('[1,2]')
  })
})

describe('colors', () => {
  it('colors only a terminal without NO_COLOR', () => {
    expect(shouldUseColor(true, {})).toBe(true)
    expect(shouldUseColor(false, {})).toBe(false)
    expect(shouldUseColor(true, { NO_COLOR: '1' })).toBe(false)
    expect(shouldUseColor(true, { NO_COLOR: '' })).toBe(true)
  })
  it('wraps a status in its color', () => {
    expect(colorStatus('failed', true)).toBe('\u001b[31mfailed\u001b[39m')
    expect(colorStatus('failed', false)).toBe('failed')
  })
})
