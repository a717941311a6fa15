import { createHash } from 'node:crypto'
import type { CvSpec } from '../../../shared/dataset-spec.ts'
import { checkClassCount } from './check-classes.ts'
import { cleanRows } from './clean/clean-rows.ts'
import { measureLabelBalance } from './clean/label-balance.ts'
import { hashDatasetSource } from './content-hash.ts'
import { normalizeDatasetSpec, type DatasetConfig } from './dataset-config.ts'
import type { CleanStepReport, Row } from './dataset-types.ts'
import { encodeSplits, unkRate, type EncodePlan } from './encode-splits.ts'
import { planColumns } from './plan-columns.ts'
import { CACHE_FORMAT_VERSION, preparedCacheDir, readPreparedCache, writePreparedCache } from './prepared-cache.ts'
import type { PreparedDataset, PreparedSplits } from './prepared-types.ts'
import { readDataset } from './read-dataset.ts'
import { resolveDatasetSource, type DatasetContext } from './resolve-source.ts'
import { makeFolds, splitRows } from './split.ts'

export interface PrepareContext extends DatasetContext {
  /** `cv: {folds: k}` of the sweep: adds k fold partitions of the non-test rows. */
  cv?: CvSpec | null
  /** false: neither read nor write the on-disk cache (tests, `data show`). Default true. */
  cache?: boolean
}

/**
 * read → clean → split → tokenizer (train split only) → encoded splits, from the `dataset:` value of
 * a sweep file and a file system alone (workers never open the database). The result is cached under
 * `<workspace>/cache/datasets/<key>` where key = sha256(content hash, config, cv), so the trials of a
 * sweep prepare the data once. `spec` is the raw `dataset:` value (a name or the object; it is
 * validated here). Throws `dataset/*` errors that name the file, line and key.
 */
export function prepareDataset(spec: unknown, ctx: PrepareContext): PreparedDataset {
  return prepareFromConfig(normalizeDatasetSpec(spec), ctx)
}

/** What `checkDataset` found: enough to say "this will work" before any trial starts. */
export interface DatasetCheck {
  name: string
  path: string
  task: PreparedDataset['task']
  rows: number
  columns: string[]
}

/**
 * Validates a `dataset:` value cheaply (config, source, file read, columns; no cleaning or
 * tokenizing, ~50 ms for the spam set), so the engine can refuse a sweep with a missing or
 * malformed dataset before it starts any trial. Throws the same errors prepareDataset would.
 */
export function checkDataset(spec: unknown, ctx: DatasetContext): DatasetCheck {
  const c = normalizeDatasetSpec(spec)
  const src = resolveDatasetSource(c, ctx)
  const raw = readDataset(src.path, src.read)
  const cols = planColumns(c, src, raw)
  if (cols.label !== null) checkClassCount(raw.rows, cols.label, src.name, 'read')
  return { name: src.name, path: src.path, task: cols.task, rows: raw.rows.length, columns: raw.columns }
}

export function prepareFromConfig(c: DatasetConfig, ctx: PrepareContext): PreparedDataset {
  const t0 = performance.now()
  const src = resolveDatasetSource(c, ctx)
  const contentHash = hashDatasetSource(src.path)
  const { name: _n, version: _v, path: _p, ...shape } = c
  // The source's identity is in the key too: two names with equal content must not share a report that names the other.
  const source = { kind: src.kind, name: src.name, version: src.version, text: src.text, label: src.label }
  const key = sha256(JSON.stringify({ v: CACHE_FORMAT_VERSION, contentHash, source, read: src.read, config: shape, cv: ctx.cv ?? null }))
  const cacheDir = preparedCacheDir(ctx.workspaceDir)
  const useCache = ctx.cache !== false
  if (useCache) {
    const hit = readPreparedCache(cacheDir, key)
    if (hit !== undefined) return hit
  }
  const timings: Record<string, number> = {}
  const lap = (() => {
    let last = performance.now()
    return (name: string): void => {
      const now = performance.now()
      timings[name] = Math.round(now - last)
      last = now
    }
  })()
  const raw = readDataset(src.path, src.read)
  lap('read')
  const cols = planColumns(c, src, raw)
  const steps: CleanStepReport[] = []
  let rows: Row[] = raw.rows
  const required = cols.label ?? cols.target
  if (required !== null) {
    const before = rows.length
    rows = rows.filter((r) => {
      const v = r[required]
      return cols.target !== null ? typeof v === 'number' && Number.isFinite(v) : v !== null && v !== undefined && v !== ''
    })
    if (before !== rows.length) steps.push({ step: 'missing_label', removed: before - rows.length, column: required })
  }
  const cleaned = cleanRows(rows, { ...(cols.text !== null ? { text: cols.text } : {}), ...(cols.label !== null ? { label: cols.label } : {}), clean: c.clean, seed: c.seed })
  rows = cleaned.rows
  steps.push(...cleaned.steps)
  if (cols.label !== null) checkClassCount(rows, cols.label, src.name, cleaned.steps.length > 0 ? 'cleaning' : 'read')
  lap('clean')
  const balance = cols.label !== null ? measureLabelBalance(rows, cols.label, c.skewRatio) : null
  const labelNames = cols.label !== null ? sortLabels(rows.map((r) => String(r[cols.label as string]))) : []
  const plan: EncodePlan = { ...cols, labelIndex: new Map(labelNames.map((l, i) => [l, i])) }
  const labels = cols.label !== null && c.split.stratify ? rows.map((r) => String(r[cols.label as string])) : undefined
  const idx = splitRows(rows.length, { validation: c.split.validation, test: c.split.test, seed: c.seed, ...(labels ? { labels } : {}) })
  const foldRows = ctx.cv ? makeFolds([...idx.train, ...idx.validation].sort((a, b) => a - b), ctx.cv.folds, c.seed, labels) : null
  lap('split')
  const main = encodeSplits(rows, idx, plan)
  const folds: PreparedSplits[] = (foldRows ?? []).map((val, i) => {
    const train = foldRows?.filter((_, j) => j !== i).flat().sort((a, b) => a - b) ?? []
    return encodeSplits(rows, { train, validation: val, test: idx.test }, plan).splits
  })
  lap('encode')
  const tok = main.tokenizer
  const ds: PreparedDataset = {
    key,
    name: src.name,
    task: cols.task,
    textColumn: cols.text,
    labelColumn: cols.label,
    targetColumn: cols.target,
    labelNames,
    splits: main.splits,
    folds,
    report: {
      source: { name: src.name, kind: src.kind, version: src.version, path: src.path, format: raw.source.format, bytes: raw.source.bytes, contentHash, ...(raw.source.textUnit ? { textUnit: raw.source.textUnit } : {}), ...(raw.source.delimiter ? { delimiter: raw.source.delimiter } : {}) },
      columns: raw.columns,
      rows: { read: raw.rows.length, kept: rows.length },
      steps,
      nearDuplicateExamples: cleaned.nearDuplicateExamples,
      balance,
      splits: { train: idx.train.length, validation: idx.validation.length, test: idx.test.length, folds: foldRows?.map((f) => f.length) ?? null },
      tokenizer: tok === null ? null : { type: tok.type, vocabSize: tok.vocabSize, trainTokens: main.splits.train.tokens?.length ?? 0, validationUnkRate: unkRate(main.splits.validation) },
      timingsMs: timings,
    },
    fromCache: false,
  }
  timings.total = Math.round(performance.now() - t0)
  if (useCache) {
    try {
      writePreparedCache(cacheDir, ds)
    } catch {
      // The cache only saves time: a full or read-only disk must not fail the trial that prepared the data.
    }
  }
  return ds
}

/** Class names in a stable order: numerically when every label is a number, else by code units. */
function sortLabels(values: ReadonlyArray<string>): string[] {
  const distinct = [...new Set(values)]
  const numeric = distinct.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort()
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}
