import { SweeplabError } from '../../../shared/errors.ts'
import type { DatasetConfig } from './dataset-config.ts'
import type { RawDataset } from './dataset-types.ts'
import type { EncodePlan } from './encode-splits.ts'
import type { ResolvedSource } from './resolve-source.ts'

/**
 * Decides the columns and the task from the config, the source's defaults and the data: text
 * column (config, else the source's, else a column named "text" when no features are given),
 * label or target, and for tabular data the features (default: every other column).
 */
export function planColumns(c: DatasetConfig, src: ResolvedSource, raw: RawDataset): Omit<EncodePlan, 'labelIndex'> {
  const has = (col: string): boolean => raw.columns.includes(col)
  const check = (key: string, col: string): string => {
    if (!has(col)) {
      throw new SweeplabError('dataset/invalid', `dataset.${key}: column "${col}" is not in ${src.path} (columns: ${raw.columns.join(', ')})`, { details: { file: src.path, path: `dataset.${key}` } })
    }
    return col
  }
  const textCol = c.text ?? src.text ?? (c.features === undefined && has('text') ? 'text' : undefined)
  const text = textCol === undefined ? null : check('text', textCol)
  const target = c.target === undefined ? null : check('target', c.target)
  const labelCol = target !== null ? undefined : (c.label ?? src.label)
  const label = labelCol === undefined ? null : check('label', labelCol)
  if (text !== null) {
    if (target !== null) throw new SweeplabError('dataset/invalid', 'dataset: a text column with a numeric target (text regression) is not supported; use label: for classes')
    if (c.features !== undefined) throw new SweeplabError('dataset/invalid', 'dataset: give text (a text task) or features (a tabular task), not both')
    const tokenizer = c.tokenizer ?? (label !== null ? { type: 'word' as const } : { type: 'char' as const })
    return { task: label !== null ? 'text-classification' : 'language-model', text, label, target: null, features: [], tokenizer }
  }
  if (label === null && target === null) {
    throw new SweeplabError('dataset/invalid', `dataset: ${src.name} has no text column and no label or target; set text: COLUMN for text, or label: / target: for tabular data (columns: ${raw.columns.join(', ')})`)
  }
  const features = (c.features ?? raw.columns.filter((col) => col !== label && col !== target)).map((f) => check('features', f))
  if (features.length === 0) throw new SweeplabError('dataset/invalid', `dataset.features: ${src.name} has no feature columns besides ${label ?? target}`)
  return { task: label !== null ? 'tabular-classification' : 'tabular-regression', text: null, label, target, features, tokenizer: null }
}
