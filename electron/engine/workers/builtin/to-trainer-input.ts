import type { PreparedDataset, PreparedSplits, EncodedSplit } from '../../data/prepared-types.ts'
import type { PreparedTabular, TabularSplit } from '../../train/trainers/tabular-data.ts'
import { joinRows, padRows, type PreparedText } from '../../train/models/text-data.ts'
import { tokenizerFromJson } from '../../data/tokenize/create-tokenizer.ts'
import { EOS_ID, PAD_ID } from '../../data/tokenize/tokenizer-types.ts'

function tabularSplit(s: EncodedSplit, width: number, regression: boolean): TabularSplit | undefined {
  const n = s.rows.length
  if (n === 0) return undefined
  const x = s.features ?? new Float32Array(0)
  if (x.length !== n * width) throw new Error(`prepared tabular split has ${x.length} feature values for ${n} rows × ${width} features`)
  const y = regression ? (s.targets ?? new Float32Array(n)) : (s.labels ?? new Int32Array(n))
  return { n, x, y }
}

/** The data pipeline's encoded splits as the tabular trainer's input. */
export function toPreparedTabular(data: PreparedDataset, splits: PreparedSplits): PreparedTabular {
  if (data.task !== 'tabular-classification' && data.task !== 'tabular-regression') {
    throw new Error(`the tabular trainer needs feature columns and a label or target; dataset "${data.name}" is ${data.task}`)
  }
  const names = splits.features?.names ?? []
  const regression = data.task === 'tabular-regression'
  const train = tabularSplit(splits.train, names.length, regression)
  if (!train) throw new Error(`dataset "${data.name}": the training split is empty`)
  const val = tabularSplit(splits.validation, names.length, regression)
  const test = tabularSplit(splits.test, names.length, regression)
  return {
    task: regression ? 'regression' : 'classification',
    numFeatures: names.length,
    featureNames: names,
    ...(regression ? { numTargets: 1 } : { classNames: data.labelNames }),
    train,
    ...(val ? { val } : {}),
    ...(test ? { test } : {}),
  }
}

/** Classifier rows are cut to this many tokens at most; shorter data uses its own 95th percentile length. */
const MAX_SEQ_LEN = 256

function rowLengthP95(s: EncodedSplit): number {
  const off = s.offsets
  if (!off || off.length < 2) return 1
  const lens = Array.from({ length: off.length - 1 }, (_, i) => off[i + 1]! - off[i]!).sort((a, b) => a - b)
  return Math.max(1, lens[Math.floor(0.95 * (lens.length - 1))]!)
}

/** The data pipeline's encoded splits as the text trainers' input (rows padded, or one stream for an LM). */
export function toPreparedText(data: PreparedDataset, splits: PreparedSplits, kind: 'classifier' | 'language-model'): PreparedText {
  if (!splits.tokenizer) throw new Error(`dataset "${data.name}" has no text column to tokenize`)
  if (kind === 'classifier' && data.task !== 'text-classification') {
    throw new Error(`the text classifier needs a text column and a label; dataset "${data.name}" is ${data.task}`)
  }
  const tok = tokenizerFromJson(splits.tokenizer)
  const base = {
    vocabSize: tok.vocabSize,
    padId: PAD_ID,
    decode: (ids: ArrayLike<number>) => tok.decode(ids),
    encode: (text: string) => tok.encode(text),
    tokenizer: splits.tokenizer,
  }
  const ids = (s: EncodedSplit, seqLen: number) => (kind === 'classifier' ? padRows(s.tokens!, s.offsets!, seqLen, PAD_ID) : joinRows(s.tokens!, s.offsets!, EOS_ID))
  const seqLen = kind === 'classifier' ? Math.min(MAX_SEQ_LEN, rowLengthP95(splits.train)) : 0
  const has = (s: EncodedSplit) => s.rows.length > 0 && s.tokens !== undefined && s.offsets !== undefined
  if (!has(splits.train)) throw new Error(`dataset "${data.name}": the training split is empty`)
  return {
    ...base,
    seqLen,
    trainIds: ids(splits.train, seqLen),
    ...(kind === 'classifier' ? { trainLabels: splits.train.labels!, labelNames: data.labelNames } : {}),
    ...(has(splits.validation) ? { valIds: ids(splits.validation, seqLen), ...(kind === 'classifier' ? { valLabels: splits.validation.labels! } : {}) } : {}),
    ...(has(splits.test) ? { testIds: ids(splits.test, seqLen), ...(kind === 'classifier' ? { testLabels: splits.test.labels! } : {}) } : {}),
  }
}

/**
 * A labeled text set for fine-tuning: the rows the pipeline cleaned and split, re-tokenized with the
 * BASE model's tokenizer (the pipeline's own decodes back to the text it encoded; char and BPE
 * exactly, word up to whitespace), cut to the base's context.
 */
export function toPreparedTextForBase(data: PreparedDataset, splits: PreparedSplits, baseTokenizer: unknown, baseContext: number): PreparedText {
  if (data.task !== 'text-classification') throw new Error(`finetune needs a text column and a label; dataset "${data.name}" is ${data.task}`)
  if (!splits.tokenizer) throw new Error(`dataset "${data.name}" has no text column to tokenize`)
  if (baseTokenizer === null || baseTokenizer === undefined) throw new Error('the base model was saved without its tokenizer')
  const own = tokenizerFromJson(splits.tokenizer)
  const base = tokenizerFromJson(baseTokenizer)
  const retokenize = (s: EncodedSplit): EncodedSplit => {
    const off = s.offsets!
    const rows: number[][] = []
    for (let i = 0; i + 1 < off.length; i++) rows.push(base.encode(own.decode(s.tokens!.subarray(off[i], off[i + 1]))))
    const offsets = new Int32Array(rows.length + 1)
    for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i]! + rows[i]!.length
    return { ...s, tokens: Int32Array.from(rows.flat()), offsets }
  }
  const re: PreparedSplits = { ...splits, train: retokenize(splits.train), validation: retokenize(splits.validation), test: retokenize(splits.test), tokenizer: base.toJSON() }
  const text = toPreparedText(data, re, 'classifier')
  const seqLen = Math.min(text.seqLen, baseContext)
  if (seqLen === text.seqLen) return text
  const pad = (s: EncodedSplit) => padRows(s.tokens!, s.offsets!, seqLen, PAD_ID)
  return {
    ...text,
    seqLen,
    trainIds: pad(re.train),
    ...(text.valIds ? { valIds: pad(re.validation) } : {}),
    ...(text.testIds ? { testIds: pad(re.test) } : {}),
  }
}
