import { SweeplabError } from '../../../shared/errors.ts'
import type { Row } from './dataset-types.ts'

/** A categorical column with more values than this is an id or free text, not a feature to one-hot. */
export const MAX_CATEGORIES = 100

export type FeatureColumn =
  | { name: string; kind: 'number'; mean: number; std: number }
  | { name: string; kind: 'category'; categories: string[] }

/** How rows become feature vectors; fitted on the training split only, stored with the prepared data. */
export interface FeatureEncoding {
  columns: FeatureColumn[]
  /** One name per output feature: the column, or `column=value` for one-hot entries. */
  names: string[]
}

/**
 * Fits the encoding on training rows: a column whose values are all numbers is standardized
 * ((x − mean) / std, std 0 → 1; a missing value becomes the mean, i.e. 0), any other column is
 * one-hot encoded over the categories seen in training (an unseen category encodes as all zeros).
 */
export function fitFeatureEncoding(rows: ReadonlyArray<Row>, columns: ReadonlyArray<string>): FeatureEncoding {
  const out: FeatureColumn[] = []
  const names: string[] = []
  for (const name of columns) {
    const values = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined)
    if (values.every((v) => typeof v === 'number')) {
      const xs = values as number[]
      const mean = xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length
      const variance = xs.length === 0 ? 0 : xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length
      out.push({ name, kind: 'number', mean, std: variance > 0 ? Math.sqrt(variance) : 1 })
      names.push(name)
      continue
    }
    const categories = [...new Set(values.map(String))].sort()
    if (categories.length > MAX_CATEGORIES) {
      throw new SweeplabError('dataset/invalid', `dataset.features: column "${name}" has ${categories.length} distinct text values (over ${MAX_CATEGORIES}); it looks like an id or free text: leave it out of features or use it as text`)
    }
    out.push({ name, kind: 'category', categories })
    for (const c of categories) names.push(`${name}=${c}`)
  }
  return { columns: out, names }
}

/** The rows as a row-major Float32Array of `rows.length × encoding.names.length`. */
export function encodeFeatures(enc: FeatureEncoding, rows: ReadonlyArray<Row>): Float32Array {
  const d = enc.names.length
  const x = new Float32Array(rows.length * d)
  rows.forEach((row, i) => {
    let j = i * d
    for (const col of enc.columns) {
      const v = row[col.name]
      if (col.kind === 'number') {
        x[j++] = typeof v === 'number' ? (v - col.mean) / col.std : 0
      } else {
        const k = v === null || v === undefined ? -1 : col.categories.indexOf(String(v))
        if (k >= 0) x[j + k] = 1
        j += col.categories.length
      }
    }
  })
  return x
}
