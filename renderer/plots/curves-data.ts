import type { Layout, ScatterData, ScatterglData } from 'plotly.js'
import type { MetricSeries } from '../../shared/api/types.ts'
import { seriesColor } from './palette.ts'

/** A line trace as the curve plots draw it (SVG `scatter`, or `scattergl` when there are many points). */
export type PlotData = ScatterData | ScatterglData

export interface CurveOptions {
  x: 'step' | 'time'
  logY: boolean
  /** 0..0.99: weight of the debiased exponential moving average (TensorBoard's slider). */
  smoothing: number
  highlightTrialId?: number | null
}

/**
 * Above this many points in all, SVG lines get slow to redraw on hover and WebGL keeps up. Twenty
 * curves downsampled to 500 points each stay SVG, whose hover and legend behave better.
 */
export const CURVES_GL_THRESHOLD = 20_000
const MAX_SMOOTHING = 0.999

/**
 * TensorBoard's smoothing: an exponential moving average divided by `1 - weight^n`, so the first
 * points are not pulled towards zero. Nulls (non-finite values) stay null and do not reset the
 * average, so a gap does not restart the warm-up.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), MAX_SMOOTHING)
  if (w === 0) return [...values]
  let last = 0
  let n = 0
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null
    last = last * w + (1 - w) * v
    n++
    return last / (1 - w ** n)
  })
}

/** The x values of a series: its steps, or seconds since its first point. */
export function curveX(series: MetricSeries, x: CurveOptions['x']): number[] {
  if (x === 'step') return series.steps
  const t0 = series.wallTimes[0] ?? 0
  return series.wallTimes.map((t) => (t - t0) / 1000)
}

/**
 * One line per series, coloured per trial (the same colour for the same trial across redraws of one
 * selection). With smoothing, the raw line stays faint underneath. A highlighted trial is drawn
 * last (on top) and thicker, the others dimmed. Each point carries its trial id as `customdata`, so
 * hover and click events name the trial.
 */
export function buildCurveTraces(
  series: readonly MetricSeries[],
  opts: CurveOptions,
  labelOf: (trialId: number) => string = (id) => `trial ${id}`,
): { data: Partial<PlotData>[]; layout: Partial<Layout> } {
  const totalPoints = series.reduce((n, s) => n + s.steps.length, 0)
  const type = totalPoints > CURVES_GL_THRESHOLD ? 'scattergl' : 'scatter'
  const smoothed = opts.smoothing > 0
  const highlight = opts.highlightTrialId ?? null
  const dimOthers = highlight !== null && series.some((s) => s.trialId === highlight)
  const xLabel = opts.x === 'step' ? 'step' : 'seconds since the trial started'

  const ordered = series.map((s, i) => ({ s, color: seriesColor(i) }))
  if (dimOthers) ordered.sort((a, b) => Number(a.s.trialId === highlight) - Number(b.s.trialId === highlight))

  const data: Partial<PlotData>[] = []
  for (const { s, color } of ordered) {
    const x = curveX(s, opts.x)
    const isHighlighted = s.trialId === highlight
    const opacity = dimOthers && !isHighlighted ? 0.3 : 1
    const width = isHighlighted ? 3.5 : 1.75
    const label = labelOf(s.trialId)
    const customdata = s.steps.map(() => s.trialId)
    const hovertemplate = `${escapeTemplate(label)}<br>${xLabel} %{x}<br>${escapeTemplate(s.name)} %{y}<extra></extra>`
    if (smoothed) {
      data.push({
        type, mode: 'lines', uid: `${s.trialId}-raw`, x, y: s.values, customdata,
        line: { color, width: 1 }, opacity: opacity * 0.25, showlegend: false, legendgroup: String(s.trialId),
        hoverinfo: 'skip', name: `${label} (raw)`,
      } as Partial<PlotData>)
    }
    data.push({
      type, mode: 'lines', uid: String(s.trialId), x, y: smoothed ? smooth(s.values, opts.smoothing) : s.values, customdata,
      line: { color, width }, opacity, name: label, legendgroup: String(s.trialId), hovertemplate,
    } as Partial<PlotData>)
  }

  const metric = series[0]?.name ?? ''
  return {
    data,
    layout: {
      // Zoom survives live redraws, but not a change of axis units (the old range would be meaningless).
      uirevision: `curves:${opts.x}:${opts.logY ? 'log' : 'linear'}:${metric}`,
      hovermode: 'closest',
      showlegend: series.length > 1 && series.length <= 12,
      legend: { orientation: 'h', y: -0.25 },
      xaxis: { title: { text: xLabel }, zeroline: false },
      yaxis: { title: { text: metric }, type: opts.logY ? 'log' : 'linear', zeroline: false },
    },
  }
}

/** Plotly templates treat `%{...}` specially; a metric or trial name should print as it is. */
function escapeTemplate(text: string): string {
  return text.replace(/%\{/g, '%\u200b{')
}
