import type { Rng } from '../search/rng.ts'
import { MAX_BINS, type FeatureColumn } from './importance-features.ts'

/** A leaf of a fitted tree: the bins of each feature it covers (bit b = bin b) and its mean target. */
export interface TreeLeaf {
  masks: Uint32Array
  value: number
}

export interface TreeOptions {
  maxDepth: number
  minSamplesLeaf: number
}

/** A node still to split: its rows are `rows[start, end)` of the tree's (in-place partitioned) buffer. */
interface PendingNode {
  start: number
  end: number
  masks: Uint32Array
  depth: number
}

interface Split {
  feature: number
  /** Bins of `feature` that go left. */
  left: number
  gain: number
}

const ALL_BINS = 0xffffffff
// Relative to the node's sum of squares: below this a split only moves rounding noise around.
const MIN_RELATIVE_GAIN = 1e-12

/**
 * Fits one regression tree on `rows` (indexes into the columns, repeats allowed) and returns its
 * leaves. Splits maximize the drop in squared error over histogram bins: numeric features split at
 * a cut between bins, categorical ones into two sets of levels taken in order of their mean target
 * in the node (Breiman's ordering, optimal for squared error). Levels or bins the node has no
 * sample of go to a random side, so a leaf's box still partitions the whole domain, as fANOVA needs.
 */
export function fitRegressionTree(
  columns: ReadonlyArray<FeatureColumn>,
  y: Float64Array,
  rows: Int32Array,
  rng: Rng,
  opts: TreeOptions,
): TreeLeaf[] {
  const leaves: TreeLeaf[] = []
  const sums = new Float64Array(MAX_BINS)
  const counts = new Int32Array(MAX_BINS)
  const order = columns.map((_, i) => i)
  const buffer = rows.slice()
  const stack: PendingNode[] = [{ start: 0, end: buffer.length, masks: Uint32Array.from(columns, (c) => maskBelow(c.binCount)), depth: 0 }]
  while (stack.length > 0) {
    const node = stack.pop()!
    const nodeRows = buffer.subarray(node.start, node.end)
    const split = node.depth < opts.maxDepth && nodeRows.length >= 2 * opts.minSamplesLeaf
      ? bestSplit(columns, y, nodeRows, node.masks, rng, opts.minSamplesLeaf, order, sums, counts)
      : null
    if (!split) {
      leaves.push({ masks: node.masks, value: meanOf(y, nodeRows) })
      continue
    }
    const mid = node.start + partition(nodeRows, columns[split.feature]!.codes, split.left)
    const leftMasks = node.masks.slice()
    const rightMasks = node.masks.slice()
    leftMasks[split.feature] = (node.masks[split.feature]! & split.left) >>> 0
    rightMasks[split.feature] = (node.masks[split.feature]! & ~split.left) >>> 0
    stack.push({ start: node.start, end: mid, masks: leftMasks, depth: node.depth + 1 })
    stack.push({ start: mid, end: node.end, masks: rightMasks, depth: node.depth + 1 })
  }
  return leaves
}

function bestSplit(
  columns: ReadonlyArray<FeatureColumn>, y: Float64Array, rows: Int32Array, masks: Uint32Array, rng: Rng, minLeaf: number,
  order: number[], sums: Float64Array, counts: Int32Array,
): Split | null {
  const n = rows.length
  let total = 0
  let totalSq = 0
  for (const r of rows) {
    total += y[r]!
    totalSq += y[r]! * y[r]!
  }
  const sse = totalSq - (total * total) / n
  // Widened by hand: TS does not see the assignments inside the loop below.
  let best = null as Split | null
  // Shuffled so that equal gains do not always favour the first parameter.
  shuffle(order, rng)
  for (const f of order) {
    const col = columns[f]!
    sums.fill(0, 0, col.binCount)
    counts.fill(0, 0, col.binCount)
    const codes = col.codes
    for (let i = 0; i < n; i++) {
      const r = rows[i]!
      const b = codes[r]!
      sums[b]! += y[r]!
      counts[b]! += 1
    }
    const present: number[] = []
    for (let b = 0; b < col.binCount; b++) if (counts[b]! > 0) present.push(b)
    if (present.length < 2) continue
    if (col.scale === 'categorical') present.sort((a, b) => sums[a]! / counts[a]! - sums[b]! / counts[b]!)
    let leftSum = 0
    let leftCount = 0
    for (let i = 0; i < present.length - 1; i++) {
      leftSum += sums[present[i]!]!
      leftCount += counts[present[i]!]!
      const rightCount = n - leftCount
      if (leftCount < minLeaf || rightCount < minLeaf) continue
      const rightSum = total - leftSum
      const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount - (total * total) / n
      if (best === null || gain > best.gain) best = { feature: f, left: i, gain }
    }
    if (best?.feature === f) best.left = leftBins(col, masks[f]!, present, best.left, counts, rng)
  }
  if (!best || best.gain <= MIN_RELATIVE_GAIN * Math.max(sse, Number.MIN_VALUE)) return null
  return best
}

/** The mask of bins sent left when the first `cut + 1` present bins (in scan order) go left. */
function leftBins(col: FeatureColumn, nodeMask: number, present: number[], cut: number, counts: Int32Array, rng: Rng): number {
  let left = 0
  for (let i = 0; i <= cut; i++) left |= 1 << present[i]!
  if (col.scale === 'categorical') {
    for (let b = 0; b < col.binCount; b++) if ((nodeMask >>> b) & 1 && counts[b] === 0 && rng.next() < 0.5) left |= 1 << b
  } else {
    // Empty bins between the last left and first right sample split halfway, like a midpoint threshold.
    const lastLeft = present[cut]!
    const firstRight = present[cut + 1]!
    const boundary = lastLeft + 1 + Math.floor((firstRight - lastLeft - 1) / 2)
    left = maskBelow(boundary)
  }
  return left >>> 0
}

/** Moves the rows whose bin is in `left` to the front; returns how many there are. */
function partition(rows: Int32Array, codes: Uint8Array, left: number): number {
  let i = 0
  let j = rows.length - 1
  while (i <= j) {
    if ((left >>> codes[rows[i]!]!) & 1) i++
    else {
      const t = rows[i]!
      rows[i] = rows[j]!
      rows[j] = t
      j--
    }
  }
  return i
}

function maskBelow(bins: number): number {
  return bins >= 32 ? ALL_BINS : ((1 << bins) >>> 0) - 1
}

function meanOf(y: Float64Array, rows: Int32Array): number {
  let s = 0
  for (const r of rows) s += y[r]!
  return s / rows.length
}

function shuffle(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
}
