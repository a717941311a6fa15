import type { DatasetFormat, TextUnit, TokenizerType } from '../../../shared/dataset-spec.ts'
import type { CleanStepReport, LabelBalance } from './dataset-types.ts'
import type { FeatureEncoding } from './tabular-features.ts'
import type { TokenizerJson } from './tokenize/tokenizer-types.ts'

/**
 * What the data is for, from its columns: a text column with a label → text-classification, text
 * alone → language-model, feature columns with a label → tabular-classification, with a numeric
 * target → tabular-regression.
 */
export type DatasetTask = 'text-classification' | 'language-model' | 'tabular-classification' | 'tabular-regression'

/** One split, encoded. Row i's tokens are tokens[offsets[i] .. offsets[i+1]). */
export interface EncodedSplit {
  /** Index of each row in the cleaned dataset (for showing examples). */
  rows: Int32Array
  /** Text tasks: token ids of all rows concatenated (no <bos>/<eos> added). */
  tokens?: Int32Array
  /** Text tasks: length rows.length + 1. */
  offsets?: Int32Array
  /** Tabular tasks: rows.length × featureNames.length, row-major, standardized. */
  features?: Float32Array
  /** Classification: index into labelNames. */
  labels?: Int32Array
  /** Regression: the target value. */
  targets?: Float32Array
}

/** Train/validation/test with the tokenizer (or feature encoding) fitted on this train split only. */
export interface PreparedSplits {
  tokenizer: TokenizerJson | null
  features: FeatureEncoding | null
  train: EncodedSplit
  validation: EncodedSplit
  test: EncodedSplit
}

/** The data report: every step's counts, as shown by `sweeplab data show` and stored with the sweep. */
export interface PipelineReport {
  source: { name: string; kind: 'builtin' | 'registered' | 'file'; version: number | null; path: string; format: DatasetFormat; bytes: number; contentHash: string; textUnit?: TextUnit; delimiter?: string }
  columns: string[]
  rows: { read: number; kept: number }
  steps: CleanStepReport[]
  nearDuplicateExamples: Array<{ text: string; twin: string; similarity: number }>
  balance: LabelBalance | null
  splits: { train: number; validation: number; test: number; folds: number[] | null }
  tokenizer: { type: TokenizerType; vocabSize: number; trainTokens: number; validationUnkRate: number } | null
  timingsMs: Record<string, number>
}

/** What a trainer gets: everything encoded, nothing left to parse. */
export interface PreparedDataset {
  /** Cache key: sha256 of (content hash, pipeline config, cv). */
  key: string
  name: string
  task: DatasetTask
  textColumn: string | null
  labelColumn: string | null
  targetColumn: string | null
  /** Class names; labels are indexes into this list. Empty for LM and regression. */
  labelNames: string[]
  /** The main train/validation/test split. */
  splits: PreparedSplits
  /** With `cv: {folds: k}`: k runs, fold i as validation, the same held-out test split in each. */
  folds: PreparedSplits[]
  report: PipelineReport
  /** Whether this came from the on-disk cache. */
  fromCache: boolean
}
