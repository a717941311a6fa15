/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): returns the ascending indices of
 * at most `maxPoints` points that keep the visual shape; the first and last points are always kept.
 * With all-finite input it returns exactly `maxPoints` indices when `xs.length > maxPoints`, and
 * every index otherwise.
 *
 * Null / non-finite y (NaN, a diverged loss) cannot enter the triangle areas, yet dropping them
 * would draw a line straight across a gap. So: the first point of every run of nulls is kept as a
 * gap marker (at most maxPoints/4 of them, evenly picked when there are more), and LTTB runs on
 * the finite points with the remaining budget.
 */
export function lttb(xs: ArrayLike<number>, ys: ArrayLike<number | null>, maxPoints: number): number[] {
  const n = xs.length
  const budget = Math.max(2, Math.floor(maxPoints))
  if (n <= budget) return Array.from({ length: n }, (_, i) => i)
  const finite: number[] = []
  const gapStarts: number[] = []
  for (let i = 0; i < n; i++) {
    if (isFiniteY(ys[i])) finite.push(i)
    else if (i === 0 || isFiniteY(ys[i - 1])) gapStarts.push(i)
  }
  const fixed = new Set<number>(pickEvenly(gapStarts, Math.floor(budget / 4)))
  if (!isFiniteY(ys[0])) fixed.add(0)
  if (!isFiniteY(ys[n - 1])) fixed.add(n - 1)
  const kept = lttbIndices(xs, ys as ArrayLike<number>, finite, budget - fixed.size)
  for (const i of fixed) kept.push(i)
  return kept.sort((a, b) => a - b)
}

function isFiniteY(y: number | null | undefined): boolean {
  return typeof y === 'number' && Number.isFinite(y)
}

function pickEvenly(items: readonly number[], k: number): number[] {
  if (items.length <= k) return items.slice()
  const out: number[] = []
  for (let j = 0; j < k; j++) out.push(items[Math.floor((j * items.length) / k)] as number)
  return out
}

/** Classic LTTB over the points named by `idx` (all with finite y); keeps idx's first and last. */
function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: readonly number[], threshold: number): number[] {
  const m = idx.length
  if (threshold >= m) return idx.slice()
  if (threshold <= 0) return []
  if (threshold === 1) return [idx[0] as number]
  const at = (k: number): number => idx[k] as number
  const out = [at(0)]
  if (threshold > 2) {
    const every = (m - 2) / (threshold - 2)
    let a = 0
    for (let b = 0; b < threshold - 2; b++) {
      // Average of the next bucket: the third corner of every candidate triangle.
      const avgStart = Math.floor((b + 1) * every) + 1
      const avgEnd = Math.min(Math.floor((b + 2) * every) + 1, m)
      let avgX = 0
      let avgY = 0
      for (let k = avgStart; k < avgEnd; k++) {
        avgX += xs[at(k)] as number
        avgY += ys[at(k)] as number
      }
      const count = avgEnd - avgStart
      avgX /= count
      avgY /= count
      const ax = xs[at(a)] as number
      const ay = ys[at(a)] as number
      const end = Math.floor((b + 1) * every) + 1
      let best = Math.floor(b * every) + 1
      let bestArea = -1
      for (let k = best; k < end; k++) {
        const area = Math.abs((ax - avgX) * ((ys[at(k)] as number) - ay) - (ax - (xs[at(k)] as number)) * (avgY - ay))
        if (area > bestArea) {
          bestArea = area
          best = k
        }
      }
      out.push(at(best))
      a = best
    }
  }
  out.push(at(m - 1))
  return out
}
