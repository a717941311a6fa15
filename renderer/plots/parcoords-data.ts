import type { ParcoordsData } from 'plotly.js'
import type { TrialSummary } from '../../shared/api/types.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { constraintRangeFor, type AxisFilter } from './axis-filter.ts'
import { formatTickValue, fromAxisValue, logTicks, niceTicks } from './axis-scale.ts'
import { fadedViridis, fadeFloor } from './palette.ts'
import { axisPosition, type AxisInfo, type SweepAxes } from './sweep-axes.ts'

type Dimension = NonNullable<ParcoordsData['dimensions']>[number]

export interface ParcoordsFigure {
  data: Partial<ParcoordsData>
  /** Trial id of each line, in line order: parcoords hover events name a line by its index. */
  trialIds: number[]
  /** The axes in dimension order (parameters, then the metric): restyle events name a dimension by index. */
  axes: AxisInfo[]
  /** Trials offered but not drawn: no metric value yet, or a parameter missing (conditional ones). */
  undrawn: number
}

export interface ParcoordsOptions {
  goal: MetricGoal
  /** Filters shown as brushes (constraint ranges) on their axes. */
  filters?: Readonly<Record<string, AxisFilter>>
  /** Parameter axis keys in the order the user dragged them to; unknown keys are ignored. */
  order?: readonly string[] | null
  /** Theme colours: the page background (for fading) and the colour of filtered-out lines. */
  background?: string
  contextColor?: string
}

/**
 * One line per trial that has a value for the metric and every parameter axis (parcoords needs a
 * finite value on every axis). Categorical axes sit at integer positions with their labels as ticks;
 * log axes are drawn as log10 with ticks in real units (parcoords has no log axis of its own).
 * Lines are coloured by their rank on the metric so that the best is bright and, since parcoords
 * stacks lines by colour value, drawn on top; the colour bar is labelled in the metric's own units.
 * Filters become constraint ranges, and the lines they exclude stay as faint context, whose alpha
 * shows density.
 */
export function buildParcoordsData(trials: readonly TrialSummary[], axes: SweepAxes, opts: ParcoordsOptions): ParcoordsFigure {
  const metric = axes.metric
  if (!metric) return { data: { type: 'parcoords', dimensions: [] }, trialIds: [], axes: [], undrawn: trials.length }
  const paramAxes = orderAxes(axes.params, opts.order)
  const all = [...paramAxes, metric]
  const columns: number[][] = all.map(() => [])
  const trialIds: number[] = []
  for (const t of trials) {
    const row: number[] = []
    for (const axis of all) {
      const v = axisPosition(axis, t)
      if (v === null) break
      row.push(v)
    }
    if (row.length !== all.length) continue
    row.forEach((v, i) => columns[i]!.push(v))
    trialIds.push(t.id)
  }
  const dimensions: Dimension[] = all.map((axis, i) => dimensionFor(axis, columns[i]!, opts.filters?.[axis.key]))
  const metricValues = columns[all.length - 1]!
  const ranks = rankColors(metricValues, opts.goal)
  return {
    data: {
      type: 'parcoords',
      dimensions,
      line: {
        color: ranks.color,
        cmin: 0,
        cmax: 1,
        colorscale: fadedViridis(opts.background, fadeFloor(trialIds.length)),
        showscale: true,
        colorbar: colorbarFor(metric, ranks),
      },
      ...(opts.contextColor ? { unselected: { line: { color: opts.contextColor } } } : {}),
    } as Partial<ParcoordsData>,
    trialIds,
    axes: all,
    undrawn: trials.length - trialIds.length,
  }
}

function orderAxes(params: readonly AxisInfo[], order: readonly string[] | null | undefined): AxisInfo[] {
  if (!order || order.length === 0) return [...params]
  const rank = new Map(order.map((k, i) => [k, i]))
  // Axes the user never moved keep their place after the ones they did.
  return [...params].sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity))
}

function dimensionFor(axis: AxisInfo, values: number[], filter: AxisFilter | undefined): Dimension {
  const dim: Dimension = { label: axis.label, values, range: axis.range }
  if (axis.ticks) {
    dim.tickvals = axis.ticks.tickvals
    dim.ticktext = axis.ticks.ticktext
  }
  // Categories can be picked in any combination; a numeric axis takes one bar, like the table's min/max.
  dim.multiselect = axis.scale.kind === 'categorical'
  const constraint = constraintRangeFor(axis, filter)
  if (constraint) dim.constraintrange = constraint
  return dim
}

interface RankColors {
  /** Per line: its rank by the metric in 0..1, best = 1. */
  color: number[]
  /** Colour position of any metric value (axis units), interpolated between the lines' ranks. */
  positionOf: (v: number) => number
  min: number
  max: number
}

/**
 * Colours by rank, not by value: a sweep's metric is usually skewed (a few diverged trials, a crowd
 * near the best), and a linear scale would paint most lines one colour. By rank every colour is used
 * equally; the colour bar's ticks are real metric values placed at their ranks. Ties share a rank.
 */
function rankColors(values: readonly number[], goal: MetricGoal): RankColors {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  // Index of the first value above v (or at/above it with `inclusive`), by binary search.
  const bound = (v: number, inclusive: boolean) => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (inclusive ? sorted[mid]! < v : sorted[mid]! <= v) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const ascending = (v: number) => {
    if (n <= 1) return 0.5
    const below = bound(v, true)
    const equal = bound(v, false) - below
    return Math.min(1, Math.max(0, (below + Math.max(0, equal - 1) / 2) / (n - 1)))
  }
  // Higher is better for the colour, and so for the stacking order (parcoords draws higher on top).
  const positionOf = (v: number) => (goal === 'minimize' ? 1 - ascending(v) : ascending(v))
  return { color: values.map(positionOf), positionOf, min: sorted[0] ?? 0, max: sorted[n - 1] ?? 1 }
}

/** Minimum gap between colour-bar ticks (of its length): ranks crowd values where trials crowd. */
const MIN_TICK_GAP = 0.06

function colorbarFor(metric: AxisInfo, ranks: RankColors) {
  const candidates =
    metric.scale.kind === 'log'
      ? logTicks(10 ** ranks.min, 10 ** ranks.max).tickvals
      : niceTicks(ranks.min, ranks.max, 8)
  // The extremes first, so the bar always names its ends.
  const ordered = [ranks.min, ranks.max, ...candidates.filter((t) => t > ranks.min && t < ranks.max)]
  const kept: { v: number; pos: number }[] = []
  for (const v of ordered) {
    const pos = ranks.positionOf(v)
    if (kept.every((k) => Math.abs(k.pos - pos) >= MIN_TICK_GAP)) kept.push({ v, pos })
  }
  kept.sort((a, b) => a.pos - b.pos)
  return {
    title: { text: `${metric.name} (by rank)`, side: 'right' },
    tickvals: kept.map((k) => k.pos),
    ticktext: kept.map((k) => formatTickValue(fromAxisValue(metric.scale, k.v))),
    thickness: 14,
  }
}
