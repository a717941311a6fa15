import { describe, expect, it } from 'vitest'
import { laneOf, sweepLaneProblem, type LaneInputs } from './trial-lane.ts'

const sweep = (over: Partial<LaneInputs> = {}): LaneInputs => ({ gpu: 0, trainer: 'tabular', backend: 'auto', cudaGpus: 0, browserSlots: 0, ...over })

describe('trial lanes', () => {
  it('runs CPU trials in processes, even when browser GPU workers are there', () => {
    expect(laneOf({}, sweep({ browserSlots: 2 }))).toBe('process')
    expect(laneOf({ backend: 'wasm' }, sweep({ browserSlots: 2 }))).toBe('process')
  })

  it('gives a GPU trial CUDA GPUs when there are enough, a browser GPU worker when there are none', () => {
    expect(laneOf({}, sweep({ gpu: 1, cudaGpus: 1, browserSlots: 1 }))).toBe('cuda')
    expect(laneOf({}, sweep({ gpu: 1, browserSlots: 1 }))).toBe('browser')
    expect(laneOf({}, sweep({ gpu: 1 }))).toEqual({ none: 'each trial needs 1 GPU(s) and 0 were detected' })
  })

  it('gives a fractional GPU trial a CUDA GPU share, or a whole browser GPU worker slot (pages do not pack)', () => {
    expect(laneOf({}, sweep({ gpu: 0.5, cudaGpus: 1, browserSlots: 1 }))).toBe('cuda')
    expect(laneOf({}, sweep({ gpu: 0.5, browserSlots: 1 }))).toBe('browser')
    expect(sweepLaneProblem(sweep({ gpu: 0.25, browserSlots: 1 }))).toBeNull()
    expect(sweepLaneProblem(sweep({ gpu: 0.5 }))).toBe('each trial needs 0.5 GPU(s) and 0 were detected')
  })

  it('sends a webgpu or webgl pin (the sweep’s or a swept param’s) to a browser GPU worker', () => {
    expect(laneOf({}, sweep({ backend: 'webgl', browserSlots: 1 }))).toBe('browser')
    expect(laneOf({ backend: 'webgpu' }, sweep({ browserSlots: 1, cudaGpus: 4 }))).toBe('browser')
    expect(laneOf({ backend: 'wasm' }, sweep({ backend: 'webgl', browserSlots: 1 }))).toBe('process')
    // No browser GPU worker: the process's backend loader fails the trial with the fix.
    expect(laneOf({ backend: 'webgl' }, sweep())).toBe('process')
  })

  it('never sends a command trial to a page', () => {
    expect(laneOf({ backend: 'webgl' }, sweep({ trainer: undefined, browserSlots: 1 }))).toBe('process')
    expect(laneOf({}, sweep({ trainer: undefined, gpu: 1, browserSlots: 1 }))).toEqual({ none: 'each trial needs 1 GPU(s) and 0 were detected' })
    expect(laneOf({}, sweep({ trainer: 'noop', gpu: 1, browserSlots: 1 }))).toHaveProperty('none')
  })

  it('refuses a GPU trial pinned to a backend a page does not have', () => {
    expect(laneOf({ backend: 'tensorflow-gpu' }, sweep({ gpu: 1, browserSlots: 1 }))).toEqual({
      none: 'backend tensorflow-gpu cannot train in a browser GPU worker and no CUDA GPU was detected; pin webgpu, webgl, wasm or cpu, or set resources.gpu: 0',
    })
    expect(laneOf({ backend: 'wasm' }, sweep({ gpu: 1, browserSlots: 1 }))).toBe('browser')
  })
})

describe('sweeps no lane can take', () => {
  it('fails a webgl sweep at once when no browser GPU worker runs, naming the flag', () => {
    expect(sweepLaneProblem(sweep({ backend: 'webgl' }))).toMatch(/^backend: webgl trains in a browser GPU worker and none is running; start with `sweeplab --browser-gpu-workers 1 …`/)
    expect(sweepLaneProblem(sweep({ backend: 'webgl', browserSlots: 1 }))).toBeNull()
  })

  it('keeps the plain message without browser GPU workers, and says what a page cannot do with them', () => {
    expect(sweepLaneProblem(sweep({ gpu: 2, cudaGpus: 1 }))).toBe('each trial needs 2 GPU(s) and 1 were detected')
    expect(sweepLaneProblem(sweep({ gpu: 1 }))).toBe('each trial needs 1 GPU(s) and 0 were detected')
    expect(sweepLaneProblem(sweep({ gpu: 1, trainer: undefined, browserSlots: 1 }))).toMatch(/browser GPU workers train built-in trainers only/)
    expect(sweepLaneProblem(sweep({ gpu: 2, browserSlots: 2 }))).toMatch(/gives a trial one GPU/)
    expect(sweepLaneProblem(sweep({ gpu: 1, backend: 'tensorflow', browserSlots: 1 }))).toMatch(/backend: tensorflow cannot train in a browser GPU worker/)
    expect(sweepLaneProblem(sweep({ gpu: 1, browserSlots: 1 }))).toBeNull()
    expect(sweepLaneProblem(sweep({ gpu: 1, cudaGpus: 1 }))).toBeNull()
  })
})
