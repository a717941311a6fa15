import type { Data, Layout, XAxisName, YAxisName } from 'plotly.js'
import type { TrialSummary } from '../../shared/api/types.ts'
import { axisLayout } from './contour-data.ts'
import { HIGHLIGHT_COLOR } from './palette.ts'
import { jitter, POINTS_GL_THRESHOLD } from './point-plots.ts'
import { axisPosition, type AxisInfo } from './sweep-axes.ts'
import { trialLabel } from './trial-params.ts'

/** Slices per row of the grid. */
export const SLICE_COLUMNS = 4

export interface SlicePanel {
  key: string
  label: string
  /** Trials with a value on this parameter and the metric. */
  count: number
}

export interface SliceFigure {
  data: Data[]
  layout: Partial<Layout>
  panels: SlicePanel[]
  /** Rows of the subplot grid (the screen sizes the plot by it). */
  rows: number
}

/**
 * Slice plots: one small scatter per parameter, the metric on y (shared by all), one point per
 * trial, the best trial highlighted in each. Categorical parameters spread their points sideways
 * by a fixed per-trial amount so they do not pile up; log parameters use log10 units with real ticks.
 */
export function buildSliceData(trials: readonly TrialSummary[], params: readonly AxisInfo[], metric: AxisInfo, opts: { bestTrialId: number | null; color?: string }): SliceFigure {
  const data: Data[] = []
  const panels: SlicePanel[] = []
  const layout: Partial<Layout> & Record<string, unknown> = {}
  const rows = Math.max(1, Math.ceil(params.length / SLICE_COLUMNS))
  const columns = Math.min(SLICE_COLUMNS, Math.max(1, params.length))
  // Thousands of SVG markers per subplot make a 10k-trial sweep crawl; WebGL keeps up (as in the scatter and history).
  const type = trials.length > POINTS_GL_THRESHOLD ? 'scattergl' : 'scatter'
  const metricName = metric.name.replace(/%\{/g, '%\u200b{').replace(/</g, '&lt;')
  params.forEach((axis, i) => {
    const n = i === 0 ? '' : String(i + 1)
    const xs: number[] = []
    const ys: number[] = []
    const ids: number[] = []
    const text: string[] = []
    let best: { x: number; y: number; id: number; label: string } | null = null
    for (const t of trials) {
      if (t.finalValue === null || !Number.isFinite(t.finalValue)) continue
      const pos = axisPosition(axis, t)
      if (pos === null) continue
      const x = axis.scale.kind === 'categorical' ? pos + jitter(t.id) * 0.6 : pos
      xs.push(x)
      ys.push(t.finalValue)
      ids.push(t.id)
      text.push(trialLabel(t))
      if (t.id === opts.bestTrialId) best = { x, y: t.finalValue, id: t.id, label: trialLabel(t) }
    }
    panels.push({ key: axis.key, label: axis.label, count: xs.length })
    const where = { xaxis: `x${n}` as XAxisName, yaxis: `y${n}` as YAxisName }
    data.push({
      type, mode: 'markers', name: axis.name, ...where, x: xs, y: ys, text,
      customdata: ids,
      hovertemplate: `%{text}<br>${escape(axis.name)}<br>${metricName} %{y}<extra></extra>`,
      marker: { color: opts.color ?? '#2f6fde', size: 5, opacity: 0.7 },
    })
    if (best) {
      data.push({
        type: 'scatter', mode: 'markers', name: 'best trial', ...where, x: [best.x], y: [best.y], text: [`best ${best.label}`],
        customdata: [best.id], hovertemplate: `%{text}<br>${metricName} %{y}<extra></extra>`,
        marker: { color: HIGHLIGHT_COLOR, size: 12, symbol: 'star', line: { color: '#1c2024', width: 1 } },
      })
    }
    layout[`xaxis${n}`] = axisLayout(axis, { padFraction: 0.05 })
    layout[`yaxis${n}`] = { zeroline: false, type: metric.scale.kind === 'log' ? 'log' : 'linear', ...(i % columns === 0 ? { title: { text: metric.name } } : {}) }
  })
  return {
    data,
    layout: {
      ...layout,
      uirevision: 'slices',
      showlegend: false,
      hovermode: 'closest',
      grid: { rows, columns, pattern: 'independent', xgap: 0.12, ygap: 0.35 },
    } as Partial<Layout>,
    panels,
    rows,
  }
}

function escape(s: string): string {
  return s.replace(/%\{/g, '%\u200b{').replace(/</g, '&lt;')
}
