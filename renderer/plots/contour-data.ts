import type { Data, Layout } from 'plotly.js'
import type { TrialSummary } from '../../shared/api/types.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { HIGHLIGHT_COLOR } from './palette.ts'
import { POINTS_GL_THRESHOLD } from './point-plots.ts'
import { axisPosition, type AxisInfo } from './sweep-axes.ts'
import { trialLabel } from './trial-params.ts'

/** Grid points along a numeric axis; a categorical axis gets one per category. */
export const CONTOUR_STEPS = 40

export interface ContourPoint {
  x: number
  y: number
  z: number
}

export interface ContourGrid {
  x: number[]
  y: number[]
  /** z[row][col]: row follows y, col follows x (Plotly's order). */
  z: number[][]
}

/** Grid positions along an axis in axis units: every category index, or `steps` points across the range. */
export function gridAxis(axis: Pick<AxisInfo, 'scale' | 'range'>, steps = CONTOUR_STEPS): number[] {
  if (axis.scale.kind === 'categorical') return axis.scale.categories.map((_, i) => i)
  const [lo, hi] = axis.range
  if (lo === hi) return [lo]
  return Array.from({ length: steps }, (_, i) => lo + ((hi - lo) * i) / (steps - 1))
}

/**
 * Interpolates the metric over a grid by inverse distance weighting (power 2), distances measured
 * in units of each axis's span so both axes count alike. A grid point on a trial takes its value
 * (the mean, when several trials share it). IDW never overshoots: every grid value lies between
 * the smallest and largest trial value, so the map shows no optimum the trials did not find.
 */
export function buildContourGrid(points: readonly ContourPoint[], xs: readonly number[], ys: readonly number[], spans: { x: number; y: number }): ContourGrid {
  const sx = spans.x || 1
  const sy = spans.y || 1
  const z = ys.map((gy) =>
    xs.map((gx) => {
      let wSum = 0
      let zSum = 0
      let exactSum = 0
      let exactN = 0
      for (const p of points) {
        const dx = (p.x - gx) / sx
        const dy = (p.y - gy) / sy
        const d2 = dx * dx + dy * dy
        if (d2 < 1e-18) {
          exactSum += p.z
          exactN++
          continue
        }
        const w = 1 / d2
        wSum += w
        zSum += w * p.z
      }
      if (exactN > 0) return exactSum / exactN
      return wSum > 0 ? zSum / wSum : Number.NaN
    }),
  )
  return { x: [...xs], y: [...ys], z }
}

export interface ContourFigure {
  data: Data[]
  layout: Partial<Layout>
  /** Trials drawn as points (a value on both parameters and the metric). */
  count: number
}

/**
 * The metric over two parameters: an interpolated contour with the trials on top and the best
 * one marked. Log parameters are drawn in log10 units with ticks in real values, categorical ones
 * at their category indexes with their labels, as the parallel coordinates draw them. Colours
 * follow the parcoords' rule: bright is good, whatever the goal.
 */
export function buildContourData(
  trials: readonly TrialSummary[],
  xAxis: AxisInfo,
  yAxis: AxisInfo,
  metric: AxisInfo,
  opts: { goal: MetricGoal; bestTrialId: number | null; steps?: number },
): ContourFigure {
  const pts: Array<ContourPoint & { id: number; label: string }> = []
  for (const t of trials) {
    if (t.finalValue === null || !Number.isFinite(t.finalValue)) continue
    const x = axisPosition(xAxis, t)
    const y = axisPosition(yAxis, t)
    if (x === null || y === null) continue
    pts.push({ x, y, z: t.finalValue, id: t.id, label: trialLabel(t) })
  }
  const xs = gridAxis(xAxis, opts.steps)
  const ys = gridAxis(yAxis, opts.steps)
  const grid = buildContourGrid(pts, xs, ys, { x: xAxis.range[1] - xAxis.range[0], y: yAxis.range[1] - yAxis.range[0] })
  const best = pts.find((p) => p.id === opts.bestTrialId)
  const name = metric.name.replace(/%\{/g, '%\u200b{').replace(/</g, '&lt;')
  const data: Data[] = [
    {
      type: 'contour', name, x: grid.x, y: grid.y, z: grid.z,
      colorscale: 'Viridis', reversescale: opts.goal === 'minimize',
      contours: { coloring: 'heatmap' }, line: { width: 0.5, smoothing: 0.85 },
      colorbar: { title: { text: name }, thickness: 12 },
      hovertemplate: `interpolated ${name} %{z:.4g}<extra></extra>`,
    } as Data,
    {
      type: pts.length > POINTS_GL_THRESHOLD ? 'scattergl' : 'scatter', mode: 'markers', name: 'trial', x: pts.map((p) => p.x), y: pts.map((p) => p.y),
      customdata: pts.map((p) => p.id), text: pts.map((p) => `${p.label}: ${p.z}`),
      hovertemplate: '%{text}<extra></extra>', marker: { color: 'rgba(255,255,255,0.85)', size: 7, line: { color: '#1c2024', width: 1 } },
    },
  ]
  if (best) {
    data.push({
      type: 'scatter', mode: 'markers', name: 'best trial', x: [best.x], y: [best.y], customdata: [best.id],
      text: [`best ${best.label}: ${best.z}`], hovertemplate: '%{text}<extra></extra>', marker: { color: HIGHLIGHT_COLOR, size: 15, symbol: 'star', line: { color: '#1c2024', width: 1 } },
    })
  }
  return {
    data,
    layout: {
      uirevision: `contour:${xAxis.key}:${yAxis.key}`,
      hovermode: 'closest',
      showlegend: false,
      xaxis: axisLayout(xAxis),
      yaxis: axisLayout(yAxis),
    },
    count: pts.length,
  }
}

/** A cartesian axis in the units `axisPosition` uses, with the parcoords' ticks for log and categorical scales. */
export function axisLayout(axis: AxisInfo, opts: { padFraction?: number } = {}): Partial<Layout['xaxis']> {
  // A numeric axis may get some room so points on its ends are not cut in half (the slices); the contour fills its range.
  const pad = axis.scale.kind === 'categorical' ? 0.5 : (axis.range[1] - axis.range[0]) * (opts.padFraction ?? 0)
  // The parcoords' log ticks include unlabelled minor ones (blank text): a cartesian axis would draw a grid line for each.
  const labelled = axis.ticks ? axis.ticks.tickvals.flatMap((v, i) => (axis.ticks!.ticktext[i]!.replace(/\u200b/g, '') === '' ? [] : [[v, axis.ticks!.ticktext[i]!] as const])) : []
  return {
    title: { text: axis.label },
    range: [axis.range[0] - pad, axis.range[1] + pad],
    zeroline: false,
    ...(axis.ticks ? { tickmode: 'array' as const, tickvals: labelled.map(([v]) => v), ticktext: labelled.map(([, t]) => t) } : {}),
  }
}
