import { describe, expect, it } from 'vitest'
import { treeMainEffects } from './fanova.ts'
import type { FeatureColumn } from './importance-features.ts'
import type { TreeLeaf } from './regression-tree.ts'

const column = (name: string, widths: number[]): FeatureColumn => ({
  name, scale: 'linear', codes: new Uint8Array(0), binCount: widths.length, widths: Float64Array.from(widths), values: null,
})
/** A leaf covering bin `b1` of feature 1 and bin `b2` of feature 2 (null: both bins). */
const leaf = (b1: number | null, b2: number | null, value: number): TreeLeaf => ({
  masks: Uint32Array.from([b1 === null ? 0b11 : 1 << b1, b2 === null ? 0b11 : 1 << b2]),
  value,
})

describe('treeMainEffects', () => {
  it('splits an additive function by the variance each term adds', () => {
    // f = 3·[x1 in bin 1] + 1·[x2 in bin 1] on equal halves: variances 9/4 and 1/4.
    const leaves = [leaf(0, 0, 0), leaf(0, 1, 1), leaf(1, 0, 3), leaf(1, 1, 4)]
    const effects = treeMainEffects(leaves, [column('x1', [0.5, 0.5]), column('x2', [0.5, 0.5])])!
    expect(effects[0]).toBeCloseTo(0.9, 12)
    expect(effects[1]).toBeCloseTo(0.1, 12)
  })

  it('leaves the interaction out: a product of two halves gives each a third', () => {
    // f = [x1 in bin 1]·[x2 in bin 1]: total variance 3/16, each marginal 1/16.
    const leaves = [leaf(0, null, 0), leaf(1, 0, 0), leaf(1, 1, 1)]
    const effects = treeMainEffects(leaves, [column('x1', [0.5, 0.5]), column('x2', [0.5, 0.5])])!
    expect(effects[0]).toBeCloseTo(1 / 3, 12)
    expect(effects[1]).toBeCloseTo(1 / 3, 12)
  })

  it('weights bins by the share of the domain they cover, not by how many trials fell in them', () => {
    // f = [x1 in bin 1] where bin 1 is 3/4 of the range: a Bernoulli(3/4), variance 3/16, all of it x1's.
    const leaves = [leaf(0, null, 0), leaf(1, null, 1)]
    const effects = treeMainEffects(leaves, [column('x1', [0.25, 0.75]), column('x2', [0.5, 0.5])])!
    expect([...effects]).toEqual([1, 0])
  })

  it('has nothing to say about a tree that predicts one value', () => {
    expect(treeMainEffects([leaf(null, null, 2)], [column('x1', [0.5, 0.5]), column('x2', [0.5, 0.5])])).toBeNull()
  })
})
