import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.ts'
import type { BackendName } from '../backend.ts'
import type { Activation } from '../kernels.ts'
import { createOptimizer } from '../optimizers.ts'
import { trainRng } from '../random.ts'
import { createMlp } from './mlp.ts'
import type { MlpTask } from './mlp.ts'

const IN = 5
// 8 (a multiple of 4) takes the SIMD ReLU-gradient path on wasm, 6 the JS loop.
const HIDDEN = [8, 6]
const B = 4

function batch(task: MlpTask, out: number) {
  const rng = trainRng(9, 0)
  const x = Float32Array.from({ length: B * IN }, () => rng.next() * 2 - 1)
  const y = task === 'classification' ? Int32Array.from({ length: B }, (_, i) => i % out) : Float32Array.from({ length: B * out }, () => rng.next() * 4 - 2)
  return { x, y }
}

/** The same network in stock ops, differentiated by TF.js's autodiff. */
function autodiffGrads(weights: tf.Tensor[], x: Float32Array, y: Float32Array | Int32Array, task: MlpTask, act: Activation, out: number): Float32Array[] {
  return tf.tidy(() => {
    const f = (...ws: tf.Tensor[]) => {
      let h: tf.Tensor = tf.tensor2d(x, [B, IN])
      for (let l = 0; l < ws.length / 2; l++) {
        h = tf.add(tf.matMul(h as tf.Tensor2D, tf.reshape<tf.Rank.R2>(ws[2 * l]!, ws[2 * l]!.shape.slice(1) as [number, number])), ws[2 * l + 1]!)
        if (l < ws.length / 2 - 1) {
          if (act === 'relu') h = tf.relu(h)
          else if (act === 'tanh') h = tf.tanh(h)
          else if (act === 'sigmoid') h = tf.sigmoid(h)
          else if (act === 'elu') h = tf.elu(h)
        }
      }
      if (task === 'classification') return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y as Int32Array, 'int32'), out), h) as tf.Scalar
      return tf.mean(tf.square(tf.sub(h, tf.tensor2d(y as Float32Array, [B, out])))) as tf.Scalar
    }
    return tf.grads(f)(weights).map((g) => g.dataSync() as Float32Array)
  })
}

describe.each<BackendName>(['cpu', 'wasm'])('MLP hand-written backward pass on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ pin: backend })
  })

  it.each<[MlpTask, Activation]>([
    ['classification', 'relu'],
    ['classification', 'tanh'],
    ['classification', 'sigmoid'],
    ['classification', 'elu'],
    ['regression', 'relu'],
    ['regression', 'linear'],
  ])('%s with %s matches autodiff gradients', (task, activation) => {
    const out = task === 'classification' ? 3 : 2
    const mlp = createMlp({ inputSize: IN, hidden: HIDDEN, outputSize: out, task, activation, seed: 3 })
    const { x, y } = batch(task, out)
    const before = mlp.params.map((p) => p.dataSync().slice() as Float32Array)
    const want = autodiffGrads([...mlp.params], x, y, task, activation, out)
    // Plain SGD with lr 1: p_new = p − grad, so the update reveals the gradient.
    const opt = createOptimizer(mlp.params, { kind: 'sgd', learningRate: 1 })
    const loss = mlp.trainStep(x, y, B, opt, 1)
    expect(Number.isFinite(loss)).toBe(true)
    mlp.params.forEach((p, k) => {
      const after = p.dataSync()
      for (let i = 0; i < after.length; i++) expect(before[k]![i]! - after[i]!).toBeCloseTo(want[k]![i]!, 4)
    })
    opt.dispose()
    mlp.dispose()
  })

  it('wide layers (multiples of 16: the SIMD GEMM path on wasm) match autodiff too', () => {
    const mlp = createMlp({ inputSize: IN, hidden: [16, 32], outputSize: 16, task: 'classification', seed: 4 })
    const { x, y } = batch('classification', 16)
    const before = mlp.params.map((p) => p.dataSync().slice() as Float32Array)
    const want = autodiffGrads([...mlp.params], x, y, 'classification', 'relu', 16)
    const opt = createOptimizer(mlp.params, { kind: 'sgd', learningRate: 1 })
    mlp.trainStep(x, y, B, opt, 1)
    mlp.params.forEach((p, k) => {
      const after = p.dataSync()
      for (let i = 0; i < after.length; i++) expect(before[k]![i]! - after[i]!).toBeCloseTo(want[k]![i]!, 4)
    })
    opt.dispose()
    mlp.dispose()
  })

  it('keeps the live tensor count flat across steps and frees everything on dispose', () => {
    const start = tf.memory().numTensors
    const mlp = createMlp({ inputSize: IN, hidden: HIDDEN, outputSize: 3, task: 'classification', dropout: 0.3, seed: 1 })
    const opt = createOptimizer(mlp.params, { kind: 'adamw', learningRate: 0.01, weightDecay: 0.01, clipNorm: 1 })
    const { x, y } = batch('classification', 3)
    mlp.trainStep(x, y, B, opt, 0.01)
    const after1 = tf.memory().numTensors
    for (let i = 0; i < 20; i++) mlp.trainStep(x, y, B, opt, 0.01)
    mlp.predict(x, B)
    expect(tf.memory().numTensors).toBe(after1)
    opt.dispose()
    mlp.dispose()
    expect(tf.memory().numTensors).toBe(start)
  })

  it('learns: the loss on a fixed batch falls', () => {
    const mlp = createMlp({ inputSize: IN, hidden: HIDDEN, outputSize: 3, task: 'classification', seed: 2 })
    const opt = createOptimizer(mlp.params, { kind: 'adam', learningRate: 0.01 })
    const { x, y } = batch('classification', 3)
    const first = mlp.trainStep(x, y, B, opt, 0.01)
    let last = first
    for (let i = 0; i < 100; i++) last = mlp.trainStep(x, y, B, opt, 0.01)
    expect(last).toBeLessThan(first * 0.2)
    opt.dispose()
    mlp.dispose()
  })
})
