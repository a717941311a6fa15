import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from './backend.ts'
import { gemm, gemmApplies } from './gemm.ts'
import { trainRng } from './random.ts'

const rand = (shape: number[], seed: number) => {
  const r = trainRng(seed, 0)
  return tf.tensor3d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => r.next() * 2 - 1), shape as [number, number, number])
}

describe('SIMD GEMM on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ pin: 'wasm' })
  })

  it('applies to output widths that are multiples of 16, on wasm only', () => {
    expect(gemmApplies(32)).toBe(true)
    expect(gemmApplies(10)).toBe(false)
  })

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('transposeA=%s transposeB=%s equals tf.matMul, with bias and ReLU, odd M', (tA, tB) => {
    tf.tidy(() => {
      const [m, k, n] = [7, 5, 32]
      const a = rand(tA ? [1, k, m] : [1, m, k], 1)
      const b = rand(tB ? [1, n, k] : [1, k, n], 2)
      const bias = rand([1, 1, n], 3).reshape([n]) as tf.Tensor1D
      const want = tf.matMul(a, b, tA, tB)
      const got = gemm(a, b, { transposeA: tA, transposeB: tB })
      expect(got.shape).toEqual([1, m, n])
      const w = want.dataSync()
      got.dataSync().forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 4))
      const fused = gemm(a, b, { transposeA: tA, transposeB: tB, bias, relu: true }).dataSync()
      tf.relu(tf.add(want, bias)).dataSync().forEach((v, i) => expect(fused[i]).toBeCloseTo(v, 4))
    })
  })

  it('leaves no tensors behind (the transposed-B scratch buffer is freed)', () => {
    const a = rand([1, 4, 8], 4)
    const b = rand([1, 16, 8], 5)
    const before = tf.memory().numTensors
    for (let i = 0; i < 5; i++) gemm(a, b, { transposeB: true }).dispose()
    expect(tf.memory().numTensors).toBe(before)
    a.dispose()
    b.dispose()
  })
})
