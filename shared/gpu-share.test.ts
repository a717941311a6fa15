import { describe, expect, it } from 'vitest'
import { normalizeGpuShare, trialsPerGpu } from './gpu-share.ts'

describe('resources.gpu shares', () => {
  it('takes whole GPUs and fractions that split a GPU evenly, reading 0.33 as a third', () => {
    expect(normalizeGpuShare(0)).toEqual({ gpu: 0 })
    expect(normalizeGpuShare(2)).toEqual({ gpu: 2 })
    expect(normalizeGpuShare(0.5)).toEqual({ gpu: 0.5 })
    expect(normalizeGpuShare(0.25)).toEqual({ gpu: 0.25 })
    expect(normalizeGpuShare(0.33)).toEqual({ gpu: 1 / 3 })
    expect(normalizeGpuShare(0.333)).toEqual({ gpu: 1 / 3 })
    expect(trialsPerGpu(1 / 3)).toBe(3)
    expect(trialsPerGpu(2)).toBe(1)
  })

  it('refuses fractions that waste a GPU, mixed numbers and negatives, saying why', () => {
    expect(normalizeGpuShare(0.4)).toEqual({ problem: expect.stringContaining('must split it evenly') })
    expect(normalizeGpuShare(0.7)).toEqual({ problem: expect.stringContaining('0.7 does not') })
    expect(normalizeGpuShare(1.5)).toEqual({ problem: expect.stringContaining('not 1.5') })
    expect(normalizeGpuShare(0.001)).toEqual({ problem: expect.stringContaining('1/64') })
    expect(normalizeGpuShare(-1)).toHaveProperty('problem')
  })
})
