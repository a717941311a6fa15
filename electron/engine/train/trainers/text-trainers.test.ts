import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import type { TrainerContext } from '../../workers/trainers.ts'
import { nodeTrainerPlatform } from '../../workers/node-platform.ts'
import { loadWeights } from '../weights-io.ts'
import { trainRng } from '../random.ts'
import type { PreparedText } from '../models/text-data.ts'
import { FINETUNE_PARAM_NAMES, createFinetuneTrainer, trainFinetune } from './finetune.ts'
import { LANGUAGE_MODEL_PARAM_NAMES, trainLanguageModel } from './language-model.ts'
import { TEXT_CLASSIFIER_PARAM_NAMES, createTextClassifierTrainer, trainTextClassifier } from './text-classifier.ts'

const root = mkdtempSync(join(tmpdir(), 'sweeplab-text-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let trialNo = 0

function context(params: Record<string, unknown>, seed = 1) {
  const records: Array<Record<string, unknown>> = []
  const logs: string[] = []
  const dir = join(root, `trial-${++trialNo}`)
  const ctx: TrainerContext = {
    params: { backend: 'wasm', ...params },
    seed,
    ...nodeTrainerPlatform(dir),
    report: (r) => records.push(r),
    log: (_s, line) => logs.push(line),
    signal: new AbortController().signal,
  }
  const epochs = () => records.filter((r) => 'epoch' in r && 'val_loss' in r)
  return { ctx, dir, records, logs, epochs }
}

// ---- data ---------------------------------------------------------------------------------------
const KEYWORD = 7
/** Keyword task (see models/text-classifier-model.test.ts): label 1 rows contain token 7; 3:1 class ratio. */
function keywordRows(n: number, seed: number, seq: number, vocab: number): { ids: Int32Array; labels: Int32Array } {
  const rng = trainRng(seed, 0)
  const ids = new Int32Array(n * seq)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const len = 4 + (rng.nextUint32() % (seq - 3))
    for (let t = 0; t < len; t++) {
      const id = 4 + (rng.nextUint32() % (vocab - 4))
      ids[i * seq + t] = id === KEYWORD ? 8 : id
    }
    labels[i] = rng.next() < 0.25 ? 1 : 0
    if (labels[i]) ids[i * seq + (rng.nextUint32() % len)] = KEYWORD
  }
  return { ids, labels }
}

function keywordDataset(): PreparedText {
  const tr = keywordRows(1500, 1, 16, 50)
  const va = keywordRows(300, 2, 16, 50)
  const te = keywordRows(300, 3, 16, 50)
  return { trainIds: tr.ids, trainLabels: tr.labels, valIds: va.ids, valLabels: va.labels, testIds: te.ids, testLabels: te.labels, seqLen: 16, vocabSize: 50, padId: 0, labelNames: ['ham', 'spam'] }
}

/**
 * Two "topics" of 100 tokens each (ids 4..103 and 104..203). An LM corpus of topic documents teaches
 * which tokens go together; the labeled task is to name a short sequence's topic from 8 examples,
 * so most test tokens never occur in the labeled rows.
 */
const TOPIC_VOCAB = 204
const TOPIC = (k: number, rng: ReturnType<typeof trainRng>) => 4 + 100 * k + (rng.nextUint32() % 100)
function topicCorpus(docs: number, seed: number): Int32Array {
  const rng = trainRng(seed, 0)
  const out: number[] = []
  for (let d = 0; d < docs; d++) {
    const k = rng.nextUint32() % 2
    for (let i = 0; i < 24; i++) out.push(TOPIC(k, rng))
    out.push(3) // <eos>
  }
  return Int32Array.from(out)
}
function topicRows(n: number, seed: number, seq: number): { ids: Int32Array; labels: Int32Array } {
  const rng = trainRng(seed, 0)
  const ids = new Int32Array(n * seq)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2
    for (let t = 0; t < seq - 2; t++) ids[i * seq + t] = TOPIC(labels[i]!, rng)
  }
  return { ids, labels }
}

const charCodec = {
  decode: (ids: ArrayLike<number>) => Array.from(ids, (i) => String.fromCharCode(96 + i)).join(''),
  encode: (s: string) => Array.from(s, (c) => c.charCodeAt(0) - 96),
}

// ---- text-classifier ----------------------------------------------------------------------------
describe('text-classifier trainer', () => {
  it('reports loss, val_loss, accuracy, precision, recall, f1 per epoch and writes the confusion matrix', async () => {
    const { ctx, dir, records, epochs } = context({ epochs: 4, batch_size: 32, learning_rate: 0.01, embedding: 32, hidden: 32, save: 'best' })
    const r = await trainTextClassifier(ctx, keywordDataset())
    expect(r.status).toBe('completed')
    expect(r.backend).toBe('wasm')
    const ep = epochs()
    expect(ep).toHaveLength(4)
    for (const k of ['loss', 'val_loss', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1']) expect(typeof ep[3]![k]).toBe('number')
    expect(ep[3]!.val_accuracy).toBeGreaterThan(0.9) // majority 0.75
    expect(ep[3]!.val_loss).toBeLessThan(ep[0]!.val_loss as number)
    const final = records.find((x) => 'per_class' in x)!
    expect(Object.keys(final.per_class as object)).toEqual(['ham', 'spam'])
    expect(final.test_accuracy).toBeGreaterThan(0.9)
    const cm = JSON.parse(readFileSync(join(dir, 'confusion_matrix.json'), 'utf8')) as { labels: string[]; matrix: number[][] }
    expect(cm.labels).toEqual(['ham', 'spam'])
    expect(cm.matrix.flat().reduce((a, b) => a + b, 0)).toBe(300)
    expect(existsSync(join(dir, 'model', 'model.json'))).toBe(true)
  }, 30_000)

  it('an unknown parameter is an error naming the accepted list, before any data is loaded', async () => {
    let loaded = false
    const trainer = createTextClassifierTrainer(() => {
      loaded = true
      return keywordDataset()
    })
    await expect(trainer(context({ embeding: 32 }).ctx)).rejects.toThrow(/unknown parameter "embeding".*accepts .*embedding/)
    expect(loaded).toBe(false)
    for (const k of ['learning_rate', 'batch_size', 'epochs', 'optimizer', 'dropout', 'weight_decay', 'schedule', 'seed', 'arch', 'embedding', 'hidden', 'd_model', 'layers', 'heads', 'ff']) {
      expect(TEXT_CLASSIFIER_PARAM_NAMES).toContain(k)
    }
    for (const k of ['d_model', 'layers', 'heads', 'ff', 'context', 'dropout', 'temperature']) expect(LANGUAGE_MODEL_PARAM_NAMES).toContain(k)
    for (const k of ['init_from', 'freeze_base', 'hidden']) expect(FINETUNE_PARAM_NAMES).toContain(k)
  })

  it('the transformer arch trains through the trainer and the live tensor count is flat across epochs', async () => {
    const counts: number[] = []
    const { ctx } = context({ arch: 'transformer', epochs: 3, batch_size: 64, d_model: 32, layers: 1, heads: 2, ff: 64, hidden: 0, learning_rate: 3e-3, dropout: 0.1 })
    const report = ctx.report
    ctx.report = (r) => {
      if ('val_loss' in r) counts.push(tf.memory().numTensors)
      report(r)
    }
    const r = await trainTextClassifier(ctx, keywordDataset())
    expect(r.status).toBe('completed')
    expect(counts).toHaveLength(3)
    expect(new Set(counts).size).toBe(1)
  }, 30_000)
})

// ---- language-model and finetune ----------------------------------------------------------------
describe('language-model trainer', () => {
  it('reports perplexity and val_perplexity, writes samples and weights', async () => {
    const words = ['abc', 'de', 'fghi', 'jbk', 'lmn']
    const rng = trainRng(4, 0)
    const text = (n: number) => Array.from({ length: n }, () => words[rng.nextUint32() % 5]).join(' ')
    const data: PreparedText = { trainIds: Int32Array.from(charCodec.encode(text(1500))), valIds: Int32Array.from(charCodec.encode(text(200))), seqLen: 0, vocabSize: 27, ...charCodec }
    // ' ' encodes to −64: use 0 (pad) for it instead, so ids stay in range and are never sampled.
    data.trainIds = data.trainIds.map((v) => (v < 0 ? 0 : v))
    data.valIds = data.valIds!.map((v) => (v < 0 ? 0 : v))
    const { ctx, dir, records, epochs } = context({ epochs: 3, context: 16, d_model: 32, layers: 1, heads: 2, ff: 64, learning_rate: 3e-3, batch_size: 16, save: 'last', samples: 2, sample_length: 30 })
    const r = await trainLanguageModel(ctx, data)
    expect(r.status).toBe('completed')
    const ep = epochs()
    expect(ep).toHaveLength(3)
    for (const k of ['loss', 'val_loss', 'perplexity', 'val_perplexity']) expect(Number.isFinite(ep[2]![k])).toBe(true)
    expect(ep[2]!.val_perplexity).toBeCloseTo(Math.exp(ep[2]!.val_loss as number), 6)
    expect(ep[2]!.val_perplexity).toBeLessThan(ep[0]!.val_perplexity as number)
    expect(records.some((x) => 'loss' in x && !('val_loss' in x))).toBe(true) // per-step records too
    expect(r.samples).toHaveLength(2)
    expect(r.samples[0]!.text.length).toBeGreaterThan(0)
    const saved = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')) as { samples: unknown[] }
    expect(saved.samples).toHaveLength(2)
    expect(existsSync(join(dir, 'model', 'weights.bin'))).toBe(true)
  }, 30_000)
})

describe('finetune trainer', () => {
  it('a pretrained base beats the same model trained from scratch on a small labeled set', async () => {
    // Pre-train on the topic corpus.
    const lm = context({ epochs: 4, context: 16, d_model: 32, layers: 1, heads: 2, ff: 64, learning_rate: 3e-3, batch_size: 32, save: 'last', samples: 0 })
    const pre = await trainLanguageModel(lm.ctx, { trainIds: topicCorpus(800, 1), valIds: topicCorpus(60, 2), seqLen: 0, vocabSize: TOPIC_VOCAB })
    expect(pre.status).toBe('completed')
    // 8 labeled rows; 400 test rows.
    const tr = topicRows(8, 3, 12)
    const te = topicRows(400, 4, 12)
    const labeled: PreparedText = { trainIds: tr.ids, trainLabels: tr.labels, testIds: te.ids, testLabels: te.labels, seqLen: 12, vocabSize: TOPIC_VOCAB, labelNames: ['a', 'b'] }
    const params = { epochs: 40, batch_size: 8, learning_rate: 3e-3, hidden: 16 }
    const accuracy = (records: Array<Record<string, unknown>>) => records.find((x) => 'test_accuracy' in x)!.test_accuracy as number

    const base = { vocabSize: TOPIC_VOCAB, context: 16, dModel: 32, layers: 1, heads: 2, ff: 64, dropout: 0, tied: true, seed: 1 }
    // Three seeds each: the from-scratch result depends a lot on its random init (0.64–0.92 measured).
    const frozen: number[] = []
    const scratch: number[] = []
    for (const seed of [1, 2, 3]) {
      const f = context({ ...params, init_from: 'lm', freeze_base: true }, seed)
      await trainFinetune(f.ctx, labeled, () => loadWeights(join(lm.dir, 'model')))
      frozen.push(accuracy(f.records))
      const s = context(params, seed)
      await trainFinetune(s.ctx, labeled, null, base)
      scratch.push(accuracy(s.records))
    }
    const full = context({ ...params, init_from: 'lm' })
    await trainFinetune(full.ctx, labeled, () => loadWeights(join(lm.dir, 'model')))
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    // Measured (wasm): frozen 1.0, 1.0, 1.0; scratch 0.64, 0.92, 0.65; full fine-tune (seed 1) 1.0.
    // Most test tokens never occur in the 8 labeled rows; the pre-trained base has seen them all.
    expect(Math.min(...frozen)).toBeGreaterThan(0.85)
    expect(mean(frozen)).toBeGreaterThan(mean(scratch) + 0.1)
    expect(accuracy(full.records)).toBeGreaterThan(mean(scratch) + 0.05)
  }, 60_000)

  it('needs init_from, and rejects weights that are not a language model’s', async () => {
    const trainer = createFinetuneTrainer(
      () => ({ trainIds: new Int32Array(8), trainLabels: new Int32Array(1), seqLen: 8, vocabSize: 10 }),
      () => () => loadWeights(join(root, 'nowhere')),
    )
    await expect(trainer(context({}).ctx)).rejects.toThrow(/init_from is required/)
    const clf = context({ epochs: 1, save: 'last', embedding: 16, hidden: 0 })
    await trainTextClassifier(clf.ctx, keywordDataset())
    const data: PreparedText = { trainIds: new Int32Array(16), trainLabels: new Int32Array(1), seqLen: 16, vocabSize: 50 }
    await expect(trainFinetune(context({ init_from: 'x' }).ctx, data, () => loadWeights(join(clf.dir, 'model')))).rejects.toThrow(/language-model trial/)
  }, 30_000)
})
