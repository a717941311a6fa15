import type { ColumnSummary, DatasetImportReport } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { dedupExact } from './clean/dedup-exact.ts'
import { measureLabelBalance } from './clean/label-balance.ts'
import { nearDedup } from './clean/near-dedup.ts'
import { scrubRows } from './clean/scrub-pii.ts'
import type { RawDataset, Row } from './dataset-types.ts'
import { DEFAULT_NEAR_DEDUP_THRESHOLD } from './dataset-config.ts'

const TEXT_NAMES = ['text', 'content', 'body', 'message', 'sentence', 'review', 'document', 'comment', 'tweet']
const LABEL_NAMES = ['label', 'labels', 'class', 'category', 'target', 'y', 'sentiment', 'spam', 'tag']
/** A label column with more classes than this is probably an id or free text. */
const MAX_LABEL_CLASSES = 100
/** An unnamed text column must average this many characters: shorter strings are categories or ids. */
const MIN_TEXT_MEAN_CHARS = 20
const DISTINCT_CAP = 1000

/**
 * The text and label columns: the ones given (checked), else a column with a usual name
 * (text/content/body/..., label/class/category/...), else for text the string column with the
 * longest mean length (≥ 20 characters). The label is only guessed by name.
 */
export function inferColumns(raw: RawDataset, given: { text?: string; label?: string }): { text: string | null; label: string | null } {
  const check = (opt: string, col: string): string => {
    if (!raw.columns.includes(col)) throw new SweeplabError('dataset/invalid', `--${opt}: column "${col}" is not in ${raw.source.path} (columns: ${raw.columns.join(', ')})`)
    return col
  }
  const byName = (names: ReadonlyArray<string>): string | undefined => raw.columns.find((c) => names.includes(c.toLowerCase()))
  let text = given.text !== undefined ? check('text', given.text) : (byName(TEXT_NAMES) ?? null)
  if (text === null) {
    let best = 0
    for (const c of raw.columns) {
      const m = meanLength(raw.rows, c)
      if (m >= MIN_TEXT_MEAN_CHARS && m > best) {
        best = m
        text = c
      }
    }
  }
  let label = given.label !== undefined ? check('label', given.label) : (byName(LABEL_NAMES) ?? null)
  if (given.label === undefined && label !== null && (label === text || new Set(raw.rows.map((r) => r[label as string])).size > MAX_LABEL_CLASSES)) label = null
  return { text, label }
}

/** What the cleaning steps would find, without changing the rows: columns, duplicates, near-duplicates, PII, class balance. */
export function analyzeDataset(raw: RawDataset, cols: { text: string | null; label: string | null }): DatasetImportReport {
  const { text, label } = cols
  const dedup = dedupExact(raw.rows, { ...(text !== null ? { text } : {}), ...(label !== null ? { label } : {}) })
  const near = text === null ? null : nearDedup(dedup.rows, { text, ...(label !== null ? { label } : {}), threshold: DEFAULT_NEAR_DEDUP_THRESHOLD, shingle: 'char', shingleSize: 5, permutations: 128, seed: 0 })
  const pii = text === null ? null : scrubRows(raw.rows, text)
  const snippet = (r: Row | undefined): string => String(r?.[text as string] ?? '').slice(0, 160)
  return {
    rows: raw.rows.length,
    columns: raw.columns.map((c) => summarizeColumn(raw.rows, c)),
    textColumn: text,
    labelColumn: label,
    textLength: text === null ? null : lengthStats(raw.rows, text),
    duplicates: dedup.removed,
    conflictingLabels: dedup.conflictingLabels,
    nearDuplicates: near === null ? null : {
      count: near.removed,
      threshold: DEFAULT_NEAR_DEDUP_THRESHOLD,
      examples: near.examples.map((e) => ({ text: snippet(dedup.rows[e.removed]), twin: snippet(dedup.rows[e.keptAs]), similarity: e.similarity })),
    },
    pii: pii === null ? null : { found: pii.found, rows: pii.rowsChanged },
    balance: label === null ? null : measureLabelBalance(raw.rows, label),
  }
}

function summarizeColumn(rows: ReadonlyArray<Row>, name: string): ColumnSummary {
  let missing = 0
  let numbers = 0
  const distinct = new Set<unknown>()
  for (const r of rows) {
    const v = r[name]
    if (v === null || v === undefined || v === '') {
      missing++
      continue
    }
    if (typeof v === 'number') numbers++
    if (distinct.size < DISTINCT_CAP) distinct.add(v)
  }
  const present = rows.length - missing
  return { name, type: present === 0 ? 'empty' : numbers === present ? 'number' : 'text', missing, distinct: distinct.size }
}

function meanLength(rows: ReadonlyArray<Row>, col: string): number {
  let sum = 0
  let n = 0
  for (const r of rows) {
    const v = r[col]
    if (typeof v !== 'string') continue
    sum += v.length
    n++
  }
  return n === 0 ? 0 : sum / n
}

function lengthStats(rows: ReadonlyArray<Row>, col: string): DatasetImportReport['textLength'] {
  const lens = rows.map((r) => (typeof r[col] === 'string' ? (r[col] as string).length : 0)).sort((a, b) => a - b)
  if (lens.length === 0) return null
  const mean = lens.reduce((s, x) => s + x, 0) / lens.length
  return { min: lens[0] as number, median: lens[Math.floor(lens.length / 2)] as number, mean: Math.round(mean * 10) / 10, max: lens.at(-1) as number }
}
