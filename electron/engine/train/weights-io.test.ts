import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from './backend.ts'
import { fileIOHandler, loadWeights, saveWeights } from './weights-io.ts'

const dir = mkdtempSync(join(tmpdir(), 'sweeplab-weights-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeAll(async () => {
  await selectBackend({ pin: 'cpu' })
})

describe('TF.js weight files without tfjs-node', () => {
  it('round-trips named tensors and metadata through model.json + weights.bin', async () => {
    const a = tf.tensor2d([1.5, -2, 3, 4.25], [2, 2])
    const b = tf.tensor1d([7, 8, 9], 'int32')
    await saveWeights(join(dir, 'w'), { 'dense_0/kernel': a, 'dense_0/bias': b }, { trainer: 'tabular', classes: ['a', 'b'] })
    const json = JSON.parse(readFileSync(join(dir, 'w', 'model.json'), 'utf8'))
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin'])
    expect(readFileSync(join(dir, 'w', 'weights.bin')).byteLength).toBe(4 * 4 + 3 * 4)
    const { tensors, metadata } = await loadWeights(join(dir, 'w'))
    expect(metadata).toEqual({ trainer: 'tabular', classes: ['a', 'b'] })
    expect(tensors['dense_0/kernel']!.shape).toEqual([2, 2])
    expect(Array.from(tensors['dense_0/kernel']!.dataSync())).toEqual([1.5, -2, 3, 4.25])
    expect(tensors['dense_0/bias']!.dtype).toBe('int32')
    expect(Array.from(tensors['dense_0/bias']!.dataSync())).toEqual([7, 8, 9])
    for (const t of [a, b, ...Object.values(tensors)]) t.dispose()
  })

  it('saves and loads a Layers model through the IOHandler with identical predictions', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }), tf.layers.dense({ units: 2 })] })
    const x = tf.tensor2d([[0.1, 0.2, 0.3], [1, -1, 0.5]])
    const y1 = model.predict(x) as tf.Tensor
    await model.save(fileIOHandler(join(dir, 'layers')))
    const loaded = await tf.loadLayersModel(fileIOHandler(join(dir, 'layers')))
    const y2 = loaded.predict(x) as tf.Tensor
    expect(Array.from(y2.dataSync())).toEqual(Array.from(y1.dataSync()))
    for (const t of [x, y1, y2]) t.dispose()
    model.dispose()
    loaded.dispose()
  })
})
