import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from './backend.ts'
import { activationGrad, mseGrad, setSimdEnabled, softmaxCrossEntropyGrad } from './kernels.ts'
import { createOptimizer } from './optimizers.ts'
import type { OptimizerConfig } from './optimizers.ts'
import { trainRng } from './random.ts'

const rand = (n: number, seed: number, lo = -1, hi = 1) => {
  const r = trainRng(seed, 0)
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r.next())
}

beforeAll(async () => {
  await selectBackend({ pin: 'wasm' })
})
afterAll(() => setSimdEnabled(true))

/** Runs `f` with the WebAssembly SIMD paths on and off and returns both results. */
function bothWays<T>(f: () => T): [T, T] {
  setSimdEnabled(true)
  const a = f()
  setSimdEnabled(false)
  const b = f()
  setSimdEnabled(true)
  return [a, b]
}

describe('custom kernels on wasm: SIMD paths equal the JS loops', () => {
  it('ReLU gradient with and without a dropout mask, bias gradient included', () => {
    for (const withMask of [false, true]) {
      const [simd, js] = bothWays(() =>
        tf.tidy(() => {
          const dy = tf.tensor3d(rand(6 * 12, 1), [1, 6, 12])
          const y = tf.relu(tf.tensor3d(rand(6 * 12, 2), [1, 6, 12])) as tf.Tensor3D
          const mask = withMask ? tf.tensor3d(rand(6 * 12, 3, 0, 2), [1, 6, 12]) : undefined
          const g = activationGrad(dy, y, 'relu', mask)
          return [Array.from(g.dz.dataSync()), Array.from(g.dBias.dataSync())]
        }),
      )
      for (let k = 0; k < 2; k++) for (let i = 0; i < js[k]!.length; i++) expect(simd[k]![i]).toBeCloseTo(js[k]![i]!, 5)
      // And against stock ops.
      const stock = tf.tidy(() => {
        const dy = tf.tensor2d(rand(6 * 12, 1), [6, 12])
        const y = tf.relu(tf.tensor2d(rand(6 * 12, 2), [6, 12]))
        const m = withMask ? tf.tensor2d(rand(6 * 12, 3, 0, 2), [6, 12]) : tf.onesLike(dy)
        const dz = tf.mul(tf.mul(dy, m), tf.step(y))
        return [Array.from(dz.dataSync()), Array.from(tf.sum(dz, 0).dataSync())]
      })
      for (let k = 0; k < 2; k++) for (let i = 0; i < js[k]!.length; i++) expect(simd[k]![i]).toBeCloseTo(stock[k]![i]!, 5)
    }
  })

  it.each<[string, OptimizerConfig]>([
    ['adam', { kind: 'adam', learningRate: 0.01 }],
    ['adamw + clipping', { kind: 'adamw', learningRate: 0.01, weightDecay: 0.1, clipNorm: 0.5 }],
    ['sgd', { kind: 'sgd', learningRate: 0.1, l2: 0.01 }],
    ['sgd + momentum', { kind: 'sgd', learningRate: 0.1, momentum: 0.9 }],
    ['sgd + nesterov', { kind: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }],
  ])('optimizer update (%s) on sizes with and without a < 4 tail', (_n, cfg) => {
    const [simd, js] = bothWays(() => {
      const shapes = [[3, 5], [7], [1, 8, 4]]
      const params = shapes.map((s, i) => {
        const t = tf.tensor(rand(s.reduce((a, b) => a * b), 10 + i), s)
        const v = tf.variable(t)
        t.dispose()
        return v
      })
      const opt = createOptimizer(params, cfg)
      for (let step = 0; step < 4; step++) {
        const grads = shapes.map((s, i) => tf.tensor(rand(s.reduce((a, b) => a * b), 100 * step + i), s))
        opt.step(grads)
        grads.forEach((g) => g.dispose())
      }
      const out = params.map((p) => Array.from(p.dataSync()))
      const norm = opt.lastGradNorm
      opt.dispose()
      params.forEach((p) => p.dispose())
      return { out, norm }
    })
    expect(simd.norm).toBeCloseTo(js.norm, 4)
    simd.out.forEach((p, k) => p.forEach((v, i) => expect(v).toBeCloseTo(js.out[k]![i]!, 5)))
  })

  it('loss kernels: softmax cross-entropy and MSE gradients equal stock ops', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d(rand(5 * 4, 7, -3, 3), [5, 4])
      const labels = tf.tensor1d([0, 3, 1, 1, 2], 'int32')
      const g = softmaxCrossEntropyGrad(logits, labels)
      const f = (l: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 4), l) as tf.Scalar
      const want = tf.grad(f)(logits)
      expect(g.loss).toBeCloseTo(f(logits).dataSync()[0]!, 5)
      Array.from(want.dataSync()).forEach((v, i) => expect(g.dOut.dataSync()[i]).toBeCloseTo(v, 5))
      Array.from(tf.sum(want, 0).dataSync()).forEach((v, i) => expect(g.dBias.dataSync()[i]).toBeCloseTo(v, 5))
      const pred = tf.tensor2d(rand(6, 8), [3, 2])
      const target = tf.tensor2d(rand(6, 9), [3, 2])
      const m = mseGrad(pred, target)
      const mf = (p: tf.Tensor) => tf.mean(tf.square(tf.sub(p, target))) as tf.Scalar
      expect(m.loss).toBeCloseTo(mf(pred).dataSync()[0]!, 5)
      Array.from(tf.grad(mf)(pred).dataSync()).forEach((v, i) => expect(m.dOut.dataSync()[i]).toBeCloseTo(v, 5))
    })
  })
})
