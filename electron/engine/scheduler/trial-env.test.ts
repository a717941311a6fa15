import { describe, expect, it } from 'vitest'
import { buildTrialEnv, mergeTrialEnv, parseDurationMs } from './trial-env.ts'

describe('trial environment', () => {
  it('bounds BLAS thread pools to the trial CPU slots', () => {
    const env = buildTrialEnv({ specEnv: undefined, cpuSlots: 2, gpuIds: [], gpusPresent: false })
    expect(env).toMatchObject({ OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2', MKL_NUM_THREADS: '2' })
    expect(env.CUDA_VISIBLE_DEVICES).toBeUndefined()
  })

  it('lets the sweep file override thread counts', () => {
    const env = buildTrialEnv({ specEnv: { OMP_NUM_THREADS: '8' }, cpuSlots: 1, gpuIds: [], gpusPresent: false })
    expect(env.OMP_NUM_THREADS).toBe('8')
    expect(env.MKL_NUM_THREADS).toBe('1')
  })

  it('shows GPU trials their GPUs only, and CPU trials none', () => {
    expect(buildTrialEnv({ specEnv: undefined, cpuSlots: 1, gpuIds: [1, 3], gpusPresent: true }).CUDA_VISIBLE_DEVICES).toBe('1,3')
    expect(buildTrialEnv({ specEnv: undefined, cpuSlots: 1, gpuIds: [], gpusPresent: true }).CUDA_VISIBLE_DEVICES).toBe('')
  })

  it('does not leak the engine process SWEEPLAB_ variables into trials', () => {
    const env = mergeTrialEnv({ SWEEPLAB_DB: '/x.db', HOME: '/h', OMP_NUM_THREADS: '4' }, { OMP_NUM_THREADS: '1' })
    expect(env).toEqual({ HOME: '/h', OMP_NUM_THREADS: '1' })
  })

  it('parses durations in seconds or with units', () => {
    expect(parseDurationMs(90)).toBe(90_000)
    expect(parseDurationMs('500ms')).toBe(500)
    expect(parseDurationMs('10m')).toBe(600_000)
    expect(parseDurationMs('1.5h')).toBe(5_400_000)
    expect(parseDurationMs(undefined)).toBeNull()
    expect(parseDurationMs('soon')).toBeNull()
  })
})
