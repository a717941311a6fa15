import { describe, expect, it } from 'vitest'
import { createRng } from '../../search/rng.ts'
import { chooseBands, createMinHasher, estimateJaccard, exactJaccard, shingleHashes } from './minhash.ts'
import { nearDedup, type NearDedupOptions } from './near-dedup.ts'

const OPTS: NearDedupOptions = { text: 'text', threshold: 0.8, shingle: 'char', shingleSize: 5, permutations: 128, seed: 1 }

/** Two sets of 400 random hashes sharing `shared` members: Jaccard = shared / (800 - shared). */
function setPair(rng: ReturnType<typeof createRng>, shared: number): [Uint32Array, Uint32Array, number] {
  const common = Array.from({ length: shared }, () => rng.nextUint32())
  const a = [...common, ...Array.from({ length: 400 - shared }, () => rng.nextUint32())]
  const b = [...common, ...Array.from({ length: 400 - shared }, () => rng.nextUint32())]
  return [Uint32Array.from(a).sort(), Uint32Array.from(b).sort(), shared / (800 - shared)]
}

describe('MinHash', () => {
  it('estimates Jaccard similarity within its standard error', () => {
    const rng = createRng(42)
    const sign = createMinHasher(128, 7)
    const errors: number[] = []
    for (let k = 0; k < 60; k++) {
      const [a, b, truth] = setPair(rng, 40 + 6 * k)
      expect(exactJaccard(a, b)).toBeCloseTo(truth, 12)
      errors.push(estimateJaccard(sign(a), sign(b)) - truth)
    }
    // Standard error at 128 permutations is at most √(0.25/128) = 0.044: the mean must be unbiased
    // and no single estimate should be off by more than 4 standard errors.
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length
    const meanAbs = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length
    expect(Math.abs(mean)).toBeLessThan(0.015)
    expect(meanAbs).toBeLessThan(0.045)
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(0.18)
  })

  it('gives identical sets identical signatures and the same seed the same signature', () => {
    const s = shingleHashes('the quick brown fox', 'char', 5)
    expect(createMinHasher(64, 3)(s)).toEqual(createMinHasher(64, 3)(s))
    expect(createMinHasher(64, 3)(s)).not.toEqual(createMinHasher(64, 4)(s))
  })

  it('shingles characters and words, short texts as one shingle', () => {
    expect(shingleHashes('abcdef', 'char', 5)).toHaveLength(2)
    expect(shingleHashes('abc', 'char', 5)).toHaveLength(1)
    expect(shingleHashes('a b c d', 'word', 3)).toHaveLength(2)
    expect(shingleHashes('', 'char', 5)).toHaveLength(0)
  })

  it('picks a banding whose S-curve crosses near the threshold', () => {
    const { bands, rows } = chooseBands(0.8, 128)
    expect(bands * rows).toBeLessThanOrEqual(128)
    const p = (s: number): number => 1 - (1 - s ** rows) ** bands
    expect(p(0.85)).toBeGreaterThan(0.95)
    expect(p(0.4)).toBeLessThan(0.05)
  })
})

describe('near-duplicate removal', () => {
  const base = 'Congratulations! You have been selected to receive a free cruise to the Bahamas. Call now to claim your prize before Friday.'

  it('drops a known near-duplicate and keeps distinct texts', () => {
    const rows = [
      { text: base, label: 'spam' },
      { text: 'Meeting moved to 3pm tomorrow, same room. Bring the quarterly numbers please.', label: 'ham' },
      { text: base.replace('Friday', 'Monday').replace('free', 'FREE'), label: 'spam' },
      { text: 'Your package could not be delivered; reply with your address to reschedule delivery.', label: 'spam' },
    ]
    const out = nearDedup(rows, { ...OPTS, label: 'label' })
    expect(out.rows.map((r) => r.text)).toEqual([rows[0]?.text, rows[1]?.text, rows[3]?.text])
    expect(out.removed).toBe(1)
    expect(out.crossLabel).toBe(0)
    expect(out.examples).toEqual([{ removed: 2, keptAs: 0, similarity: expect.any(Number) }])
    expect(out.examples[0]?.similarity).toBeGreaterThanOrEqual(0.8)
  })

  it('never drops a pair below the threshold, and counts cross-label twins', () => {
    const half = base.slice(0, 60)
    const rows = [{ text: base, label: 'a' }, { text: half, label: 'a' }, { text: `${base} `, label: 'b' }]
    const out = nearDedup(rows, { ...OPTS, label: 'label' })
    expect(out.rows.map((r) => r.text)).toEqual([base, half])
    expect(out.crossLabel).toBe(1)
  })

  it('is deterministic for a seed', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ text: `${base.slice(i % 40)} #${i % 97}` }))
    expect(nearDedup(rows, OPTS).rows).toEqual(nearDedup(rows, OPTS).rows)
  })

  it('handles 100k short documents in seconds', () => {
    const rng = createRng(5)
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`)
    const rows = Array.from({ length: 100_000 }, () => ({
      text: Array.from({ length: 12 }, () => words[rng.nextUint32() % words.length]).join(' '),
    }))
    for (let i = 0; i < 1000; i++) rows[i * 100 + 50] = { text: `${rows[i * 100]?.text} ok` } // 1,000 planted near-twins
    const t0 = performance.now()
    const out = nearDedup(rows, OPTS)
    const ms = performance.now() - t0
    expect(out.removed).toBeGreaterThanOrEqual(1000)
    expect(out.removed).toBeLessThan(1010)
    expect(ms).toBeLessThan(20_000)
    console.log(`near-dedup: 100,000 docs in ${Math.round(ms)} ms, ${out.candidatePairs} candidate pairs, ${out.removed} removed`)
  })
})
