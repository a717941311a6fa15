import { describe, expect, it } from 'vitest'
import { createSchedule, parseScheduleKind } from './schedules.ts'

describe('learning-rate schedules', () => {
  it('constant', () => {
    const s = createSchedule({ kind: 'constant', learningRate: 0.1, totalSteps: 10 })
    expect([0, 5, 9, 20].map(s)).toEqual([0.1, 0.1, 0.1, 0.1])
  })

  it('cosine from the peak to the floor over totalSteps', () => {
    const s = createSchedule({ kind: 'cosine', learningRate: 1, totalSteps: 100, minFraction: 0.1 })
    expect(s(0)).toBeCloseTo(1, 12)
    expect(s(50)).toBeCloseTo(0.1 + 0.9 * 0.5, 12)
    expect(s(100)).toBeCloseTo(0.1, 12)
    expect(s(1000)).toBeCloseTo(0.1, 12)
  })

  it('linear warm-up then cosine or constant', () => {
    const wc = createSchedule({ kind: 'warmup-cosine', learningRate: 1, totalSteps: 110, warmupSteps: 10 })
    expect(wc(0)).toBeCloseTo(0.1, 12)
    expect(wc(4)).toBeCloseTo(0.5, 12)
    expect(wc(9)).toBeCloseTo(1, 12)
    expect(wc(10)).toBeCloseTo(1, 12)
    expect(wc(60)).toBeCloseTo(0.5, 12)
    expect(wc(110)).toBeCloseTo(0, 12)
    const wk = createSchedule({ kind: 'warmup-constant', learningRate: 2, totalSteps: 100, warmupFraction: 0.1 })
    expect(wk(0)).toBeCloseTo(0.2, 12)
    expect(wk(50)).toBe(2)
  })

  it('parses sweep-file spellings and rejects unknown ones', () => {
    expect(parseScheduleKind('warmup_cosine')).toBe('warmup-cosine')
    expect(parseScheduleKind('warmup')).toBe('warmup-constant')
    expect(parseScheduleKind(undefined)).toBe('constant')
    expect(() => parseScheduleKind('step')).toThrow(/expected one of/)
  })
})
