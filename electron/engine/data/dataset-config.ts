import { datasetSpecSchema, parseDatasetRef, PII_KINDS, type DatasetObjectSpec, type DatasetFormat, type PiiKind, type TextUnit, type TokenizerType } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import { DEFAULT_SKEW_RATIO } from './clean/label-balance.ts'
import { DEFAULT_NORMALIZE, type NormalizeOptions } from './clean/normalize-text.ts'

export interface NearDedupConfig {
  threshold: number
  shingle: 'char' | 'word'
  shingleSize: number
  permutations: number
}

export interface CleanConfig {
  normalize: NormalizeOptions | null
  pii: PiiKind[] | null
  dedup: boolean
  nearDedup: NearDedupConfig | null
  minLength: number
}

/** The `dataset:` key with every default filled (columns and tokenizer may still come from the source). */
export interface DatasetConfig {
  name?: string
  version?: number
  path?: string
  format?: DatasetFormat
  textUnit?: TextUnit
  text?: string
  label?: string
  target?: string
  features?: string[]
  maxRows?: number
  clean: CleanConfig
  /** null: the default for the data (word when labelled, char otherwise; none for tabular). */
  tokenizer: { type: TokenizerType; vocabSize?: number } | null
  split: { validation: number; test: number; stratify: boolean }
  skewRatio: number
  seed: number
}

/** What `clean:` means when the key is absent: exact dedup and dropping empty rows only. */
export const DEFAULT_CLEAN: Readonly<CleanConfig> = { normalize: null, pii: null, dedup: true, nearDedup: null, minLength: 1 }
export const DEFAULT_NEAR_DEDUP_THRESHOLD = 0.8

/**
 * Validates a `dataset:` value (a name or the object) and fills the defaults. Throws
 * `dataset/invalid` naming the key, e.g. `dataset.split.test: expected number`.
 */
export function normalizeDatasetSpec(input: unknown): DatasetConfig {
  const parsed = datasetSpecSchema.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: ['dataset', ...i.path.map(String)].join('.'), message: i.message }))
    throw new SweeplabError('dataset/invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), { details: { problems } })
  }
  // `name@3` pins version 3 of a registered dataset; the regex of the schema already checked the shape.
  const spec: DatasetObjectSpec = typeof parsed.data === 'string' ? (parseDatasetRef(parsed.data) as { name: string; version?: number }) : parsed.data
  if ((spec.name === undefined) === (spec.path === undefined)) {
    throw new SweeplabError('dataset/invalid', 'dataset: give exactly one of name (a built-in or registered dataset) and path (a file)')
  }
  if (spec.label !== undefined && spec.target !== undefined) throw new SweeplabError('dataset/invalid', 'dataset: give label (classification) or target (regression), not both')
  const c = spec.clean ?? {}
  const nd = c.near_dedup
  const nearDedup: NearDedupConfig | null = nd === undefined || nd === false ? null : {
    threshold: (nd === true ? undefined : nd.threshold) ?? DEFAULT_NEAR_DEDUP_THRESHOLD,
    shingle: (nd === true ? undefined : nd.shingle) ?? 'char',
    shingleSize: (nd === true ? undefined : nd.shingle_size) ?? ((nd !== true && nd.shingle === 'word') ? 3 : 5),
    permutations: (nd === true ? undefined : nd.permutations) ?? 128,
  }
  const n = c.normalize
  const pii = c.pii
  const tok = spec.tokenizer
  const split = spec.split ?? {}
  const validation = split.validation ?? 0.1
  const test = split.test ?? 0.1
  if (validation + test >= 1) throw new SweeplabError('dataset/invalid', `dataset.split: validation (${validation}) + test (${test}) must be below 1`)
  return {
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    ...(spec.version !== undefined ? { version: spec.version } : {}),
    ...(spec.path !== undefined ? { path: spec.path } : {}),
    ...(spec.format !== undefined ? { format: spec.format } : {}),
    ...(spec.text_unit !== undefined ? { textUnit: spec.text_unit } : {}),
    ...(spec.text !== undefined ? { text: spec.text } : {}),
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ...(spec.target !== undefined ? { target: spec.target } : {}),
    ...(spec.features !== undefined ? { features: spec.features } : {}),
    ...(spec.max_rows !== undefined ? { maxRows: spec.max_rows } : {}),
    clean: {
      normalize: n === undefined || n === false ? null : n === true ? { ...DEFAULT_NORMALIZE } : { ...DEFAULT_NORMALIZE, ...n },
      pii: pii === undefined || pii === false ? null : pii === true ? [...PII_KINDS] : [...(pii.kinds ?? PII_KINDS)],
      dedup: c.dedup ?? DEFAULT_CLEAN.dedup,
      nearDedup,
      minLength: c.min_length ?? DEFAULT_CLEAN.minLength,
    },
    tokenizer: tok === undefined ? null : typeof tok === 'string' ? { type: tok } : { type: tok.type, ...(tok.vocab_size !== undefined ? { vocabSize: tok.vocab_size } : {}) },
    split: { validation, test, stratify: split.stratify ?? true },
    skewRatio: spec.skew_ratio ?? DEFAULT_SKEW_RATIO,
    seed: spec.seed ?? 0,
  }
}
