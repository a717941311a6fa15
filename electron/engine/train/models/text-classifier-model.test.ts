import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.ts'
import { argmaxRows } from '../metrics.ts'
import { createOptimizer } from '../optimizers.ts'
import { trainRng } from '../random.ts'
import { createTextClassifier } from './text-classifier-model.ts'
import type { TextClassifierConfig } from './text-classifier-model.ts'

beforeAll(async () => {
  await selectBackend({ pin: 'wasm' })
})

const KEYWORD = 7
const VOCAB = 60
const SEQ = 16

/**
 * Keyword task: random tokens 2..59 (never the keyword) of length 4..16 padded with 0; label 1 rows
 * get the keyword at a random position. 3 of 4 rows are label 0, so the majority rate is 0.75.
 */
export function keywordData(n: number, seed: number): { ids: Int32Array; labels: Int32Array } {
  const rng = trainRng(seed, 0)
  const ids = new Int32Array(n * SEQ)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const len = 4 + (rng.nextUint32() % (SEQ - 3))
    for (let t = 0; t < len; t++) {
      let id = 2 + (rng.nextUint32() % (VOCAB - 2))
      if (id === KEYWORD) id = 8
      ids[i * SEQ + t] = id
    }
    labels[i] = rng.next() < 0.25 ? 1 : 0
    if (labels[i]) ids[i * SEQ + (rng.nextUint32() % len)] = KEYWORD
  }
  return { ids, labels }
}

const BASE: TextClassifierConfig = { arch: 'bow', vocabSize: VOCAB, seqLen: SEQ, numClasses: 2, embedding: 32, hidden: 32, dropout: 0, padId: 0, seed: 1, layers: 1, heads: 2, ff: 64 }

function trainAndScore(cfg: TextClassifierConfig, steps: number, lr: number): number {
  const train = keywordData(2000, 1)
  const test = keywordData(500, 2)
  const model = createTextClassifier(cfg)
  const opt = createOptimizer(model.store.vars, { kind: 'adam', learningRate: lr })
  const bs = 32
  for (let s = 0; s < steps; s++) {
    const o = (s * bs) % (2000 - bs)
    model.trainStep(train.ids.subarray(o * SEQ, (o + bs) * SEQ), train.labels.subarray(o, o + bs), bs, opt, lr)
  }
  const pred = argmaxRows(model.predict(test.ids, 500), 500, 2)
  let ok = 0
  for (let i = 0; i < 500; i++) if (pred[i] === test.labels[i]) ok++
  opt.dispose()
  model.dispose()
  return ok / 500
}

describe('text classifier', () => {
  it('bag of words learns the keyword task well above the majority rate', () => {
    const acc = trainAndScore(BASE, 300, 1e-2)
    expect(acc).toBeGreaterThan(0.93) // majority rate 0.75
  }, 30_000)

  it('the transformer encoder learns it too', () => {
    const acc = trainAndScore({ ...BASE, arch: 'transformer', embedding: 32, layers: 1 }, 300, 3e-3)
    expect(acc).toBeGreaterThan(0.9)
  }, 30_000)

  it('padding is invisible: changing the pad embedding and padded positions leaves the logits alone', () => {
    for (const arch of ['bow', 'transformer'] as const) {
      const model = createTextClassifier({ ...BASE, arch, embedding: 32 })
      const ids = Int32Array.from([5, 9, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* row 2 */ 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0, 0, 0])
      const before = model.predict(ids, 2)
      const tok = model.store.get('tok_emb')
      tok.assign(tf.tidy(() => tf.concat([tf.fill([1, 32], 5), tf.slice(tok, [1, 0], [VOCAB - 1, 32])])))
      if (arch === 'transformer') {
        const pos = model.store.get('pos_emb')
        pos.assign(tf.tidy(() => tf.concat([tf.slice(pos, [0, 0], [3, 32]), tf.randomNormal([SEQ - 3, 32], 0, 3, 'float32', 9)])))
      }
      const after = model.predict(ids, 2)
      // Row 1's logits (indices 0 and 1) depend on its 3 real tokens only.
      expect(Math.abs(after[0]! - before[0]!)).toBeLessThan(1e-5)
      expect(Math.abs(after[1]! - before[1]!)).toBeLessThan(1e-5)
      model.dispose()
    }
  })

  it('a row in a batch gets the same logits as alone (no cross-row leakage through masks)', () => {
    const model = createTextClassifier({ ...BASE, arch: 'transformer' })
    const { ids } = keywordData(8, 3)
    const all = model.predict(ids, 8)
    const one = model.predict(ids.subarray(3 * SEQ, 4 * SEQ), 1)
    expect(one[0]).toBeCloseTo(all[6]!, 5)
    expect(one[1]).toBeCloseTo(all[7]!, 5)
    model.dispose()
  })

  it('leaks no tensors across steps and predictions, with dropout on', () => {
    for (const arch of ['bow', 'transformer'] as const) {
      const model = createTextClassifier({ ...BASE, arch, dropout: 0.2 })
      const opt = createOptimizer(model.store.vars, { kind: 'sgd', learningRate: 0.1, momentum: 0.9 })
      const { ids, labels } = keywordData(64, 4)
      model.trainStep(ids, labels, 64, opt, 0.1)
      model.predict(ids, 64)
      const before = tf.memory().numTensors
      for (let i = 0; i < 4; i++) model.trainStep(ids, labels, 64, opt, 0.1)
      model.predict(ids, 64)
      expect(tf.memory().numTensors).toBe(before)
      opt.dispose()
      model.dispose()
    }
  })
})
