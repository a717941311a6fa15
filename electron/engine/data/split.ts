import { SweeplabError } from '../../../shared/errors.ts'
import { createRng, type Rng } from '../search/rng.ts'

/** Row indexes of each split, ascending. */
export interface SplitIndexes {
  train: number[]
  validation: number[]
  test: number[]
}

export interface SplitOptions {
  validation: number
  test: number
  seed: number
  /** Class of each row: when given, every class is split by the same fractions. */
  labels?: ReadonlyArray<string>
}

/** RNG streams of the split and the folds: independent of each other and of MinHash's. */
const STREAM_SPLIT = 0x5e1
const STREAM_FOLDS = 0xf01d

/**
 * Seeded train/validation/test split of rows 0..n-1. With labels it is stratified: each class is
 * shuffled and cut by the fractions (rounded per class), so class shares match across splits.
 */
export function splitRows(n: number, o: SplitOptions): SplitIndexes {
  if (o.validation + o.test >= 1) throw new SweeplabError('dataset/invalid', `split: validation (${o.validation}) + test (${o.test}) must be below 1 so rows are left to train on`)
  const rng = createRng(o.seed, STREAM_SPLIT)
  const groups = o.labels === undefined ? [range(n)] : groupByLabel(o.labels)
  const out: SplitIndexes = { train: [], validation: [], test: [] }
  for (const g of groups) {
    shuffle(g, rng)
    const nTest = Math.round(g.length * o.test)
    const nVal = Math.round(g.length * o.validation)
    const cutVal = Math.min(g.length, nTest + nVal)
    out.test.push(...g.slice(0, nTest))
    out.validation.push(...g.slice(nTest, cutVal))
    out.train.push(...g.slice(cutVal))
  }
  if (out.train.length === 0) throw new SweeplabError('dataset/invalid', `split: ${n} rows leave none to train on; lower validation/test or add rows`)
  for (const k of ['train', 'validation', 'test'] as const) out[k].sort((a, b) => a - b)
  return out
}

/**
 * k stratified folds of the given rows (the non-test rows: the test split is never in a fold): each
 * row is in exactly one fold. Rows are shuffled within their class, classes taken in label order and
 * dealt round-robin, so fold sizes and each class's count per fold differ by at most one.
 * Returns the rows of each fold, ascending; fold i is the validation set of the i-th run.
 */
export function makeFolds(rows: ReadonlyArray<number>, k: number, seed: number, labels?: ReadonlyArray<string>): number[][] {
  if (!Number.isInteger(k) || k < 2) throw new SweeplabError('dataset/invalid', `cv: folds must be an integer ≥ 2, got ${k}`)
  if (rows.length < k) throw new SweeplabError('dataset/invalid', `cv: ${k} folds need at least ${k} rows outside the test split, found ${rows.length}`)
  const rng = createRng(seed, STREAM_FOLDS)
  const groups = labels === undefined ? [[...rows]] : groupByLabel(rows.map((r) => labels[r] as string)).map((g) => g.map((i) => rows[i] as number))
  const folds: number[][] = Array.from({ length: k }, () => [])
  let p = 0
  for (const g of groups) {
    shuffle(g, rng)
    for (const r of g) (folds[p++ % k] as number[]).push(r)
  }
  for (const f of folds) f.sort((a, b) => a - b)
  return folds
}

/** Indexes grouped by label, groups in label order (code unit order) so the result does not depend on row order. */
function groupByLabel(labels: ReadonlyArray<string>): number[][] {
  const by = new Map<string, number[]>()
  labels.forEach((l, i) => {
    const g = by.get(l)
    if (g === undefined) by.set(l, [i])
    else g.push(i)
  })
  return [...by.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, g]) => g)
}

/** Fisher-Yates; rng.next() has 53 random bits, so each draw is uniform to within n·2^-53. */
function shuffle(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const t = a[i] as number
    a[i] = a[j] as number
    a[j] = t
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
