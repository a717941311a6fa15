import type { Layout } from 'plotly.js'
import type { MetricSeries } from '../../shared/api/types.ts'
import { meanStd } from '../../shared/config-stats.ts'
import { CURVES_GL_THRESHOLD, curveX, smooth, type CurveOptions, type PlotData } from './curves-data.ts'
import { parseColor, seriesColor } from './palette.ts'

/** The repeats of one config: drawn as one mean line with a ±1 std band, named by `trialId` (its first repeat). */
export interface CurveGroup {
  trialId: number
  series: readonly MetricSeries[]
}

/** Mean and ±1 std of the repeats at each x where at least one has a point (others interpolated inside their range). */
export function bandOf(curves: ReadonlyArray<{ x: readonly number[]; y: readonly (number | null)[] }>): { x: number[]; mean: (number | null)[]; lower: (number | null)[]; upper: (number | null)[]; n: number[] } {
  const xs = [...new Set(curves.flatMap((c) => c.x))].sort((a, b) => a - b)
  const mean: (number | null)[] = []
  const lower: (number | null)[] = []
  const upper: (number | null)[] = []
  const n: number[] = []
  for (const x of xs) {
    const values = curves.map((c) => valueAt(c.x, c.y, x)).filter((v): v is number => v !== null)
    const s = meanStd(values)
    mean.push(s.mean)
    lower.push(s.mean === null ? null : s.mean - (s.std ?? 0))
    upper.push(s.mean === null ? null : s.mean + (s.std ?? 0))
    n.push(s.n)
  }
  return { x: xs, mean, lower, upper, n }
}

/** The curve's value at x: exact, else linear between its neighbours; null outside its range or next to a gap. */
function valueAt(xs: readonly number[], ys: readonly (number | null)[], x: number): number | null {
  let lo = 0
  let hi = xs.length - 1
  if (hi < 0 || x < xs[0]! || x > xs[hi]!) return null
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! <= x) lo = mid
    else hi = mid
  }
  const at = xs[lo] === x ? lo : xs[hi] === x ? hi : -1
  const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v)
  if (at >= 0) return finite(ys[at]) ? ys[at] : null
  const y0 = ys[lo]
  const y1 = ys[hi]
  if (!finite(y0) || !finite(y1)) return null
  return y0 + ((y1 - y0) * (x - xs[lo]!)) / (xs[hi]! - xs[lo]!)
}

/**
 * One config per group: a filled band (mean ± 1 std across its repeats, by step or by seconds since
 * each repeat started) under its mean line, coloured per config. Smoothing applies to each repeat
 * before they are combined. Each trace carries the group's trial id as `customdata`.
 */
export function buildBandTraces(
  groups: readonly CurveGroup[],
  opts: CurveOptions,
  labelOf: (trialId: number) => string = (id) => `trial ${id}`,
): { data: Partial<PlotData>[]; layout: Partial<Layout> } {
  const totalPoints = groups.reduce((n, g) => n + g.series.reduce((m, s) => m + s.steps.length, 0), 0)
  const type = totalPoints > CURVES_GL_THRESHOLD ? 'scattergl' : 'scatter'
  const highlight = opts.highlightTrialId ?? null
  const dimOthers = highlight !== null && groups.some((g) => g.trialId === highlight)
  const xLabel = opts.x === 'step' ? 'step' : 'seconds since the trial started'
  const data: Partial<PlotData>[] = []
  groups.forEach((g, i) => {
    const color = seriesColor(i)
    const band = bandOf(g.series.map((s) => ({ x: curveX(s, opts.x), y: opts.smoothing > 0 ? smooth(s.values, opts.smoothing) : s.values })))
    const label = `${labelOf(g.trialId)}, mean ± std of ${g.series.length}`
    const opacity = dimOthers && g.trialId !== highlight ? 0.3 : 1
    const customdata = band.x.map(() => g.trialId)
    const rgb = parseColor(color)
    // One closed polygon: upper edge left to right, lower edge back (gaps in either drop out).
    const edge = band.x.flatMap((x, k) => {
      const lo = band.lower[k]
      const hi = band.upper[k]
      return lo === null || lo === undefined || hi === null || hi === undefined ? [] : [{ x, lo, hi }]
    })
    data.push({
      type: 'scatter', mode: 'lines', uid: `${g.trialId}-band`, name: `${label} (band)`,
      x: [...edge.map((p) => p.x), ...edge.map((p) => p.x).reverse()],
      y: [...edge.map((p) => p.hi), ...edge.map((p) => p.lo).reverse()],
      fill: 'toself', fillcolor: rgb ? `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${0.2 * opacity})` : color,
      line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: String(g.trialId),
    } as Partial<PlotData>)
    data.push({
      type, mode: 'lines', uid: String(g.trialId), name: label, x: band.x, y: band.mean, customdata,
      text: band.n.map((n, k) => `n=${n}, ±${formatStd(band.upper[k], band.mean[k])}`),
      line: { color, width: g.trialId === highlight ? 3.5 : 2 }, opacity, legendgroup: String(g.trialId),
      hovertemplate: `${escapeTemplate(label)}<br>${xLabel} %{x}<br>${escapeTemplate(g.series[0]?.name ?? '')} %{y} (%{text})<extra></extra>`,
    } as Partial<PlotData>)
  })
  const metric = groups.find((g) => g.series.length > 0)?.series[0]?.name ?? ''
  return {
    data,
    layout: {
      uirevision: `curves:${opts.x}:${opts.logY ? 'log' : 'linear'}:${metric}`,
      hovermode: 'closest',
      showlegend: groups.length > 1 && groups.length <= 12,
      legend: { orientation: 'h', y: -0.25 },
      xaxis: { title: { text: xLabel }, zeroline: false },
      yaxis: { title: { text: metric }, type: opts.logY ? 'log' : 'linear', zeroline: false },
    },
  }
}

function formatStd(upper: number | null | undefined, mean: number | null | undefined): string {
  return upper === null || upper === undefined || mean === null || mean === undefined ? '—' : String(Number((upper - mean).toPrecision(3)))
}

function escapeTemplate(text: string): string {
  return text.replace(/%\{/g, '%\u200b{')
}
