import type { DatasetFormat, PiiKind, TextUnit } from '../../../shared/dataset-spec.ts'

/** One cell: numbers stay numbers (CSV columns whose every value is numeric), empty is null. */
export type Cell = string | number | null
export type Row = Record<string, Cell>

/** A row with no prototype, so a column named `__proto__` or `valueOf` is a column like any other. */
export function emptyRow(): Row {
  return Object.create(null) as Row
}

/** Where rows came from, for messages and the report. */
export interface RawSource {
  /** File or folder read. */
  path: string
  format: DatasetFormat
  /** Bytes read (all files of a folder together). */
  bytes: number
  /** Text files: how they were cut into rows. */
  textUnit?: TextUnit
  /** CSV: the delimiter used (detected unless given). */
  delimiter?: string
}

/** What a reader returns: rows in file order and the column names in first-seen order. */
export interface RawDataset {
  rows: Row[]
  columns: string[]
  source: RawSource
}

/** Options every reader accepts. */
export interface ReadOptions {
  format?: DatasetFormat
  textUnit?: TextUnit
  /** CSV delimiter; detected among , ; tab | when absent. */
  delimiter?: string
  /** Stop after this many rows. */
  maxRows?: number
}

/** Counts of one cleaning step, in the order the steps ran. */
export type CleanStepReport =
  | { step: 'normalize'; changed: number }
  | { step: 'pii'; rowsChanged: number; found: Record<PiiKind, number> }
  | { step: 'dedup'; removed: number; conflictingLabels: number }
  | { step: 'near_dedup'; removed: number; threshold: number; shingle: 'char' | 'word'; shingleSize: number; permutations: number; bands: number; candidatePairs: number; crossLabel: number }
  | { step: 'min_length'; removed: number; minLength: number }
  | { step: 'missing_label'; removed: number; column: string }

export interface ClassShare {
  label: string
  count: number
  share: number
}

/** Class balance: the share of each class and a skew flag (largest / smallest > threshold). */
export interface LabelBalance {
  classes: ClassShare[]
  /** Rows of the largest class over rows of the smallest. */
  ratio: number
  threshold: number
  skewed: boolean
  /** Accuracy of always predicting the largest class: the baseline a classifier must beat. */
  majorityShare: number
  /** Rows with no label (dropped from training). */
  missing: number
}
