import { SweeplabError } from '../../../../shared/errors.ts'
import { BYTE_OFFSET, FIRST_MERGE_ID, pairKey, preTokenize } from './bpe-tokenizer.ts'

/** The default BPE vocabulary: 4 specials + 256 bytes + 1,740 merges. */
export const DEFAULT_BPE_VOCAB = 2000

/**
 * Learns byte-level BPE merges (Sennrich et al. 2016; byte-level as GPT-2) from texts, up to
 * `vocabSize` ids or until no pair occurs twice. Works on the distinct pre-tokens with their counts,
 * keeps pair counts incrementally with an index from pair to the words holding it, and picks the
 * most frequent pair from a lazy max-heap (ties: the smaller pair of ids), so each merge costs the
 * words it touches, not the corpus. Deterministic. Returns the merges as a flat [a0, b0, a1, b1, ...].
 */
export function trainBpeMerges(texts: Iterable<string>, vocabSize = DEFAULT_BPE_VOCAB): number[] {
  if (vocabSize < FIRST_MERGE_ID) throw new SweeplabError('dataset/invalid', `bpe vocab_size must be at least ${FIRST_MERGE_ID} (4 special tokens + 256 bytes), got ${vocabSize}`)
  const wordCounts = new Map<string, number>()
  for (const t of texts) for (const w of preTokenize(t)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1)
  const encoder = new TextEncoder()
  const words: number[][] = []
  const freq: number[] = []
  for (const [w, n] of wordCounts) {
    words.push(Array.from(encoder.encode(w), (b) => b + BYTE_OFFSET))
    freq.push(n)
  }
  const counts = new Map<number, number>()
  const where = new Map<number, number[]>()
  const addPairs = (wi: number, sign: 1 | -1): void => {
    const w = words[wi] as number[]
    const f = (freq[wi] as number) * sign
    for (let i = 0; i + 1 < w.length; i++) {
      const k = pairKey(w[i] as number, w[i + 1] as number)
      counts.set(k, (counts.get(k) ?? 0) + f)
      if (sign === 1) {
        const list = where.get(k)
        if (list === undefined) where.set(k, [wi])
        else if (list[list.length - 1] !== wi) list.push(wi)
      }
    }
  }
  for (let wi = 0; wi < words.length; wi++) addPairs(wi, 1)
  const heap = createPairHeap()
  for (const [k, c] of counts) heap.push(c, k)

  const merges: number[] = []
  for (let id = FIRST_MERGE_ID; id < vocabSize; id++) {
    const best = popBest(heap, counts)
    if (best === undefined) break
    const a = Math.floor(best / PAIR_BASE)
    const b = best % PAIR_BASE
    merges.push(a, b)
    const touched = where.get(best) ?? []
    where.delete(best)
    const changed = new Set<number>()
    for (const wi of touched) {
      const w = words[wi] as number[]
      if (!containsPair(w, a, b)) continue
      addPairs(wi, -1)
      words[wi] = mergeWord(w, a, b, id)
      addPairs(wi, 1)
      for (let i = 0; i + 1 < (words[wi] as number[]).length; i++) changed.add(pairKey((words[wi] as number[])[i] as number, (words[wi] as number[])[i + 1] as number))
      for (let i = 0; i + 1 < w.length; i++) changed.add(pairKey(w[i] as number, w[i + 1] as number))
    }
    counts.delete(best)
    for (const k of changed) {
      const c = counts.get(k) ?? 0
      if (c <= 0) counts.delete(k)
      else heap.push(c, k)
    }
  }
  return merges
}

const PAIR_BASE = 1_048_576

/** Replaces every non-overlapping (a, b), left to right, with `id`. */
export function mergeWord(w: ReadonlyArray<number>, a: number, b: number, id: number): number[] {
  const out: number[] = []
  for (let i = 0; i < w.length; i++) {
    if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
      out.push(id)
      i++
    } else out.push(w[i] as number)
  }
  return out
}

function containsPair(w: ReadonlyArray<number>, a: number, b: number): boolean {
  for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) return true
  return false
}

/** The most frequent pair still counted at the value it was pushed with (stale entries skipped), count ≥ 2. */
function popBest(heap: PairHeap, counts: ReadonlyMap<number, number>): number | undefined {
  for (;;) {
    const top = heap.pop()
    if (top === undefined) return undefined
    const [c, k] = top
    if (counts.get(k) !== c) continue
    return c >= 2 ? k : undefined
  }
}

interface PairHeap {
  push(count: number, key: number): void
  pop(): [number, number] | undefined
}

/** Binary max-heap on (count desc, key asc) over two parallel arrays. */
function createPairHeap(): PairHeap {
  const cs: number[] = []
  const ks: number[] = []
  const above = (i: number, j: number): boolean => (cs[i] as number) > (cs[j] as number) || (cs[i] === cs[j] && (ks[i] as number) < (ks[j] as number))
  const swap = (i: number, j: number): void => {
    ;[cs[i], cs[j]] = [cs[j] as number, cs[i] as number]
    ;[ks[i], ks[j]] = [ks[j] as number, ks[i] as number]
  }
  return {
    push(count, key) {
      cs.push(count)
      ks.push(key)
      let i = cs.length - 1
      while (i > 0) {
        const p = (i - 1) >> 1
        if (!above(i, p)) break
        swap(i, p)
        i = p
      }
    },
    pop() {
      if (cs.length === 0) return undefined
      const top: [number, number] = [cs[0] as number, ks[0] as number]
      const lastC = cs.pop() as number
      const lastK = ks.pop() as number
      if (cs.length > 0) {
        cs[0] = lastC
        ks[0] = lastK
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          const r = l + 1
          let m = i
          if (l < cs.length && above(l, m)) m = l
          if (r < cs.length && above(r, m)) m = r
          if (m === i) break
          swap(i, m)
          i = m
        }
      }
      return top
    },
  }
}
