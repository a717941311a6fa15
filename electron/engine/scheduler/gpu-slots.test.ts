import { describe, expect, it } from 'vitest'
import { createGpuSlots } from './gpu-slots.ts'

describe('GPU slots', () => {
  it('packs two half-GPU trials per device, then refuses a fifth on two devices', () => {
    const g = createGpuSlots()
    g.setDevices([0, 1])
    const taken = [g.take(0.5), g.take(0.5), g.take(0.5), g.take(0.5)]
    expect(taken).toEqual([[0], [0], [1], [1]])
    expect(g.canTake(0.5)).toBe(false)
    expect(g.take(0.5)).toBeNull()
    g.release([1], 0.5)
    expect(g.take(0.5)).toEqual([1])
  })

  it('fills a partly used device before opening a whole one (best fit)', () => {
    const g = createGpuSlots()
    g.setDevices([3, 5])
    expect(g.take(1 / 3)).toEqual([3])
    expect(g.take(0.5)).toEqual([3])
    // 1/3 + 1/2 leaves 1/6 on device 3: a third does not fit there, so it opens device 5.
    expect(g.take(1 / 3)).toEqual([5])
    expect(g.take(1 / 3)).toEqual([5])
    expect(g.usage().map((u) => [u.id, Number(u.used.toFixed(6))])).toEqual([[3, 0.833333], [5, 0.666667]])
  })

  it('gives whole-GPU trials only devices nothing else uses', () => {
    const g = createGpuSlots()
    g.setDevices([0, 1, 2])
    expect(g.take(0.25)).toEqual([0])
    expect(g.canTake(3)).toBe(false)
    expect(g.take(2)).toEqual([1, 2])
    expect(g.take(1)).toBeNull()
    g.release([1, 2], 2)
    expect(g.take(1)).toEqual([1])
  })

  it('exact thirds add up to a full device (no rounding leftovers)', () => {
    const g = createGpuSlots()
    g.setDevices([0])
    for (let i = 0; i < 3; i++) expect(g.take(1 / 3)).toEqual([0])
    expect(g.take(1 / 3)).toBeNull()
    for (let i = 0; i < 3; i++) g.release([0], 1 / 3)
    expect(g.take(1)).toEqual([0])
  })

  it('needs nothing for a CPU trial and keeps bookings when devices are listed again', () => {
    const g = createGpuSlots()
    expect(g.take(0)).toEqual([])
    g.setDevices([0])
    g.take(1)
    g.setDevices([0, 1])
    expect(g.total).toBe(2)
    expect(g.take(1)).toEqual([1])
  })
})
