import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.ts'
import { embeddingBag, embeddingBagCounts, embeddingBagReference } from './text-embedding-bag.ts'
import { denseLayer } from './transformer-dense.ts'
import { embedTokens } from './transformer-embed.ts'
import { attention, attentionReference, matMul } from './transformer-kernels.ts'
import { layerNorm, layerNormReference } from './transformer-norm.ts'
import { softmaxXent } from './transformer-xent.ts'

// Every custom kernel against the same math in stock TF.js ops, forward and gradient, on both
// backends the kernels are registered for. Shapes cover the SIMD paths (multiples of 16 / 4) and the
// JS fallbacks (odd sizes), the K-blocked matmul (K > 256) and masks.

beforeAll(async () => {
  await selectBackend({ pin: 'wasm' })
})

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!)
const rn = (shape: number[], seed: number, mean = 0, std = 1) => tf.randomNormal(shape, mean, std, 'float32', seed)

/** Max |difference| of f and g and of their gradients with respect to every input, contracted with a fixed random tensor. */
function compare(f: (...xs: tf.Tensor[]) => tf.Tensor, g: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): { fwd: number; grad: number } {
  return tf.tidy(() => {
    const y1 = f(...inputs)
    const y2 = g(...inputs)
    const w = rn(y1.shape, 99)
    const g1 = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), w)))(inputs)
    const g2 = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(g(...xs), w)))(inputs)
    return { fwd: maxDiff(y1, y2), grad: Math.max(...g1.map((t, i) => maxDiff(t, g2[i]!))) }
  })
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`text-model kernels on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend)
    })

    it('matMul: every transpose combination, SIMD and fallback widths, K-blocked', () => {
      const cases: Array<[number, number, number, number]> = [[3, 5, 7, 16], [2, 9, 20, 32], [1, 40, 300, 64], [1, 7, 3, 6]]
      for (const [z, m, k, n] of cases) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
          const a = rn(ta ? [z, k, m] : [z, m, k], 1)
          const b = rn(tb ? [z, n, k] : [z, k, n], 2)
          const r = compare((x, y) => matMul(x!, y!, ta, tb, 0.5), (x, y) => tf.mul(tf.matMul(x!, y!, ta, tb), 0.5), [a, b])
          expect(r.fwd, `fwd ${[z, m, k, n, ta, tb]}`).toBeLessThan(1e-3)
          expect(r.grad, `grad ${[z, m, k, n, ta, tb]}`).toBeLessThan(2e-3)
        }
      }
    })

    it('attention: causal, key padding, both, and a length that is not a multiple of 4', () => {
      const cases: Array<{ b: number; t: number; d: number; h: number; causal: boolean; masked: boolean }> = [
        { b: 2, t: 16, d: 64, h: 4, causal: true, masked: false },
        { b: 3, t: 12, d: 32, h: 2, causal: false, masked: true },
        { b: 2, t: 8, d: 32, h: 2, causal: true, masked: true },
        { b: 2, t: 7, d: 24, h: 3, causal: true, masked: true },
      ]
      for (const c of cases) {
        const qkv = rn([c.b, c.t, 3 * c.d], 3)
        // Row i keeps its first t − 2i tokens (row 0 unpadded).
        const mask = c.masked ? tf.tensor2d(Array.from({ length: c.b * c.t }, (_, i) => (i % c.t < c.t - 2 * Math.floor(i / c.t) ? 1 : 0)), [c.b, c.t]) : null
        const r = compare((x) => attention(x!, c.h, c.causal, mask), (x) => attentionReference(x!, c.h, c.causal, mask), [qkv])
        expect(r.fwd, JSON.stringify(c)).toBeLessThan(1e-5)
        expect(r.grad, JSON.stringify(c)).toBeLessThan(1e-4)
      }
    })

    it('attention: a fully padded sequence gives zeros, not NaN', () => {
      const qkv = rn([2, 8, 48], 4)
      const mask = tf.tensor2d([[1, 1, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]])
      const out = attention(qkv, 2, false, mask).arraySync() as number[][][]
      expect(out[1]!.flat().every((v) => v === 0)).toBe(true)
      expect(out[0]!.flat().every(Number.isFinite)).toBe(true)
    })

    it('layer norm, dense (linear and ReLU), embeddings, cross-entropy, embedding bag', () => {
      for (const d of [64, 6]) {
        const r = compare((x, g, b) => layerNorm(x as tf.Tensor2D, g!, b!), (x, g, b) => layerNormReference(x as tf.Tensor2D, g!, b!), [rn([10, d], 5, 2, 3), rn([d], 6, 1, 0.2), rn([d], 7)])
        expect(r.fwd).toBeLessThan(1e-4)
        expect(r.grad).toBeLessThan(1e-3)
      }
      for (const [n, k, m] of [[50, 64, 256], [30, 300, 32], [9, 5, 6]]) {
        for (const act of ['linear', 'relu'] as const) {
          const stock = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
            const y = tf.add(tf.matMul(x, w), b)
            return act === 'relu' ? tf.relu(y) : y
          }
          const r = compare((x, w, b) => denseLayer(x as tf.Tensor2D, w!, b!, act), (x, w, b) => stock(x!, w!, b!), [rn([n!, k!], 8), rn([k!, m!], 9), rn([m!], 10)])
          expect(r.fwd, `${n} ${k} ${m} ${act}`).toBeLessThan(1e-3)
          expect(r.grad, `${n} ${k} ${m} ${act}`).toBeLessThan(1e-3)
        }
      }
      const ids = tf.tensor2d([[1, 2, 3, 0], [4, 4, 9, 1]], [2, 4], 'int32')
      const e = compare(
        (tok, pos) => embedTokens(ids, tok!, pos!),
        (tok, pos) => tf.reshape(tf.add(tf.reshape(tf.gather(tok!, tf.reshape(ids, [8])), [2, 4, 8]), tf.slice(pos!, [0, 0], [4, 8])), [8, 8]),
        [rn([10, 8], 11), rn([6, 8], 12)],
      )
      expect(e.fwd).toBeLessThan(1e-6)
      expect(e.grad).toBeLessThan(1e-5)
      for (const k of [96, 3]) {
        const labels = tf.tensor1d(Array.from({ length: 20 }, (_, i) => (i * 7) % k), 'int32')
        const x = compare((l) => softmaxXent(l as tf.Tensor2D, labels), (l) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, k), l!), [rn([20, k], 13, 0, 3)])
        expect(x.fwd).toBeLessThan(1e-5)
        expect(x.grad).toBeLessThan(1e-6)
      }
      for (const width of [64, 6]) {
        const bagIds = tf.tensor2d([[1, 2, 3, 0, 0], [0, 0, 0, 0, 0], [4, 4, 49, 7, 1]], [3, 5], 'int32') as tf.Tensor2D
        const b = compare((t) => embeddingBag(bagIds, t!, 0), (t) => embeddingBagReference(bagIds, t!, 0), [rn([50, width], 14)])
        expect(b.fwd).toBeLessThan(1e-6)
        expect(b.grad).toBeLessThan(1e-6)
        // The count-matrix route WebGL takes (a product each way instead of gather's gradient).
        const c = compare((t) => embeddingBagCounts(bagIds, t!, 0), (t) => embeddingBagReference(bagIds, t!, 0), [rn([50, width], 14)])
        expect(c.fwd).toBeLessThan(1e-5)
        expect(c.grad).toBeLessThan(1e-5)
      }
    })

    it('rejects token ids outside the vocabulary with a clear error', () => {
      const ids = tf.tensor2d([[1, 70]], [1, 2], 'int32') as tf.Tensor2D
      expect(() => embeddingBag(ids, rn([50, 8], 1), 0)).toThrow(/outside the vocabulary/)
      expect(() => embedTokens(ids, rn([50, 8], 1), rn([4, 8], 2))).toThrow(/outside the vocabulary/)
    })
  })
}
