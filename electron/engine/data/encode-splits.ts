import type { TokenizerType } from '../../../shared/dataset-spec.ts'
import type { Row } from './dataset-types.ts'
import type { DatasetTask, EncodedSplit, PreparedSplits } from './prepared-types.ts'
import { encodeFeatures, fitFeatureEncoding } from './tabular-features.ts'
import { trainTokenizer } from './tokenize/create-tokenizer.ts'
import { UNK_ID, type Tokenizer } from './tokenize/tokenizer-types.ts'
import type { SplitIndexes } from './split.ts'

/** Everything needed to encode rows, decided once per dataset. */
export interface EncodePlan {
  task: DatasetTask
  text: string | null
  label: string | null
  target: string | null
  features: string[]
  /** Label value (as text) → class index. */
  labelIndex: ReadonlyMap<string, number>
  tokenizer: { type: TokenizerType; vocabSize?: number } | null
}

/**
 * Encodes one train/validation/test partition: the tokenizer (or the feature scaling) is fitted on
 * the train rows only, then applied to all three, so nothing about validation or test leaks in.
 */
export function encodeSplits(rows: ReadonlyArray<Row>, idx: SplitIndexes, plan: EncodePlan): { splits: PreparedSplits; tokenizer: Tokenizer | null } {
  const pick = (ids: ReadonlyArray<number>): Row[] => ids.map((i) => rows[i] as Row)
  const train = pick(idx.train)
  if (plan.text !== null && plan.tokenizer !== null) {
    const col = plan.text
    const tokenizer = trainTokenizer(plan.tokenizer, train.map((r) => String(r[col] ?? '')))
    const enc = (ids: number[]): EncodedSplit => ({ ...encodeTexts(tokenizer, pick(ids).map((r) => String(r[col] ?? ''))), ...targetsOf(pick(ids), plan), rows: Int32Array.from(ids) })
    return { splits: { tokenizer: tokenizer.toJSON(), features: null, train: enc(idx.train), validation: enc(idx.validation), test: enc(idx.test) }, tokenizer }
  }
  const encoding = fitFeatureEncoding(train, plan.features)
  const enc = (ids: number[]): EncodedSplit => ({ features: encodeFeatures(encoding, pick(ids)), ...targetsOf(pick(ids), plan), rows: Int32Array.from(ids) })
  return { splits: { tokenizer: null, features: encoding, train: enc(idx.train), validation: enc(idx.validation), test: enc(idx.test) }, tokenizer: null }
}

/** Token ids of each text, concatenated, with offsets (length n + 1). */
export function encodeTexts(tokenizer: Tokenizer, texts: ReadonlyArray<string>): { tokens: Int32Array; offsets: Int32Array } {
  const parts = texts.map((t) => tokenizer.encode(t))
  const offsets = new Int32Array(texts.length + 1)
  let n = 0
  parts.forEach((p, i) => {
    n += p.length
    offsets[i + 1] = n
  })
  const tokens = new Int32Array(n)
  parts.forEach((p, i) => tokens.set(p, offsets[i] as number))
  return { tokens, offsets }
}

/** Share of <unk> among the tokens of a split (how much the vocabulary misses). */
export function unkRate(split: EncodedSplit): number {
  const t = split.tokens
  if (t === undefined || t.length === 0) return 0
  let unk = 0
  for (let i = 0; i < t.length; i++) if (t[i] === UNK_ID) unk++
  return unk / t.length
}

function targetsOf(rows: ReadonlyArray<Row>, plan: EncodePlan): Pick<EncodedSplit, 'labels' | 'targets'> {
  if (plan.label !== null) {
    const col = plan.label
    return { labels: Int32Array.from(rows, (r) => plan.labelIndex.get(String(r[col])) ?? -1) }
  }
  if (plan.target !== null) {
    const col = plan.target
    return { targets: Float32Array.from(rows, (r) => Number(r[col])) }
  }
  return {}
}
