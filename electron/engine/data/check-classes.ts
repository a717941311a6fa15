import { SweeplabError } from '../../../shared/errors.ts'
import type { Row } from './dataset-types.ts'

/** Distinct labels named in a message; a classifier with one class has nothing to learn. */
const MIN_CLASSES = 2

/**
 * Throws `dataset/invalid` when a classification dataset's label column has fewer than two classes
 * (after `stage`: as read, or after cleaning), naming the dataset, the column and the one class found.
 */
export function checkClassCount(rows: ReadonlyArray<Row>, label: string, dataset: string, stage: 'read' | 'cleaning'): void {
  const classes = new Map<string, number>()
  for (const r of rows) {
    const v = r[label]
    if (v === null || v === undefined || v === '') continue
    const key = String(v)
    classes.set(key, (classes.get(key) ?? 0) + 1)
    if (classes.size >= MIN_CLASSES) return
  }
  const where = stage === 'read' ? `${rows.length} rows` : `the ${rows.length} rows left after cleaning`
  const fix = 'a classifier needs at least 2; add rows of another class, choose another label column, or drop label: to train a language model on the text'
  const [only] = [...classes.entries()]
  const message = only === undefined
    ? `dataset "${dataset}": label column "${label}" is empty in all ${where}; ${fix}`
    : `dataset "${dataset}": label column "${label}" has one class only ("${only[0].slice(0, 60)}", ${only[1]} rows) in ${where}; ${fix}`
  throw new SweeplabError('dataset/invalid', message, { details: { dataset, path: 'dataset.label', label } })
}
