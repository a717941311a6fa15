import { describe, expect, it } from 'vitest'
import { createRng } from '../search/rng.ts'
import type { FeatureColumn } from './importance-features.ts'
import { fitRegressionTree } from './regression-tree.ts'

const categorical = (codes: number[], levels: number): FeatureColumn => ({
  name: 'c', scale: 'categorical', codes: Uint8Array.from(codes), binCount: levels, widths: new Float64Array(levels).fill(1 / levels), values: null,
})
const numeric = (codes: number[], bins: number): FeatureColumn => ({
  name: 'x', scale: 'linear', codes: Uint8Array.from(codes), binCount: bins, widths: new Float64Array(bins).fill(1 / bins), values: null,
})
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i)

describe('fitRegressionTree', () => {
  it('groups categorical levels by their mean target, whatever their order', () => {
    // Levels 0 and 2 are low, 1 and 3 high: one split separates them, no more is needed.
    const codes = [0, 1, 2, 3, 0, 1, 2, 3]
    const y = Float64Array.from(codes, (c) => (c % 2 === 1 ? 5 : 0))
    const leaves = fitRegressionTree([categorical(codes, 4)], y, allRows(8), createRng(1), { maxDepth: 10, minSamplesLeaf: 1 })
    expect(leaves.map((l) => [l.masks[0], l.value]).sort((a, b) => a[0]! - b[0]!)).toEqual([[0b0101, 0], [0b1010, 5]])
  })

  it('cuts numeric bins at one threshold, halfway across bins no sample is in', () => {
    // Samples only in bins 0 and 5 of 8: the cut goes between bins 2 and 3.
    const codes = [0, 0, 5, 5]
    const leaves = fitRegressionTree([numeric(codes, 8)], Float64Array.from([1, 1, 2, 2]), allRows(4), createRng(1), { maxDepth: 10, minSamplesLeaf: 1 })
    expect(leaves.map((l) => l.masks[0]!).sort((a, b) => a - b)).toEqual([0b00000111, 0b11111000])
  })

  it('stops at the depth limit and never makes a leaf smaller than the minimum', () => {
    const n = 64
    const codes = Array.from({ length: n }, (_, i) => i % 32)
    const y = Float64Array.from(codes, (c) => c)
    const shallow = fitRegressionTree([numeric(codes, 32)], y, allRows(n), createRng(1), { maxDepth: 2, minSamplesLeaf: 1 })
    expect(shallow).toHaveLength(4)
    const coarse = fitRegressionTree([numeric(codes, 32)], y, allRows(n), createRng(1), { maxDepth: 64, minSamplesLeaf: 10 })
    for (const l of coarse) {
      let covered = 0
      for (let b = 0; b < 32; b++) if ((l.masks[0]! >>> b) & 1) covered += 2
      expect(covered).toBeGreaterThanOrEqual(10)
    }
  })
})
