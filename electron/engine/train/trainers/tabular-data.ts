/**
 * Encodes raw table columns for the tabular MLP: numeric columns standardized with the training
 * rows' mean and standard deviation, string columns one-hot encoded with the training rows'
 * categories. Statistics come from the training split only, so validation and test rows never leak
 * into them.
 */
export type RawValue = number | string | boolean | null | undefined

export interface RawTable {
  /** Column name → one value per row (all columns the same length). */
  columns: Record<string, readonly RawValue[]>
  /** The column to predict. */
  target: string
  task?: 'classification' | 'regression'
  /** Columns to leave out (ids, leaks). */
  exclude?: readonly string[]
  trainRows: ArrayLike<number>
  valRows?: ArrayLike<number>
  testRows?: ArrayLike<number>
}

export interface TabularSplit {
  n: number
  /** n × numFeatures, row-major. */
  x: Float32Array
  /** Class ids (classification) or n × numTargets values (regression, in the target's own units). */
  y: Int32Array | Float32Array
}

/** What the tabular trainer consumes (the data pipeline builds it, e.g. with encodeTabular). */
export interface PreparedTabular {
  task: 'classification' | 'regression'
  numFeatures: number
  /** One name per encoded feature ("age", "color=red", …). */
  featureNames: string[]
  /** Classification: class names by id. */
  classNames?: string[]
  /** Regression: targets per row (1 unless several). */
  numTargets?: number
  train: TabularSplit
  val?: TabularSplit
  test?: TabularSplit
  /** How features were encoded (stored with saved weights so a model can be applied later). */
  encoding?: TabularEncoding
}

export interface TabularEncoding {
  numeric: Array<{ name: string; mean: number; std: number }>
  categorical: Array<{ name: string; categories: string[] }>
}

const MISSING = '<missing>'

function isNumericColumn(values: readonly RawValue[], rows: ArrayLike<number>): boolean {
  let seen = 0
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]
    if (v === null || v === undefined || v === '') continue
    if (typeof v === 'number') {
      seen++
      continue
    }
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
      seen++
      continue
    }
    return false
  }
  return seen > 0
}

function toNumber(v: RawValue): number {
  if (v === null || v === undefined || v === '') return Number.NaN
  if (typeof v === 'boolean') return v ? 1 : 0
  return typeof v === 'number' ? v : Number(v)
}

const toCategory = (v: RawValue) => (v === null || v === undefined || v === '' ? MISSING : String(v))

export function encodeTabular(table: RawTable): PreparedTabular {
  const names = Object.keys(table.columns)
  if (!names.includes(table.target)) throw new Error(`target column "${table.target}" not found; columns: ${names.join(', ')}`)
  const nRows = table.columns[table.target]!.length
  for (const n of names) if (table.columns[n]!.length !== nRows) throw new Error(`column "${n}" has ${table.columns[n]!.length} rows, "${table.target}" ${nRows}`)
  const train = table.trainRows
  if (train.length === 0) throw new Error('no training rows')
  const targetValues = table.columns[table.target]!
  const task = table.task ?? (isNumericColumn(targetValues, train) && new Set(Array.from(train, (r) => targetValues[r])).size > 20 ? 'regression' : 'classification')

  const encoding: TabularEncoding = { numeric: [], categorical: [] }
  const featureNames: string[] = []
  const exclude = new Set([table.target, ...(table.exclude ?? [])])
  for (const name of names) {
    if (exclude.has(name)) continue
    const values = table.columns[name]!
    if (isNumericColumn(values, train)) {
      // Welford over the training rows; missing values are skipped here and become the mean (0) below.
      let mean = 0
      let m2 = 0
      let count = 0
      for (let i = 0; i < train.length; i++) {
        const v = toNumber(values[train[i]!])
        if (!Number.isFinite(v)) continue
        count++
        const d = v - mean
        mean += d / count
        m2 += d * (v - mean)
      }
      const std = count > 1 ? Math.sqrt(m2 / count) : 0
      encoding.numeric.push({ name, mean, std: std > 1e-12 ? std : 1 })
      featureNames.push(name)
    } else {
      const cats = new Set<string>()
      for (let i = 0; i < train.length; i++) cats.add(toCategory(values[train[i]!]))
      const categories = [...cats].sort()
      encoding.categorical.push({ name, categories })
      for (const c of categories) featureNames.push(`${name}=${c}`)
    }
  }

  let classNames: string[] | undefined
  let classIndex: Map<string, number> | undefined
  if (task === 'classification') {
    const cats = new Set<string>()
    for (let i = 0; i < train.length; i++) cats.add(toCategory(targetValues[train[i]!]))
    classNames = [...cats].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0))
    classIndex = new Map(classNames.map((c, i) => [c, i]))
  }

  const width = featureNames.length
  const split = (rows: ArrayLike<number>, label: string): TabularSplit => {
    const n = rows.length
    const x = new Float32Array(n * width)
    const y = task === 'classification' ? new Int32Array(n) : new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const r = rows[i]!
      let o = i * width
      for (const c of encoding.numeric) {
        const v = toNumber(table.columns[c.name]![r])
        x[o++] = Number.isFinite(v) ? (v - c.mean) / c.std : 0
      }
      for (const c of encoding.categorical) {
        // A category unseen in training gets all zeros (no column of its own).
        const k = c.categories.indexOf(toCategory(table.columns[c.name]![r]))
        if (k >= 0) x[o + k] = 1
        o += c.categories.length
      }
      if (classIndex) {
        const k = classIndex.get(toCategory(targetValues[r]))
        if (k === undefined) throw new Error(`${label} row ${r} has class "${toCategory(targetValues[r])}" that the training rows do not`)
        y[i] = k
      } else {
        const v = toNumber(targetValues[r])
        if (!Number.isFinite(v)) throw new Error(`${label} row ${r}: target "${table.target}" is not a number (${String(targetValues[r])})`)
        y[i] = v
      }
    }
    return { n, x, y }
  }

  const out: PreparedTabular = { task, numFeatures: width, featureNames, train: split(train, 'training'), encoding }
  if (classNames) out.classNames = classNames
  else out.numTargets = 1
  if (table.valRows?.length) out.val = split(table.valRows, 'validation')
  if (table.testRows?.length) out.test = split(table.testRows, 'test')
  return out
}
