/** How a parameter is drawn on an axis, decided from its distribution or from the values it took. */
export type AxisScale =
  | { kind: 'categorical'; categories: string[] }
  | { kind: 'log'; min: number; max: number }
  | { kind: 'linear'; min: number; max: number }

/** What the sweep file says about an axis (see spec-scales.ts); absent when it says nothing. */
export type ScaleHint = 'log' | 'linear'

/** Two decades or more between the smallest and largest positive value (an lr grid of 1e-3, 1e-2, 1e-1) read better on a log axis. */
const LOG_SPAN = 100

/**
 * Numbers (all finite) get a numeric axis, anything else (strings, booleans, mixed) a categorical
 * one whose categories are sorted, numbers-in-strings in numeric order (`"2"` before `"10"`).
 * A hint from the distribution decides log or linear; without one (a `values` list) the span does.
 * `bounds` (the distribution's own limits) widen the axis so it does not jump as trials arrive.
 */
export function chooseAxisScale(values: readonly unknown[], hint?: ScaleHint, bounds?: { min?: number; max?: number }): AxisScale {
  const numeric = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v))
  if (!numeric) {
    const categories = [...new Set(values.map(categoryLabel))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    return { kind: 'categorical', categories }
  }
  let min = Infinity
  let max = -Infinity
  for (const v of values as number[]) {
    if (v < min) min = v
    if (v > max) max = v
  }
  if (bounds?.min !== undefined && Number.isFinite(bounds.min)) min = Math.min(min, bounds.min)
  if (bounds?.max !== undefined && Number.isFinite(bounds.max)) max = Math.max(max, bounds.max)
  const logable = min > 0
  if (hint === 'log' && logable) return { kind: 'log', min, max }
  if (hint === 'linear') return { kind: 'linear', min, max }
  if (logable && max / min >= LOG_SPAN) return { kind: 'log', min, max }
  return { kind: 'linear', min, max }
}

export function categoryLabel(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === undefined) return '(none)'
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** A value in axis units (category index, log10, or itself); null when it cannot sit on the axis. */
export function toAxisValue(scale: AxisScale, v: unknown): number | null {
  switch (scale.kind) {
    case 'categorical': {
      const i = scale.categories.indexOf(categoryLabel(v))
      return i < 0 ? null : i
    }
    case 'log':
      return typeof v === 'number' && v > 0 && Number.isFinite(v) ? Math.log10(v) : null
    case 'linear':
      return typeof v === 'number' && Number.isFinite(v) ? v : null
  }
}

/** The inverse of `toAxisValue` for numeric axes (a categorical axis position is its index). */
export function fromAxisValue(scale: AxisScale, a: number): number {
  return scale.kind === 'log' ? 10 ** a : a
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

export interface LogAxisTicks {
  /** log10 positions, ascending. */
  tickvals: number[]
  /** Real-unit labels; unlabelled (minor) ticks get distinct invisible strings (see below). */
  ticktext: string[]
  /** The axis range in log10 units: widened to the ticks that enclose the data. */
  range: [number, number]
}

const INVISIBLE = '\u200b'

/**
 * Ticks for a parcoords log axis. Parcoords treats an axis with tickvals as ordinal: brushes snap
 * to the ticks, and nothing outside the first and last tick can be brushed. So the ticks are dense
 * (every mantissa 1..9 up to ten decades, labelled at 1-2-5 or at powers of ten) and the range is
 * widened to the enclosing ticks. Parcoords keys ticks by their text, so every unlabelled tick
 * gets its own run of zero-width spaces.
 */
export function logAxisTicks(min: number, max: number): LogAxisTicks {
  const lo = Math.log10(min)
  const hi = Math.log10(max)
  const decades = hi - lo
  const mantissas = decades > 10 ? [1] : [1, 2, 3, 4, 5, 6, 7, 8, 9]
  const labelled = decades > 2 ? new Set([1]) : new Set([1, 2, 5])
  const all: { v: number; m: number; d: number }[] = []
  for (let d = Math.floor(lo) - 1; d <= Math.ceil(hi); d++) {
    for (const m of mantissas) all.push({ v: Math.log10(m) + d, m, d })
  }
  const eps = 1e-9
  let first = all.findLastIndex((t) => t.v <= lo + eps)
  let last = all.findIndex((t) => t.v >= hi - eps)
  if (first < 0) first = 0
  if (last < 0) last = all.length - 1
  // Two ticks at least, or parcoords has nothing to snap between.
  if (last === first) last = Math.min(all.length - 1, first + 1)
  const picked = all.slice(first, last + 1)
  // A narrow axis (under a decade) may hold fewer than two 1-2-5 ticks: label its ends instead.
  const labelEnds = picked.filter((t) => labelled.has(t.m)).length < 2
  let blank = 0
  const ticktext = picked.map((t, i) => {
    const endTick = i === 0 || i === picked.length - 1
    return labelled.has(t.m) || (labelEnds && endTick) ? formatTickValue(t.m * 10 ** t.d) : INVISIBLE.repeat(++blank)
  })
  const tickvals = picked.map((t) => t.v)
  return { tickvals, ticktext, range: [tickvals[0]!, tickvals[tickvals.length - 1]!] }
}

export function formatTickValue(v: number): string {
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(0).replace('e+', 'e')
  return String(Number(v.toPrecision(3)))
}

/** Round tick positions for a linear span: about `count` of them at 1-2-5 steps. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return Number.isFinite(min) ? [min] : []
  const raw = (max - min) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  const ticks: number[] = []
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)))
  return ticks
}
