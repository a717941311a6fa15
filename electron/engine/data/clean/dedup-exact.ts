import type { Row } from '../dataset-types.ts'
import { dedupKey } from './normalize-text.ts'

export interface DedupResult {
  rows: Row[]
  removed: number
  /** Removed rows whose label differed from the kept copy's: the same text labelled two ways. */
  conflictingLabels: number
}

/**
 * Keeps the first row of each group of rows whose text is equal after NFKC, lowercasing and
 * whitespace collapsing (`dedupKey`). Without a text column the whole row (every column) is the key.
 */
export function dedupExact(rows: ReadonlyArray<Row>, opts: { text?: string; label?: string }): DedupResult {
  const firstLabel = new Map<string, unknown>()
  const kept: Row[] = []
  let conflictingLabels = 0
  for (const row of rows) {
    const key = opts.text !== undefined ? dedupKey(String(row[opts.text] ?? '')) : JSON.stringify(row)
    if (firstLabel.has(key)) {
      if (opts.label !== undefined && firstLabel.get(key) !== row[opts.label]) conflictingLabels++
      continue
    }
    firstLabel.set(key, opts.label !== undefined ? row[opts.label] : null)
    kept.push(row)
  }
  return { rows: kept, removed: rows.length - kept.length, conflictingLabels }
}
