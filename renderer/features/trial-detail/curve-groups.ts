export interface CurveGroup {
  /** `fold1` for `fold1/val_loss`; null for the trial's own metrics. */
  prefix: string | null
  names: string[]
}

/**
 * Splits metric names into the trial's own (first, the sweep's metric leading) and one group per
 * `prefix/` (cross-validation folds report `fold1/val_loss`…), groups in natural order (fold2 < fold10).
 */
export function groupMetricNames(names: readonly string[], primary: string | null): CurveGroup[] {
  const own: string[] = []
  const byPrefix = new Map<string, string[]>()
  for (const name of names) {
    const slash = name.indexOf('/')
    if (slash <= 0) {
      own.push(name)
      continue
    }
    const prefix = name.slice(0, slash)
    const list = byPrefix.get(prefix)
    if (list) list.push(name)
    else byPrefix.set(prefix, [name])
  }
  if (primary !== null && own.includes(primary)) own.splice(0, own.length, primary, ...own.filter((n) => n !== primary))
  const collator = new Intl.Collator('en', { numeric: true })
  const groups: CurveGroup[] = own.length ? [{ prefix: null, names: own }] : []
  for (const prefix of [...byPrefix.keys()].sort(collator.compare)) groups.push({ prefix, names: byPrefix.get(prefix)! })
  return groups
}

export interface SeriesLike {
  name: string
  steps: readonly number[]
  values: readonly (number | null)[]
}

export interface SingleValue {
  name: string
  value: number | null
  step: number
  /** The value of `<name>_std` when it was reported too (cross-validation means). */
  std: number | null
}

/**
 * Series with two or more points become curves; one with a single point (a final test score, a
 * mean over folds) is a value, not a line, and goes to a table, with its `_std` companion beside it.
 * Empty series (a metric this trial never reported) are dropped.
 */
export function splitSeries<S extends SeriesLike>(series: readonly S[]): { curves: S[]; singles: SingleValue[] } {
  const curves: S[] = []
  const once: S[] = []
  for (const s of series) {
    if (s.steps.length >= 2) curves.push(s)
    else if (s.steps.length === 1) once.push(s)
  }
  const byName = new Map(once.map((s) => [s.name, s]))
  const singles: SingleValue[] = []
  for (const s of once) {
    if (s.name.endsWith('_std') && byName.has(s.name.slice(0, -4))) continue
    singles.push({ name: s.name, value: s.values[0] ?? null, step: s.steps[0]!, std: byName.get(`${s.name}_std`)?.values[0] ?? null })
  }
  return { curves, singles }
}
