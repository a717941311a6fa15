import { statSync } from 'node:fs'
import { extname } from 'node:path'
import type { DatasetFormat } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { RawDataset, ReadOptions } from './dataset-types.ts'
import { readCsv } from './read-csv.ts'
import { readJsonl } from './read-jsonl.ts'
import { readText } from './read-text.ts'

const EXTENSION_FORMATS: Readonly<Record<string, DatasetFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
}

/** Reads a CSV, JSONL or text file, or a folder of .txt files, into rows. */
export function readDataset(path: string, opts: ReadOptions = {}): RawDataset {
  const format = opts.format ?? detectFormat(path)
  switch (format) {
    case 'csv':
      return readCsv(path, { ...(opts.delimiter ? { delimiter: opts.delimiter } : {}), ...(opts.maxRows ? { maxRows: opts.maxRows } : {}) })
    case 'jsonl':
      return readJsonl(path, opts.maxRows ? { maxRows: opts.maxRows } : {})
    case 'text':
      return readText(path, { ...(opts.textUnit ? { textUnit: opts.textUnit } : {}), ...(opts.maxRows ? { maxRows: opts.maxRows } : {}) })
  }
}

/** The format from the extension (.csv .tsv .jsonl .ndjson .txt .text .md), or text for a folder. */
export function detectFormat(path: string): DatasetFormat {
  let folder: boolean
  try {
    folder = statSync(path).isDirectory()
  } catch (e) {
    throw new SweeplabError('dataset/missing', `${path}: no such file or folder`, { cause: e, details: { file: path } })
  }
  if (folder) return 'text'
  const format = EXTENSION_FORMATS[extname(path).toLowerCase()]
  if (format === undefined) {
    throw new SweeplabError('dataset/invalid', `${path}: cannot tell the format from the extension "${extname(path)}"; give it (csv, jsonl or text)`, { details: { file: path } })
  }
  return format
}
