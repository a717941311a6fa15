/** How a parameter is drawn on an axis, decided from the values it took in the sweep. */
export type AxisScale =
  | { kind: 'categorical'; categories: string[] }
  | { kind: 'log'; min: number; max: number }
  | { kind: 'linear'; min: number; max: number }

/** More than two decades between the smallest and largest positive value reads better on a log axis. */
const LOG_SPAN = 100

/**
 * Numbers (all finite) get a numeric axis, anything else (strings, booleans, mixed) a categorical
 * one whose categories are sorted, numbers-in-strings in numeric order (`"2"` before `"10"`).
 */
export function chooseAxisScale(values: readonly unknown[]): AxisScale {
  const numeric = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v))
  if (!numeric) {
    const categories = [...new Set(values.map(categoryLabel))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    return { kind: 'categorical', categories }
  }
  const nums = values as number[]
  let min = Infinity
  let max = -Infinity
  for (const v of nums) {
    if (v < min) min = v
    if (v > max) max = v
  }
  if (min > 0 && max / min > LOG_SPAN) return { kind: 'log', min, max }
  return { kind: 'linear', min, max }
}

export function categoryLabel(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === undefined) return '(none)'
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** Ticks for a log axis in log10 units: 1, 2, 5 per decade, or only powers of ten over many decades. */
export function logTicks(min: number, max: number): { tickvals: number[]; ticktext: string[] } {
  const lo = Math.log10(min)
  const hi = Math.log10(max)
  const mantissas = hi - lo > 5 ? [1] : [1, 2, 5]
  const tickvals: number[] = []
  const ticktext: string[] = []
  for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) {
    for (const m of mantissas) {
      const t = Math.log10(m) + d
      // A small tolerance keeps the end ticks when min/max are exact powers of ten.
      if (t < lo - 1e-9 || t > hi + 1e-9) continue
      tickvals.push(t)
      ticktext.push(formatTickValue(m * 10 ** d))
    }
  }
  return { tickvals, ticktext }
}

export function formatTickValue(v: number): string {
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(0).replace('e+', 'e')
  return String(Number(v.toPrecision(3)))
}
