import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { trainTokenizer } from '../../data/tokenize/create-tokenizer.ts'
import type { PreparedText } from '../../train/models/text-data.ts'
import { encodeWeightFiles } from '../../train/weights-format.ts'
import { packValue } from './pack.ts'
import type { PageRunMessage } from './page-protocol.ts'
import { packRuns, unpackRuns } from './page-runs.ts'

tf.env().set('PROD', true)

const tok = trainTokenizer({ type: 'word', vocabSize: 50 }, ['the cat sat on the mat', 'the dog sat'])
const text: PreparedText = {
  trainIds: Int32Array.from(tok.encode('the cat sat')),
  trainLabels: new Int32Array([1]),
  seqLen: 3,
  vocabSize: tok.vocabSize,
  padId: 0,
  labelNames: ['a', 'b'],
  tokenizer: tok.toJSON(),
  decode: (ids) => tok.decode(ids),
}

describe('runs crossing into a page', () => {
  it('gives a text run its encode/decode back from the tokenizer it carries', () => {
    const msg: PageRunMessage = { type: 'run', trialId: 1, trainer: 'text-classifier', params: {}, seed: 1, ...packRuns({ runs: [() => ({ trainer: 'text-classifier', data: text })], folds: false }) }
    const run = unpackRuns(JSON.parse(JSON.stringify(msg)) as PageRunMessage).runs[0]!()
    expect(run.trainer).toBe('text-classifier')
    const data = run.data as PreparedText
    expect(Array.from(data.trainIds)).toEqual(Array.from(text.trainIds))
    expect(data.decode!(data.encode!('the dog'))).toBe('the dog')
  })

  it('carries a finetune base as its weight files and decodes it once asked (after the backend loaded)', async () => {
    await tf.setBackend('cpu')
    const w = tf.tensor2d([[1, 2], [3, 4]])
    const files = await encodeWeightFiles({ 'tok/embedding': w }, { trainer: 'language-model' })
    w.dispose()
    const msg: PageRunMessage = {
      type: 'run', trialId: 2, trainer: 'finetune', params: {}, seed: 1, runs: [packValue(text)], folds: false,
      base: { modelJson: files.modelJson, weights: [packValue(files.weights)] },
    }
    const run = unpackRuns(JSON.parse(JSON.stringify(msg)) as PageRunMessage).runs[0]!()
    if (run.trainer !== 'finetune') throw new Error('not a finetune run')
    const base = await run.loadBase()
    expect(base.metadata).toEqual({ trainer: 'language-model' })
    expect(await base.tensors['tok/embedding']!.array()).toEqual([[1, 2], [3, 4]])
    for (const t of Object.values(base.tensors)) t.dispose()
  })

  it('refuses a finetune run without its base', () => {
    const msg: PageRunMessage = { type: 'run', trialId: 3, trainer: 'finetune', params: {}, seed: 1, runs: [packValue(text)], folds: false }
    expect(() => unpackRuns(msg).runs[0]!()).toThrow(/finetune: the run carries no base model/)
  })
})
