import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.ts'
import { generateIds, sampleToken } from '../generate.ts'
import { createOptimizer } from '../optimizers.ts'
import { trainRng } from '../random.ts'
import { createLanguageModel } from './language-model.ts'
import type { LanguageModelConfig } from './language-model.ts'
import { lmWindows } from './text-data.ts'

beforeAll(async () => {
  await selectBackend({ pin: 'wasm' })
})

const SMALL: LanguageModelConfig = { vocabSize: 16, context: 16, dModel: 32, layers: 1, heads: 2, ff: 64, dropout: 0, tied: true, seed: 3 }

/** A char-like corpus: short "words" from a fixed list, random order, space-separated (ids 1..). */
function corpus(tokens: number, seed: number): Int32Array {
  const words = [[2, 3, 4], [5, 6], [7, 8, 9, 10], [11, 3, 12], [13, 14, 6]]
  const rng = trainRng(seed, 0)
  const out: number[] = []
  while (out.length < tokens) out.push(...words[rng.nextUint32() % words.length]!, 1)
  return Int32Array.from(out.slice(0, tokens))
}

/** Perplexity of the unigram model fitted on `train`, evaluated on `val` (next-token targets). */
function unigramPerplexity(train: Int32Array, val: Int32Array, vocab: number): number {
  const counts = new Float64Array(vocab).fill(1) // add-one smoothing
  for (const t of train) counts[t]!++
  const total = counts.reduce((a, b) => a + b, 0)
  let nll = 0
  for (let i = 1; i < val.length; i++) nll -= Math.log(counts[val[i]!]! / total)
  return Math.exp(nll / (val.length - 1))
}

describe('language model', () => {
  it('learns: validation perplexity far below a unigram model’s', () => {
    const train = corpus(6000, 1)
    const val = corpus(1200, 2)
    const lm = createLanguageModel(SMALL)
    const opt = createOptimizer(lm.store.vars, { kind: 'adam', learningRate: 3e-3 })
    const w = lmWindows(train, SMALL.context)
    const v = lmWindows(val, SMALL.context)
    const bs = 16
    const rng = trainRng(5, 0)
    for (let s = 0; s < 250; s++) {
      const batch = new Int32Array(bs * w.width)
      for (let i = 0; i < bs; i++) {
        const r = rng.nextUint32() % w.n
        batch.set(w.windows.subarray(r * w.width, (r + 1) * w.width), i * w.width)
      }
      lm.trainStep(batch, bs, opt, 3e-3)
    }
    const { nll, tokens } = lm.evaluate(v.windows, v.n)
    const ppl = Math.exp(nll / tokens)
    const unigram = unigramPerplexity(train, val, SMALL.vocabSize)
    // Within a word the next char is determined; only the word choice after a space is random
    // (5 ways): the floor is ≈ 5^(1/4.2) ≈ 1.5, the unigram model sits near 11.
    expect(unigram).toBeGreaterThan(8)
    expect(ppl).toBeLessThan(unigram / 3)
    opt.dispose()
    lm.dispose()
  }, 30_000)

  it('is causal: outputs at positions ≤ t do not change when tokens after t change', () => {
    const lm = createLanguageModel({ ...SMALL, layers: 2 })
    const a = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const b = a.slice()
    const t = 5
    for (let i = t + 1; i < b.length; i++) b[i] = 15 - (i % 5)
    const la = lm.logits(tf.tensor2d(a, [1, a.length], 'int32'))
    const lb = lm.logits(tf.tensor2d(b, [1, b.length], 'int32'))
    const va = la.arraySync() as number[][]
    const vb = lb.arraySync() as number[][]
    for (let i = 0; i <= t; i++) expect(vb[i]).toEqual(va[i])
    expect(vb[t + 1]).not.toEqual(va[t + 1])
    la.dispose()
    lb.dispose()
    lm.dispose()
  })

  it('leaks no tensors across training steps and evaluation', () => {
    const lm = createLanguageModel({ ...SMALL, dropout: 0.1 })
    const opt = createOptimizer(lm.store.vars, { kind: 'adamw', learningRate: 1e-3, weightDecay: 0.01 })
    const w = lmWindows(corpus(2000, 3), SMALL.context)
    const step = () => lm.trainStep(w.windows.subarray(0, 8 * w.width), 8, opt, 1e-3)
    step()
    lm.evaluate(w.windows.subarray(0, 10 * w.width), 10)
    lm.nextTokenLogits([1, 2, 3])
    const before = tf.memory().numTensors
    for (let i = 0; i < 5; i++) step()
    lm.evaluate(w.windows.subarray(0, 10 * w.width), 10)
    lm.nextTokenLogits([1, 2, 3])
    expect(tf.memory().numTensors).toBe(before)
    opt.dispose()
    lm.dispose()
  })

  it('trains identically from the same seed (cpu backend)', async () => {
    await tf.setBackend('cpu')
    try {
      const run = () => {
        const lm = createLanguageModel({ ...SMALL, dropout: 0.1 })
        const opt = createOptimizer(lm.store.vars, { kind: 'adam', learningRate: 1e-3 })
        const w = lmWindows(corpus(1000, 4), SMALL.context)
        const losses: number[] = []
        for (let i = 0; i < 3; i++) losses.push(lm.trainStep(w.windows.subarray(i * 4 * w.width, (i + 1) * 4 * w.width), 4, opt, 1e-3))
        opt.dispose()
        lm.dispose()
        return losses
      }
      expect(run()).toEqual(run())
    } finally {
      await tf.setBackend('wasm')
    }
  })

  it('generates the same text from the same seed, and other text from another', () => {
    const lm = createLanguageModel(SMALL)
    const next = (prefix: readonly number[]) => lm.nextTokenLogits(prefix)
    const a = generateIds(next, [2, 3], { maxTokens: 20, temperature: 1, seed: 7 })
    const b = generateIds(next, [2, 3], { maxTokens: 20, temperature: 1, seed: 7 })
    const c = generateIds(next, [2, 3], { maxTokens: 20, temperature: 1, seed: 8 })
    expect(a).toHaveLength(20)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
    lm.dispose()
  })
})

describe('sampling', () => {
  it('greedy at temperature 0, top-k restricts, banned ids never appear', () => {
    const logits = [0.1, 3, 2.9, -1, 0]
    const rng = trainRng(1, 0)
    expect(sampleToken(logits, rng, 0)).toBe(1)
    const seen = new Set<number>()
    for (let i = 0; i < 300; i++) seen.add(sampleToken(logits, rng, 1, 2, [1]))
    // top-2 of the allowed ids (1 is banned): 2 and 0
    expect([...seen].sort()).toEqual([0, 2])
  })
})
