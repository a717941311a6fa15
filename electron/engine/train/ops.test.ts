import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from './backend.ts'
import type { BackendName } from './backend.ts'
import type { Activation } from './kernels.ts'
import { dense, matMul } from './ops.ts'

function close(a: tf.Tensor, b: tf.Tensor, digits = 4): void {
  const x = a.dataSync()
  const y = b.dataSync()
  expect(a.shape).toEqual(b.shape)
  for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(y[i]!, digits)
}

describe.each<BackendName>(['wasm', 'cpu'])('fast-path ops on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ pin: backend })
  })

  it('matMul with transpose flags equals the stock result', () => {
    tf.tidy(() => {
      const a = tf.randomNormal([6, 4], 0, 1, 'float32', 1) as tf.Tensor2D
      const b = tf.randomNormal([6, 5], 0, 1, 'float32', 2) as tf.Tensor2D
      close(matMul(a, b, true, false), tf.matMul(tf.transpose(a), b))
      close(matMul(b, b, false, true), tf.matMul(b, tf.transpose(b)))
    })
  })

  it.each<Activation>(['relu', 'tanh', 'sigmoid', 'elu', 'linear'])('dense(%s) has the autodiff gradient of the stock layer, also for [B, T, D] input', (act) => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3)
      const w = tf.randomNormal([4, 5], 0, 1, 'float32', 4) as tf.Tensor2D
      const b = tf.randomNormal([5], 0, 1, 'float32', 5) as tf.Tensor1D
      const stock = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => {
        const z = tf.add(tf.matMul(tf.reshape(xi, [-1, 4]), wi as tf.Tensor2D), bi)
        const y = act === 'relu' ? tf.relu(z) : act === 'tanh' ? tf.tanh(z) : act === 'sigmoid' ? tf.sigmoid(z) : act === 'elu' ? tf.elu(z) : z
        return tf.sum(tf.mul(tf.reshape(y, [2, 3, 5]), tf.linspace(-1, 1, 30).reshape([2, 3, 5])))
      }
      const ours = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(dense(xi, wi as tf.Tensor2D, bi as tf.Tensor1D, act), tf.linspace(-1, 1, 30).reshape([2, 3, 5])))
      close(ours(x, w, b), stock(x, w, b))
      const g1 = tf.grads(stock)([x, w, b])
      const g2 = tf.grads(ours)([x, w, b])
      for (let i = 0; i < 3; i++) close(g2[i]!, g1[i]!)
    })
  })
})
