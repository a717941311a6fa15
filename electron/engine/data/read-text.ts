import { readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { TextUnit } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { RawDataset, Row } from './dataset-types.ts'
import { readTextFile } from './decode-text.ts'

/**
 * Reads plain text: one file, or a folder of `.txt` files (sorted by path). A folder whose files sit
 * in subfolders is read as one class per subfolder (`label` = the subfolder name), the layout of
 * scikit-learn's load_files and Keras' text_dataset_from_directory. Columns: text, and for folders
 * file (the path inside the folder) and label.
 */
export function readText(path: string, opts: { textUnit?: TextUnit; maxRows?: number } = {}): RawDataset {
  if (isFolder(path)) return readFolder(path, opts.textUnit ?? 'file', opts.maxRows)
  const unit = opts.textUnit ?? 'paragraph'
  const { text, bytes } = readTextFile(path)
  const rows = cutText(text, unit).map((t): Row => ({ text: t }))
  return { rows: cap(rows, opts.maxRows), columns: ['text'], source: { path, format: 'text', bytes, textUnit: unit } }
}

/** Cuts text into rows: the whole text, blank-line separated paragraphs, or lines; empty pieces dropped, line endings normalized to \n. */
export function cutText(text: string, unit: TextUnit): string[] {
  const t = text.replace(/\r\n?/g, '\n')
  switch (unit) {
    case 'file':
      return t.trim() === '' ? [] : [t.trim()]
    case 'paragraph':
      return t.split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p !== '')
    case 'line':
      return t.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  }
}

function readFolder(dir: string, unit: TextUnit, maxRows: number | undefined): RawDataset {
  const files = listTextFiles(dir)
  if (files.length === 0) throw new SweeplabError('dataset/invalid', `${dir}: the folder has no .txt files`, { details: { file: dir } })
  const labelled = files.some((f) => f.includes(sep))
  const rows: Row[] = []
  let bytes = 0
  for (const rel of files) {
    if (maxRows !== undefined && rows.length >= maxRows) break
    const read = readTextFile(join(dir, rel))
    bytes += read.bytes
    const label = rel.includes(sep) ? rel.slice(0, rel.indexOf(sep)) : null
    const file = rel.split(sep).join('/')
    for (const text of cutText(read.text, unit)) rows.push(labelled ? { text, file, label } : { text, file })
  }
  const columns = labelled ? ['text', 'file', 'label'] : ['text', 'file']
  return { rows: cap(rows, maxRows), columns, source: { path: dir, format: 'text', bytes, textUnit: unit } }
}

/** `.txt` files directly in the folder or one level down, hidden ones skipped, sorted by path (code point order). */
function listTextFiles(dir: string): string[] {
  const out: string[] = []
  const visit = (folder: string, depth: number): void => {
    for (const ent of readdirSync(folder, { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue
      const full = join(folder, ent.name)
      if (ent.isDirectory() && depth === 0) visit(full, 1)
      else if (ent.isFile() && ent.name.toLowerCase().endsWith('.txt')) out.push(relative(dir, full))
    }
  }
  visit(dir, 0)
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    // A missing path is reported by readTextFile with the dataset/missing code.
    return false
  }
}

function cap(rows: Row[], maxRows: number | undefined): Row[] {
  return maxRows !== undefined && rows.length > maxRows ? rows.slice(0, maxRows) : rows
}
