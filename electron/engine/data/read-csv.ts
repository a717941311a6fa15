import { parse } from 'csv-parse/sync'
import { SweeplabError } from '../../../shared/errors.ts'
import { emptyRow } from './dataset-types.ts'
import type { Cell, RawDataset, Row } from './dataset-types.ts'
import { readTextFile } from './decode-text.ts'

const DELIMITERS = [',', ';', '\t', '|'] as const
/** Lines looked at to pick the delimiter: enough for a stable count, few enough to be instant. */
const SNIFF_LINES = 20
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
/** "007" or "02134" are identifiers (zip codes, ids), not numbers: their leading zero would be lost. */
const LEADING_ZERO = /^[+-]?0\d/

/**
 * Reads a CSV file with a header row: quoted fields (RFC 4180, "" escapes, newlines inside quotes),
 * delimiter , ; tab or | (detected from the first lines unless given). A column whose every non-empty
 * value is a number becomes numeric; empty cells are null.
 */
export function readCsv(path: string, opts: { delimiter?: string; maxRows?: number } = {}): RawDataset {
  const { text, bytes } = readTextFile(path)
  const delimiter = opts.delimiter ?? detectDelimiter(text, path.toLowerCase().endsWith('.tsv') ? '\t' : ',')
  const records = parseRecords(text, path, delimiter, opts.maxRows)
  const header = records[0]
  if (header === undefined) throw new SweeplabError('dataset/invalid', `${path}: no header row`, { details: { file: path } })
  const columns = checkHeader(header, path)
  const body = records.slice(1)
  if (body.length === 0) throw new SweeplabError('dataset/invalid', `${path}: the header has no rows under it`, { details: { file: path } })
  const numeric = columns.map((_, c) => isNumericColumn(body, c))
  const rows: Row[] = body.map((rec) => {
    const row = emptyRow()
    columns.forEach((name, c) => {
      row[name] = toCell(rec[c] ?? '', numeric[c] === true)
    })
    return row
  })
  return { rows, columns, source: { path, format: 'csv', bytes, delimiter } }
}

/** The candidate that splits the header and most of the next lines into the same number of fields (> 1). */
export function detectDelimiter(text: string, fallback = ','): string {
  const lines = text.split('\n', SNIFF_LINES + 1).slice(0, SNIFF_LINES).filter((l) => l.trim() !== '')
  let best = fallback
  let bestScore = 0
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d))
    const head = counts[0] ?? 0
    if (head === 0) continue
    // Lines agreeing with the header, then more fields, decide; quoted multi-line fields only lower the agreement.
    const score = counts.filter((c) => c === head).length * 1000 + head
    if (score > bestScore) {
      bestScore = score
      best = d
    }
  }
  return best
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === d && !quoted) n++
  }
  return n
}

function parseRecords(text: string, path: string, delimiter: string, maxRows: number | undefined): string[][] {
  try {
    return parse(text, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: false,
      ...(maxRows !== undefined ? { to: maxRows + 1 } : {}),
    }) as string[][]
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string }
    const line = typeof err.lines === 'number' ? err.lines : undefined
    const where = line !== undefined ? `${path}:${line}` : path
    const why = describeCsvError(err.code, err.message ?? String(e), delimiter)
    throw new SweeplabError('dataset/invalid', `${where}: ${why}`, { cause: e, details: { file: path, ...(line !== undefined ? { line } : {}) } })
  }
}

function describeCsvError(code: string | undefined, message: string, delimiter: string): string {
  switch (code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH':
      return `this row has a different number of fields than the header (delimiter ${JSON.stringify(delimiter)})`
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed: a " opens a field and the file ends before its closing "'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quote inside a field must be doubled ("") and the field quoted (${message.replace(/ at line \d+.*$/, '').replace(/^Invalid Closing Quote: /, '')})`
    default:
      return message
  }
}

function checkHeader(header: string[], path: string): string[] {
  const columns = header.map((h) => h.trim())
  const seen = new Set<string>()
  columns.forEach((name, i) => {
    if (name === '') throw new SweeplabError('dataset/invalid', `${path}:1: column ${i + 1} of the header has no name`, { details: { file: path, line: 1 } })
    if (seen.has(name)) throw new SweeplabError('dataset/invalid', `${path}:1: column "${name}" appears twice in the header`, { details: { file: path, line: 1 } })
    seen.add(name)
  })
  return columns
}

function isNumericColumn(body: ReadonlyArray<ReadonlyArray<string>>, c: number): boolean {
  let any = false
  for (const rec of body) {
    const v = (rec[c] ?? '').trim()
    if (v === '') continue
    if (!NUMBER.test(v) || LEADING_ZERO.test(v)) return false
    any = true
  }
  return any
}

function toCell(raw: string, numeric: boolean): Cell {
  if (raw.trim() === '') return null
  return numeric ? Number(raw.trim()) : raw
}
