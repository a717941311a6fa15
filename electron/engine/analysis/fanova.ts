import type { FeatureColumn } from './importance-features.ts'
import type { TreeLeaf } from './regression-tree.ts'

/**
 * fANOVA main effects of one tree (Hutter, Hoos & Leyton-Brown 2014, as Optuna computes them): the
 * tree is a piecewise-constant function over the parameter domain (each feature's bins weighted by
 * their `widths`); for each feature, the variance of its marginal (the tree averaged over all other
 * features) as a share of the tree's total variance. Returns null for a tree that predicts a constant.
 */
export function treeMainEffects(leaves: ReadonlyArray<TreeLeaf>, columns: ReadonlyArray<FeatureColumn>): Float64Array | null {
  const p = columns.length
  // fractions[l * p + f]: the share of feature f's domain that leaf l covers.
  const fractions = new Float64Array(leaves.length * p)
  const volumes = new Float64Array(leaves.length)
  let mean = 0
  leaves.forEach((leaf, l) => {
    let volume = 1
    for (let f = 0; f < p; f++) {
      const frac = coveredShare(leaf.masks[f]!, columns[f]!.widths)
      fractions[l * p + f] = frac
      volume *= frac
    }
    volumes[l] = volume
    mean += volume * leaf.value
  })
  let totalVariance = 0
  leaves.forEach((leaf, l) => (totalVariance += volumes[l]! * (leaf.value - mean) ** 2))
  if (!(totalVariance > 0)) return null
  const effects = new Float64Array(p)
  for (let f = 0; f < p; f++) {
    const widths = columns[f]!.widths
    const marginal = new Float64Array(widths.length)
    leaves.forEach((leaf, l) => {
      const frac = fractions[l * p + f]!
      if (frac === 0) return
      // The leaf's weight in the average over the other features, at any value of f it covers.
      const weight = (volumes[l]! / frac) * leaf.value
      for (let m = leaf.masks[f]!; m !== 0; m &= m - 1) marginal[31 - Math.clz32(m & -m)]! += weight
    })
    let variance = 0
    for (let b = 0; b < widths.length; b++) variance += widths[b]! * (marginal[b]! - mean) ** 2
    effects[f] = variance / totalVariance
  }
  return effects
}

function coveredShare(mask: number, widths: Float64Array): number {
  let share = 0
  // Bits beyond the feature's bins are never set: masks start as exactly its bins.
  for (let m = mask; m !== 0; m &= m - 1) share += widths[31 - Math.clz32(m & -m)]!
  return share
}
