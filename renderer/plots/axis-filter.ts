import { formatMetric } from '../ui/format.ts'
import { categoryLabel, fromAxisValue, toAxisValue } from './axis-scale.ts'
import type { AxisInfo } from './sweep-axes.ts'

/**
 * A filter on one axis, in real units: what brushing a parcoords axis and typing a range in the
 * table's filter both edit. A numeric range may be open at either end.
 */
export type AxisFilter =
  | { kind: 'range'; min: number | null; max: number | null }
  | { kind: 'categories'; values: readonly string[] }

// Parcoords' ordinal snapping (plotly.js src/traces/parcoords/axisbrush.js, `ordinalScaleSnap`):
// a brush end snaps to the nearest tick past it, overshooting by a quarter of the gap so the tick
// is visibly covered. Replicated here so the filter matches exactly the lines parcoords keeps.
const SNAP_RATIO = 0.25
const SNAP_CLOSE = 0.01

function snapEnd(isHigh: boolean, ticks: readonly number[], v: number): number {
  const dir = isHigh ? -1 : 1
  let first = 0
  let last = ticks.length - 1
  if (dir < 0) [first, last] = [last, first]
  let here = ticks[first]!
  let prev = here
  for (let i = first; dir * i < dir * last; i += dir) {
    const nextI = i + dir
    const next = ticks[nextI]!
    if (dir * v < dir * (here * (1 - SNAP_CLOSE) + next * SNAP_CLOSE)) return here * (1 - SNAP_RATIO) + prev * SNAP_RATIO
    if (dir * v < dir * next || nextI === last) return next * (1 - SNAP_RATIO) + here * SNAP_RATIO
    prev = here
    here = next
  }
  return v
}

/**
 * The interval (axis units) a numeric filter keeps once parcoords has snapped it: null when the
 * snap empties it, in which case parcoords drops the constraint and so does the filter.
 */
export function effectiveInterval(axis: AxisInfo, filter: Extract<AxisFilter, { kind: 'range' }>): [number, number] | null {
  const lo = filter.min === null ? null : toAxisValue(axis.scale, filter.min)
  const hi = filter.max === null ? null : toAxisValue(axis.scale, filter.max)
  let a = lo ?? -Infinity
  let b = hi ?? Infinity
  if (a > b) [a, b] = [b, a]
  const ticks = axis.ticks?.tickvals
  if (ticks && ticks.length > 1) {
    // An open end is the axis end: snapping it there keeps it open.
    if (Number.isFinite(a)) a = snapEnd(false, ticks, a)
    if (Number.isFinite(b)) b = snapEnd(true, ticks, b)
    if (!(b > a)) return null
  }
  return [a, b]
}

/** Whether a raw value passes the filter; a value the axis cannot show (missing parameter) never does. */
export function matchesFilter(axis: AxisInfo, filter: AxisFilter, raw: unknown): boolean {
  if (raw === undefined || raw === null) return false
  if (filter.kind === 'categories') return filter.values.includes(categoryLabel(raw))
  const interval = effectiveInterval(axis, filter)
  if (!interval) return true
  const v = toAxisValue(axis.scale, raw)
  return v !== null && v >= interval[0] && v <= interval[1]
}

/** The parcoords `constraintrange` showing a filter; undefined for none. */
export function constraintRangeFor(axis: AxisInfo, filter: AxisFilter | undefined): number[] | number[][] | undefined {
  if (!filter) return undefined
  if (filter.kind === 'categories') {
    if (axis.scale.kind !== 'categorical') return undefined
    const cats = axis.scale.categories
    const idx = filter.values.map((v) => cats.indexOf(v)).filter((i) => i >= 0).sort((a, b) => a - b)
    if (idx.length === 0) return undefined
    // Consecutive categories become one bar, as a drag across them would.
    const runs: number[][] = []
    for (const i of idx) {
      const last = runs[runs.length - 1]
      if (last && i === last[1]! + 1) last[1] = i
      else runs.push([i, i])
    }
    const ranges = runs.map(([a, b]) => [a! - SNAP_RATIO, b! + SNAP_RATIO])
    return ranges.length === 1 ? ranges[0] : ranges
  }
  if (axis.scale.kind === 'categorical') return undefined
  const interval = effectiveInterval(axis, filter)
  if (!interval) return undefined
  const lo = Math.max(interval[0], axis.range[0])
  const hi = Math.min(interval[1], axis.range[1])
  // A range beside the axis keeps no line; parcoords cannot draw that as a bar, the table shows it.
  return lo <= hi ? [lo, hi] : undefined
}

/**
 * Turns a parcoords `constraintrange` (from a `plotly_restyle` brushing event) back into a filter:
 * category indices become the categories they cover, log10 becomes real units. Null clears it.
 */
export function filterFromConstraint(axis: AxisInfo, constraint: unknown): AxisFilter | null {
  const intervals = toIntervals(constraint)
  if (intervals.length === 0) return null
  if (axis.scale.kind === 'categorical') {
    const values = axis.scale.categories.filter((_, i) => intervals.some(([a, b]) => i >= a && i <= b))
    return values.length > 0 ? { kind: 'categories', values } : null
  }
  // Numeric axes allow one bar (multiselect is off for them): the hull covers a transient second one.
  const lo = Math.min(...intervals.map((r) => r[0]))
  const hi = Math.max(...intervals.map((r) => r[1]))
  return { kind: 'range', min: fromAxisValue(axis.scale, lo), max: fromAxisValue(axis.scale, hi) }
}

function toIntervals(c: unknown): [number, number][] {
  if (!Array.isArray(c) || c.length === 0) return []
  const list = Array.isArray(c[0]) ? (c as unknown[]) : [c]
  const out: [number, number][] = []
  for (const r of list) {
    if (!Array.isArray(r) || r.length !== 2) continue
    const [a, b] = r as unknown[]
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) continue
    out.push(a <= b ? [a, b] : [b, a])
  }
  return out
}

/** A short text for a filter: `1e-4 – 0.01`, `≥ 0.5`, `adam, sgd`. */
export function describeFilter(axis: AxisInfo, filter: AxisFilter): string {
  if (filter.kind === 'categories') return filter.values.join(', ')
  const interval = effectiveInterval(axis, filter)
  const fmt = (a: number) => formatMetric(fromAxisValue(axis.scale, a))
  if (!interval) return 'narrower than the axis ticks (ignored)'
  const [a, b] = interval
  if (!Number.isFinite(a)) return `≤ ${fmt(b)}`
  if (!Number.isFinite(b)) return `≥ ${fmt(a)}`
  return `${fmt(a)} – ${fmt(b)}`
}
