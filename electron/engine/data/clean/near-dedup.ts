import type { Row } from '../dataset-types.ts'
import { bandKeys, chooseBands, createMinHasher, exactJaccard, shingleHashes } from './minhash.ts'
import { dedupKey } from './normalize-text.ts'

export interface NearDedupOptions {
  text: string
  label?: string
  threshold: number
  shingle: 'char' | 'word'
  shingleSize: number
  permutations: number
  seed: number
}

export interface NearDedupResult {
  rows: Row[]
  removed: number
  bands: number
  /** Pairs whose exact Jaccard was computed because they shared an LSH bucket. */
  candidatePairs: number
  /** Removed rows whose kept near-twin has another label. */
  crossLabel: number
  /** The first few removals: input row indexes and their exact similarity. */
  examples: Array<{ removed: number; keptAs: number; similarity: number }>
}

/**
 * A bucket holds at most this many kept rows. Rows that share a band but are not near-duplicates of
 * each other (templated mail, boilerplate) would otherwise make one bucket quadratic; 64 keeps the
 * work linear while a real near-duplicate still meets its twin in one of the other bands.
 */
const MAX_BUCKET = 64
const MAX_EXAMPLES = 5

/**
 * Drops every row whose shingle set has Jaccard similarity ≥ threshold with an earlier kept row.
 * Candidates come from MinHash + LSH banding (expected O(n)); each candidate pair is then checked
 * with the exact Jaccard of the two shingle sets, so nothing below the threshold is ever dropped.
 * Texts are compared after NFKC, lowercasing and whitespace collapsing. Deterministic for a seed.
 */
export function nearDedup(rows: ReadonlyArray<Row>, o: NearDedupOptions): NearDedupResult {
  const { bands, rows: bandRows } = chooseBands(o.threshold, o.permutations)
  const signature = createMinHasher(bands * bandRows, o.seed)
  const buckets = Array.from({ length: bands }, () => new Map<number, number[]>())
  const keptShingles: Uint32Array[] = []
  const keptIndex: number[] = []
  let seenBy = new Int32Array(1024).fill(-1)
  const kept: Row[] = []
  let candidatePairs = 0
  let crossLabel = 0
  const examples: NearDedupResult['examples'] = []

  rows.forEach((row, i) => {
    const shingles = shingleHashes(dedupKey(String(row[o.text] ?? '')), o.shingle, o.shingleSize)
    if (shingles.length === 0) {
      kept.push(row)
      return
    }
    const keys = bandKeys(signature(shingles), bands, bandRows)
    let twin = -1
    let similarity = 0
    for (let band = 0; band < bands && twin < 0; band++) {
      const bucket = buckets[band]?.get(keys[band] as number)
      if (bucket === undefined) continue
      for (const c of bucket) {
        if (seenBy[c] === i) continue
        seenBy[c] = i
        candidatePairs++
        const s = exactJaccard(shingles, keptShingles[c] as Uint32Array)
        if (s >= o.threshold) {
          twin = c
          similarity = s
          break
        }
      }
    }
    if (twin >= 0) {
      const keptAs = keptIndex[twin] as number
      if (o.label !== undefined && rows[keptAs]?.[o.label] !== row[o.label]) crossLabel++
      if (examples.length < MAX_EXAMPLES) examples.push({ removed: i, keptAs, similarity })
      return
    }
    const id = keptShingles.length
    keptShingles.push(shingles)
    keptIndex.push(i)
    if (id >= seenBy.length) {
      const grown = new Int32Array(seenBy.length * 2).fill(-1)
      grown.set(seenBy)
      seenBy = grown
    }
    for (let band = 0; band < bands; band++) {
      const map = buckets[band] as Map<number, number[]>
      const key = keys[band] as number
      const bucket = map.get(key)
      if (bucket === undefined) map.set(key, [id])
      else if (bucket.length < MAX_BUCKET) bucket.push(id)
    }
    kept.push(row)
  })
  return { rows: kept, removed: rows.length - kept.length, bands, candidatePairs, crossLabel, examples }
}
