import type { Layout, ParcoordsData, ScatterData } from 'plotly.js'
import type { CompareResult } from '../../shared/api/compare-types.ts'
import { categoryLabel, chooseAxisScale, logAxisTicks, toAxisValue, type AxisScale, type ScaleHint } from './axis-scale.ts'
import { seriesColor } from './palette.ts'
import { scaleHintsFromSpec, type ParamScaleHint } from './spec-scales.ts'

type Dimension = NonNullable<ParcoordsData['dimensions']>[number]

/** The label a value gets on an axis for the sweeps that lack the parameter. */
export const ABSENT = '(absent)'

/** One axis of the comparison: a parameter (shared or not) or the metric. */
export interface CompareAxis {
  key: string
  label: string
  shared: boolean
  scale: AxisScale
  /** Where a sweep that lacks the parameter is drawn (axis units), or null on shared axes. */
  absentAt: number | null
  range: [number, number]
  ticks?: { tickvals: number[]; ticktext: string[] }
}

/** A letter per sweep, as the CLI's columns name them. */
export const sweepLetter = (i: number): string => String.fromCharCode(65 + i)

/** "A: 3 lr-search" — how every view names a compared sweep. */
export function sweepLabel(r: CompareResult, i: number): string {
  const s = r.sweeps[i]!
  return `${sweepLetter(i)}: ${s.sweepId} ${s.name}${s.workspace ? ' (other workspace)' : ''}`
}

/**
 * The axes of the overlaid parallel coordinates: shared parameters first on common axes (their
 * scale from the values of all sweeps, log when any sweep's file draws it log-uniform), then the
 * others, each with an extra "(absent)" position below the values for the sweeps without it.
 * Parameters that take a single value in every sweep are left out, like constants in the sweep view.
 */
export function buildCompareAxes(r: CompareResult): CompareAxis[] {
  const hints = r.sweeps.map((s) => scaleHintsFromSpec(s.spec))
  const axes: CompareAxis[] = []
  for (const p of r.params) {
    const values = r.trials.flatMap((t) => (Object.hasOwn(t.params, p.name) ? [t.params[p.name]] : []))
    const distinct = new Set(values.map((v) => categoryLabel(v)))
    if (distinct.size < 2 && p.shared) continue
    const hint = mergeHints(hints.map((h) => h.get(p.name)))
    const scale = chooseAxisScale(values, hint?.hint, hint?.bounds)
    axes.push(axisFor(p.name, p.shared ? p.name : `${p.name} (${p.sides.map((x, i) => (x ? sweepLetter(i) : '')).join('')} only)`, p.shared, scale))
  }
  const metricValues = r.trials.flatMap((t) => (t.value === null ? [] : [t.value]))
  if (r.metric && metricValues.length > 0) axes.push(axisFor(':metric', r.metric.name, true, chooseAxisScale(metricValues)))
  return axes
}

function mergeHints(hs: ReadonlyArray<ParamScaleHint | undefined>): ParamScaleHint | undefined {
  const known = hs.filter((h): h is ParamScaleHint => h !== undefined)
  if (known.length === 0) return undefined
  const hint: ScaleHint | undefined = known.some((h) => h.hint === 'log') ? 'log' : known[0]!.hint
  const mins = known.flatMap((h) => (h.bounds?.min === undefined ? [] : [h.bounds.min]))
  const maxs = known.flatMap((h) => (h.bounds?.max === undefined ? [] : [h.bounds.max]))
  return { ...(hint ? { hint } : {}), bounds: { ...(mins.length ? { min: Math.min(...mins) } : {}), ...(maxs.length ? { max: Math.max(...maxs) } : {}) } }
}

function axisFor(key: string, label: string, shared: boolean, scale: AxisScale): CompareAxis {
  if (scale.kind === 'categorical') {
    const n = scale.categories.length
    const tickvals = scale.categories.map((_, i) => i)
    const ticktext = [...scale.categories]
    if (!shared) {
      tickvals.unshift(-1)
      ticktext.unshift(ABSENT)
    }
    return { key, label, shared, scale, absentAt: shared ? null : -1, range: [shared ? 0 : -1, Math.max(n - 1, shared ? 1 : 0)], ticks: { tickvals, ticktext } }
  }
  if (scale.kind === 'log') {
    const t = logAxisTicks(scale.min, scale.max)
    if (shared) return { key, label: `${label} (log)`, shared, scale, absentAt: null, range: t.range, ticks: { tickvals: t.tickvals, ticktext: t.ticktext } }
    // One decade below the data holds the absent sweeps.
    const absentAt = t.range[0] - 1
    return { key, label: `${label} (log)`, shared, scale, absentAt, range: [absentAt, t.range[1]], ticks: { tickvals: [absentAt, ...t.tickvals], ticktext: [ABSENT, ...t.ticktext] } }
  }
  const span = scale.max - scale.min || Math.abs(scale.max) || 1
  if (shared) return { key, label, shared, scale, absentAt: null, range: [scale.min, scale.max] }
  const absentAt = scale.min - span * 0.25
  const ticks = niceLinearTicks(scale.min, scale.max)
  return { key, label, shared, scale, absentAt, range: [absentAt, scale.max], ticks: { tickvals: [absentAt, ...ticks], ticktext: [ABSENT, ...ticks.map((v) => String(Number(v.toPrecision(4))))] } }
}

function niceLinearTicks(min: number, max: number): number[] {
  if (min === max) return [min]
  const step = 10 ** Math.floor(Math.log10((max - min) / 4))
  const mult = [1, 2, 5, 10].find((m) => (max - min) / (m * step) <= 6) ?? 10
  const s = mult * step
  const out: number[] = []
  for (let v = Math.ceil(min / s) * s; v <= max + s * 1e-9; v += s) out.push(Number(v.toPrecision(12)))
  return out
}

/** A trial's position on an axis, `absentAt` when its sweep lacks the parameter, null when it cannot be drawn. */
export function comparePosition(axis: CompareAxis, trial: CompareResult['trials'][number]): number | null {
  if (axis.key === ':metric') return trial.value === null ? null : toAxisValue(axis.scale, trial.value)
  if (!Object.hasOwn(trial.params, axis.key)) return axis.absentAt
  return toAxisValue(axis.scale, trial.params[axis.key])
}

/** A stepped colourscale: sweep i (of n) is one flat colour, whatever Plotly interpolates between stops. */
export function sweepColorscale(n: number): [number, string][] {
  if (n <= 1) return [[0, seriesColor(0)], [1, seriesColor(0)]]
  const out: [number, string][] = []
  for (let i = 0; i < n; i++) {
    out.push([i / n, seriesColor(i)], [(i + 1) / n, seriesColor(i)])
  }
  return out
}

export interface CompareParcoords {
  data: Partial<ParcoordsData>
  axes: CompareAxis[]
  /** Lines drawn per sweep (trials with a metric value and a drawable value on every axis). */
  drawn: number[]
}

/** The overlaid parallel coordinates: one line per trial, coloured by its sweep. */
export function buildCompareParcoords(r: CompareResult, axes: CompareAxis[] = buildCompareAxes(r)): CompareParcoords {
  const columns: number[][] = axes.map(() => [])
  const colors: number[] = []
  const drawn = r.sweeps.map(() => 0)
  const n = r.sweeps.length
  for (const t of r.trials) {
    if (r.metric && t.value === null) continue
    const row: number[] = []
    for (const axis of axes) {
      const v = comparePosition(axis, t)
      if (v === null) break
      row.push(v)
    }
    if (row.length !== axes.length) continue
    row.forEach((v, i) => columns[i]!.push(v))
    // The middle of the sweep's colour band.
    colors.push((t.sweep + 0.5) / n)
    drawn[t.sweep]!++
  }
  const dimensions: Dimension[] = axes.map((axis, i) => ({
    label: axis.label,
    values: columns[i]!,
    range: axis.range,
    ...(axis.ticks ? { tickvals: axis.ticks.tickvals, ticktext: axis.ticks.ticktext } : {}),
  }))
  return {
    data: { type: 'parcoords', dimensions, line: { color: colors, cmin: 0, cmax: 1, colorscale: sweepColorscale(n), showscale: false } } as Partial<ParcoordsData>,
    axes,
    drawn,
  }
}

export type HistoryX = 'index' | 'time'

/**
 * The overlaid optimization history: per sweep its trials' metric values (markers) and its
 * best-so-far (a step line), in one colour; x is the trial's index in its sweep, or minutes
 * since the sweep's first trial ended.
 */
export function buildCompareHistory(r: CompareResult, x: HistoryX): { data: Partial<ScatterData>[]; layout: Partial<Layout> } {
  const data: Partial<ScatterData>[] = []
  r.sweeps.forEach((s, i) => {
    const done = r.trials.filter((t) => t.sweep === i && t.value !== null && (x === 'index' || t.endedAt !== null))
    if (x === 'time') done.sort((a, b) => a.endedAt! - b.endedAt!)
    const t0 = x === 'time' ? (done[0]?.endedAt ?? 0) : 0
    const xs = done.map((t) => (x === 'index' ? t.index : (t.endedAt! - t0) / 60_000))
    const ys = done.map((t) => t.value!)
    let best = s.metricGoal === 'minimize' ? Infinity : -Infinity
    const bests = ys.map((v) => (best = s.metricGoal === 'minimize' ? Math.min(best, v) : Math.max(best, v)))
    const color = seriesColor(i)
    const name = sweepLabel(r, i)
    data.push({ type: 'scatter', mode: 'markers', name, legendgroup: name, x: xs, y: ys, marker: { color, size: 6, opacity: 0.7 }, hovertemplate: `${escapeText(name)}<br>%{x}: %{y}<extra></extra>` })
    data.push({ type: 'scatter', mode: 'lines', name: `${sweepLetter(i)} best so far`, legendgroup: name, showlegend: false, x: xs, y: bests, line: { color, width: 2, shape: 'hv' }, hoverinfo: 'skip' })
  })
  return {
    data,
    layout: {
      uirevision: `compare-history:${x}`,
      hovermode: 'closest',
      legend: { orientation: 'h', x: 0, y: 1.15 },
      xaxis: { title: { text: x === 'index' ? 'trial (index in its sweep)' : 'minutes since the sweep’s first trial ended' }, zeroline: false },
      yaxis: { title: { text: r.metric?.name ?? 'metric' }, zeroline: false },
    },
  }
}

/** Plotly reads `%{` and tags in hover templates: user text is escaped. */
function escapeText(s: string): string {
  return s.replace(/%\{/g, '%\u200b{').replace(/</g, '&lt;')
}
