import type { LabelBalance, Row } from '../dataset-types.ts'

/**
 * The default skew threshold: the largest class has more than 3× the rows of the smallest. At 3:1 a
 * model that ignores the minority class already scores 75% accuracy on two classes, so accuracy
 * alone stops being informative; look at macro F1 or rebalance.
 */
export const DEFAULT_SKEW_RATIO = 3

/**
 * Share of each class (largest first, ties by label), largest/smallest ratio, and whether that
 * ratio exceeds `threshold`. Rows with a null or empty label are counted as missing.
 */
export function measureLabelBalance(rows: ReadonlyArray<Row>, label: string, threshold = DEFAULT_SKEW_RATIO): LabelBalance {
  const counts = new Map<string, number>()
  let missing = 0
  for (const r of rows) {
    const v = r[label]
    if (v === null || v === undefined || v === '') {
      missing++
      continue
    }
    const key = String(v)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const total = rows.length - missing
  const classes = [...counts.entries()]
    .map(([l, count]) => ({ label: l, count, share: total === 0 ? 0 : count / total }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
  const largest = classes[0]?.count ?? 0
  const smallest = classes.at(-1)?.count ?? 0
  const ratio = smallest === 0 ? 0 : largest / smallest
  return { classes, ratio, threshold, skewed: ratio > threshold, majorityShare: classes[0]?.share ?? 0, missing }
}
