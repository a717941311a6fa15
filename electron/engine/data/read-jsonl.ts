import { SweeplabError } from '../../../shared/errors.ts'
import { emptyRow } from './dataset-types.ts'
import type { Cell, RawDataset, Row } from './dataset-types.ts'
import { readTextFile } from './decode-text.ts'

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped. Strings and numbers are kept,
 * booleans become "true"/"false", null stays null, nested arrays and objects become their JSON text.
 * Columns are the union of keys in first-seen order; a row without a key has null there.
 */
export function readJsonl(path: string, opts: { maxRows?: number } = {}): RawDataset {
  const { text, bytes } = readTextFile(path)
  const rows: Row[] = []
  const columns: string[] = []
  const known = new Set<string>()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (opts.maxRows !== undefined && rows.length >= opts.maxRows) break
    const line = (lines[i] as string).trim()
    if (line === '') continue
    const value = parseLine(line, path, i + 1)
    const row = emptyRow()
    for (const [key, v] of Object.entries(value)) {
      if (!known.has(key)) {
        known.add(key)
        columns.push(key)
      }
      row[key] = toCell(v)
    }
    rows.push(row)
  }
  for (const row of rows) for (const c of columns) if (!Object.hasOwn(row, c)) row[c] = null
  return { rows, columns, source: { path, format: 'jsonl', bytes } }
}

function parseLine(line: string, path: string, lineNo: number): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new SweeplabError('dataset/invalid', `${path}:${lineNo}: not valid JSON (${why})`, { cause: e, details: { file: path, line: lineNo } })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    throw new SweeplabError('dataset/invalid', `${path}:${lineNo}: expected a JSON object per line, got ${got}`, { details: { file: path, line: lineNo } })
  }
  return value as Record<string, unknown>
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return JSON.stringify(v)
}
