import { z } from 'zod'

/**
 * The sweep file's `dataset:` key (and `cv:`): which data a built-in trainer gets and how it is
 * cleaned, tokenized and split. This is the *shape*; `normalizeDatasetSpec` in
 * electron/engine/data/dataset-config.ts fills the defaults. Reference: docs/datasets.md.
 */

export const DATASET_FORMATS = ['csv', 'jsonl', 'text'] as const
export type DatasetFormat = (typeof DATASET_FORMATS)[number]

/** How a plain text file (or each file of a folder) is cut into rows. */
export const TEXT_UNITS = ['file', 'paragraph', 'line'] as const
export type TextUnit = (typeof TEXT_UNITS)[number]

export const TOKENIZER_TYPES = ['char', 'word', 'bpe'] as const
export type TokenizerType = (typeof TOKENIZER_TYPES)[number]

export const PII_KINDS = ['EMAIL', 'URL', 'IP', 'CARD', 'PHONE'] as const
export type PiiKind = (typeof PII_KINDS)[number]

/** Names of datasets: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/

const datasetNameSchema = z.string().regex(DATASET_NAME_PATTERN, 'a dataset name has 1-64 lowercase letters, digits, . _ - and starts with a letter or digit')

/** `NAME` or `NAME@VERSION` (`reviews@2`): a dataset name, optionally pinned to one registered version. */
export const DATASET_REF_PATTERN = /^([a-z0-9][a-z0-9._-]{0,63})(?:@([1-9][0-9]{0,8}))?$/

/** Splits `NAME@VERSION`; undefined when the text is not a dataset reference. */
export function parseDatasetRef(text: string): { name: string; version?: number } | undefined {
  const m = DATASET_REF_PATTERN.exec(text)
  if (m === null) return undefined
  return m[2] === undefined ? { name: m[1] as string } : { name: m[1] as string, version: Number(m[2]) }
}

/** The reference a sweep or the CLI prints: `name@3`, or `name` when no version applies (built-ins, files). */
export function formatDatasetRef(name: string, version: number | null | undefined): string {
  return version === null || version === undefined ? name : `${name}@${version}`
}

const datasetRefSchema = z
  .string()
  .regex(DATASET_REF_PATTERN, 'a dataset is NAME or NAME@VERSION: 1-64 lowercase letters, digits, . _ - starting with a letter or digit, then optionally @ and a version number')

export const nearDedupSpecSchema = z
  .object({
    threshold: z.number().gt(0).lte(1).optional().describe('Jaccard similarity of shingle sets at or above which a later row is dropped. Default 0.8.'),
    shingle: z.enum(['char', 'word']).optional().describe('Shingles are character k-grams (default) or word k-grams.'),
    shingle_size: z.number().int().min(1).max(32).optional().describe('k: 5 for char shingles, 3 for word shingles by default.'),
    permutations: z.number().int().min(16).max(512).optional().describe('MinHash signature length. Default 128.'),
  })
  .strict()

export const normalizeSpecSchema = z
  .object({
    nfkc: z.boolean().optional().describe('Unicode NFKC normalization (full-width letters, ligatures, compatibility forms). Default true.'),
    lowercase: z.boolean().optional().describe('Lowercase (locale-independent). Default true.'),
    punctuation: z.enum(['keep', 'collapse', 'strip']).optional().describe('collapse: runs of the same mark ("!!!") become one; strip: every punctuation mark becomes a space. Default keep.'),
    whitespace: z.enum(['keep', 'collapse', 'single-line']).optional().describe('collapse: runs of spaces/tabs become one space, 3+ newlines become 2, lines are trimmed; single-line: all whitespace runs become one space. Default collapse.'),
  })
  .strict()

export const piiSpecSchema = z
  .object({
    kinds: z.array(z.enum(PII_KINDS)).min(1).optional().describe('Which kinds to replace. Default all: EMAIL, URL, IP, CARD, PHONE.'),
  })
  .strict()

export const cleanSpecSchema = z
  .object({
    normalize: z.union([z.boolean(), normalizeSpecSchema]).optional().describe('Unicode and case normalization of the text column (true: NFKC, lowercase, collapse whitespace).'),
    pii: z.union([z.boolean(), piiSpecSchema]).optional().describe('Replace e-mail addresses, URLs, IPs, Luhn-valid card numbers and phone numbers with <EMAIL>, <URL>, <IP>, <CARD>, <PHONE>.'),
    dedup: z.boolean().optional().describe('Drop rows whose text (NFKC, lowercased, whitespace collapsed) equals an earlier row\'s. Default true.'),
    near_dedup: z.union([z.boolean(), nearDedupSpecSchema]).optional().describe('Drop near-duplicates found with MinHash + LSH over shingles (true: threshold 0.8).'),
    min_length: z.number().int().nonnegative().optional().describe('Drop rows whose text is shorter than this many characters after cleaning. Default 1 (drops empty rows).'),
  })
  .strict()

export const tokenizerSpecSchema = z
  .object({
    type: z.enum(TOKENIZER_TYPES).describe('char, word or bpe (byte-level BPE).'),
    vocab_size: z.number().int().min(8).max(1_000_000).optional().describe('Vocabulary size cap including the 4 special tokens (bpe: at least 260; default 2000; word: default 5000; char: no cap).'),
  })
  .strict()

export const splitSpecSchema = z
  .object({
    validation: z.number().min(0).lt(1).optional().describe('Share of rows in the validation split. Default 0.1.'),
    test: z.number().min(0).lt(1).optional().describe('Share of rows held out as the test split (never used for selection). Default 0.1.'),
    stratify: z.boolean().optional().describe('Keep each class\'s share in every split when there is a label. Default true.'),
  })
  .strict()

export const datasetObjectSpecSchema = z
  .object({
    name: datasetNameSchema.optional().describe('A built-in dataset (spam, moby-dick, iris) or one added with `sweeplab data add`.'),
    version: z.number().int().positive().optional().describe('Version of a registered dataset. Default: the latest.'),
    path: z.string().min(1).optional().describe('A CSV, JSONL or text file (or a folder of .txt files) not registered, relative to the sweep file.'),
    format: z.enum(DATASET_FORMATS).optional().describe('Default: from the file extension (.csv/.tsv, .jsonl/.ndjson, .txt or a folder).'),
    text_unit: z.enum(TEXT_UNITS).optional().describe('Text files: one row per file, paragraph (blank-line separated) or line. Default: file for folders, paragraph for one file.'),
    text: z.string().min(1).optional().describe('The text column (text trainers).'),
    label: z.string().min(1).optional().describe('The class label column (classifiers).'),
    target: z.string().min(1).optional().describe('A numeric target column (tabular regression).'),
    features: z.array(z.string().min(1)).min(1).optional().describe('Tabular feature columns. Default: every column except label/target/text.'),
    max_rows: z.number().int().positive().optional().describe('Use only the first N rows (quick sweeps).'),
    clean: cleanSpecSchema.optional(),
    tokenizer: z.union([z.enum(TOKENIZER_TYPES), tokenizerSpecSchema]).optional().describe('Default: word (5000) when there is a label, char otherwise.'),
    split: splitSpecSchema.optional(),
    skew_ratio: z.number().gt(1).optional().describe('The label balance check flags the data as skewed when the largest class has more than this many times the rows of the smallest. Default 3.'),
    seed: z.number().int().nonnegative().optional().describe('Seed of the split and MinHash. Default 0.'),
  })
  .strict()

/** `dataset: spam` (a name) or the full object. */
export const datasetSpecSchema = z.union([datasetRefSchema, datasetObjectSpecSchema]).describe('The data of a built-in trainer: NAME (latest version), NAME@VERSION (one registered version) or the object. See docs/datasets.md.')

/** `cv: {folds: k}`: each trial trains k times on stratified folds of the non-test rows. */
export const cvSpecSchema = z
  .object({
    folds: z.number().int().min(2).max(100).describe('Number of folds k.'),
  })
  .strict()

export type DatasetSpecInput = z.input<typeof datasetSpecSchema>
export type DatasetObjectSpec = z.output<typeof datasetObjectSpecSchema>
export type CvSpec = z.output<typeof cvSpecSchema>

/** Requests of the dataset methods of the API (the engine validates each call with these). */
export const datasetApiRequestSchemas = {
  addDataset: z
    .object({
      path: z.string().min(1),
      name: datasetNameSchema,
      format: z.enum(DATASET_FORMATS).optional(),
      textUnit: z.enum(TEXT_UNITS).optional(),
      text: z.string().min(1).optional(),
      label: z.string().min(1).optional(),
    })
    .strict(),
  /** `allVersions`: every registered version (newest first per name) instead of the latest only. */
  listDatasets: z.object({ allVersions: z.boolean().optional() }).strict(),
  getDataset: z.object({ name: datasetNameSchema, version: z.number().int().positive().optional() }).strict(),
} as const

export type AddDatasetArgs = z.input<typeof datasetApiRequestSchemas.addDataset>
export type GetDatasetArgs = z.input<typeof datasetApiRequestSchemas.getDataset>

/** One column as the import saw it. */
export const columnSummarySchema = z.strictObject({
  name: z.string(),
  type: z.enum(['text', 'number', 'empty']),
  missing: z.number().int().nonnegative(),
  /** Distinct values, counted up to 1,000 (1000 means "1,000 or more"). */
  distinct: z.number().int().nonnegative(),
})
export type ColumnSummary = z.output<typeof columnSummarySchema>

/** The report made when a dataset is added (and for built-ins on demand): what cleaning would find. */
export const datasetImportReportSchema = z.strictObject({
  rows: z.number().int().nonnegative(),
  columns: z.array(columnSummarySchema),
  textColumn: z.string().nullable(),
  labelColumn: z.string().nullable(),
  /** Characters per text: min, median, mean, max. */
  textLength: z.strictObject({ min: z.number(), median: z.number(), mean: z.number(), max: z.number() }).nullable(),
  /** Rows whose text equals an earlier row's after NFKC, lowercasing and whitespace folding. */
  duplicates: z.number().int().nonnegative(),
  /** Duplicates whose label differs from the first copy's. */
  conflictingLabels: z.number().int().nonnegative(),
  /** Further rows with Jaccard ≥ threshold to an earlier row (character 5-gram shingles), exact duplicates not counted. */
  nearDuplicates: z.strictObject({
    count: z.number().int().nonnegative(),
    threshold: z.number(),
    examples: z.array(z.strictObject({ text: z.string(), twin: z.string(), similarity: z.number() })),
  }).nullable(),
  pii: z.strictObject({ found: z.record(z.enum(PII_KINDS), z.number().int().nonnegative()), rows: z.number().int().nonnegative() }).nullable(),
  balance: z.strictObject({
    classes: z.array(z.strictObject({ label: z.string(), count: z.number().int().nonnegative(), share: z.number() })),
    ratio: z.number(),
    threshold: z.number(),
    skewed: z.boolean(),
    majorityShare: z.number(),
    missing: z.number().int().nonnegative(),
  }).nullable(),
})
export type DatasetImportReport = z.output<typeof datasetImportReportSchema>

/** A dataset in the registry or built in. */
export const datasetInfoSchema = z.strictObject({
  name: z.string(),
  /** null for built-ins. */
  version: z.number().int().positive().nullable(),
  builtin: z.boolean(),
  format: z.enum(DATASET_FORMATS),
  rows: z.number().int().nonnegative(),
  columns: z.array(z.string()),
  textColumn: z.string().nullable(),
  labelColumn: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  path: z.string(),
  /** Epoch ms of the import; null for built-ins. */
  createdAt: z.number().nullable(),
  description: z.string().nullable(),
  license: z.string().nullable(),
})
export type DatasetInfo = z.output<typeof datasetInfoSchema>

export const datasetDetailSchema = datasetInfoSchema.extend({
  report: datasetImportReportSchema,
})
export type DatasetDetail = z.output<typeof datasetDetailSchema>

/** What `addDataset` answers: the version now registered, and whether it already was (same content). */
export const addedDatasetSchema = datasetDetailSchema.extend({
  /** true: the content equals the latest version's, so no version was added and that one is returned. */
  unchanged: z.boolean(),
})
export type AddedDataset = z.output<typeof addedDatasetSchema>
