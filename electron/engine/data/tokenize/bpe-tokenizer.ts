import { SweeplabError } from '../../../../shared/errors.ts'
import { SPECIAL_TOKENS, type Tokenizer } from './tokenizer-types.ts'

/** Byte b has id b + 4 (after the special tokens); merge i has id 260 + i. */
export const BYTE_OFFSET = SPECIAL_TOKENS.length
export const FIRST_MERGE_ID = BYTE_OFFSET + 256

/**
 * GPT-2's pre-tokenizer: contractions, words and numbers with their leading space, punctuation runs,
 * whitespace. Merges never cross these pieces, and the pieces cover the text exactly, so the
 * concatenation of their bytes is the text's bytes.
 */
const PRE_TOKEN_RE = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu
/** Pre-tokens remembered with their ids; ~100k distinct words cover a few MB of English. */
const ENCODE_CACHE_LIMIT = 100_000

export function preTokenize(text: string): string[] {
  return text.match(PRE_TOKEN_RE) ?? []
}

/** A pair of ids as one number (ids stay below 2^20). */
export function pairKey(a: number, b: number): number {
  return a * 1_048_576 + b
}

/**
 * Byte-level BPE: any text encodes (unseen characters fall back to their bytes) and
 * decode(encode(t)) === t for every string t, trained on or not.
 */
export function createBpeTokenizer(merges: ReadonlyArray<number>): Tokenizer {
  if (merges.length % 2 !== 0) throw new SweeplabError('dataset/invalid', 'bpe tokenizer JSON: merges must hold pairs of ids')
  const rank = new Map<number, number>()
  const bytesOf: Uint8Array[] = Array.from({ length: FIRST_MERGE_ID + merges.length / 2 }, () => new Uint8Array(0))
  for (let b = 0; b < 256; b++) bytesOf[b + BYTE_OFFSET] = Uint8Array.of(b)
  for (let i = 0; i < merges.length; i += 2) {
    const a = merges[i] as number
    const b = merges[i + 1] as number
    const id = FIRST_MERGE_ID + i / 2
    if (!(a >= BYTE_OFFSET && a < id && b >= BYTE_OFFSET && b < id)) throw new SweeplabError('dataset/invalid', `bpe tokenizer JSON: merge ${i / 2} refers to unknown ids ${a}, ${b}`)
    rank.set(pairKey(a, b), i / 2)
    const ab = new Uint8Array((bytesOf[a] as Uint8Array).length + (bytesOf[b] as Uint8Array).length)
    ab.set(bytesOf[a] as Uint8Array)
    ab.set(bytesOf[b] as Uint8Array, (bytesOf[a] as Uint8Array).length)
    bytesOf[id] = ab
  }
  const encoder = new TextEncoder()
  const decoder = new TextDecoder('utf-8')
  const cache = new Map<string, number[]>()

  const encodePiece = (piece: string): number[] => {
    const hit = cache.get(piece)
    if (hit !== undefined) return hit
    let w = Array.from(encoder.encode(piece), (b) => b + BYTE_OFFSET)
    // Apply the earliest-learned merge present until none applies (the order training used).
    while (w.length > 1) {
      let bestRank = Infinity
      let bestAt = -1
      for (let i = 0; i + 1 < w.length; i++) {
        const r = rank.get(pairKey(w[i] as number, w[i + 1] as number))
        if (r !== undefined && r < bestRank) {
          bestRank = r
          bestAt = i
        }
      }
      if (bestAt < 0) break
      const a = w[bestAt] as number
      const b = w[bestAt + 1] as number
      const id = FIRST_MERGE_ID + bestRank
      const next: number[] = []
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          next.push(id)
          i++
        } else next.push(w[i] as number)
      }
      w = next
    }
    if (cache.size < ENCODE_CACHE_LIMIT) cache.set(piece, w)
    return w
  }

  return {
    type: 'bpe',
    vocabSize: bytesOf.length,
    encode(text) {
      const out: number[] = []
      for (const piece of preTokenize(text)) for (const id of encodePiece(piece)) out.push(id)
      return out
    },
    decode(ids) {
      let n = 0
      for (let i = 0; i < ids.length; i++) n += bytesOf[ids[i] as number]?.length ?? 0
      const buf = new Uint8Array(n)
      let at = 0
      for (let i = 0; i < ids.length; i++) {
        const b = bytesOf[ids[i] as number]
        if (b === undefined) continue
        buf.set(b, at)
        at += b.length
      }
      return decoder.decode(buf)
    },
    tokenText: (id) => (id < BYTE_OFFSET ? (SPECIAL_TOKENS[id] ?? '') : decoder.decode(bytesOf[id] ?? new Uint8Array(0))),
    toJSON: () => ({ type: 'bpe', version: 1, merges: [...merges] }),
  }
}
