import { describe, expect, it } from 'vitest'
import { parseNvidiaSmi } from './gpus.ts'

describe('nvidia-smi parsing', () => {
  it('reads index, name and memory of each GPU', () => {
    expect(parseNvidiaSmi('0, NVIDIA H100 80GB HBM3, 81559\n1, NVIDIA A10, [N/A]\n\n')).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
      { index: 1, name: 'NVIDIA A10', memoryMiB: null },
    ])
  })
  it('ignores noise lines', () => {
    expect(parseNvidiaSmi('No devices were found\n')).toEqual([])
  })
})
