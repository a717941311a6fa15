import type { LayoutAxis } from 'plotly.js'
import type { TrialSummary } from '../../shared/api/types.ts'
import { formatParamValue, trialLabel } from './trial-params.ts'
import { DEFAULT_POINT_COLORS, jitter, POINTS_GL_THRESHOLD, type PointColors, type PointFigure } from './point-plots.ts'
import { axisPosition, rawAxisValue, type AxisInfo } from './sweep-axes.ts'

export interface ScatterOptions {
  /** Trials that pass the screen's filters; the others are drawn faint. Null: no filter. */
  filtered: ReadonlySet<number> | null
  selected?: ReadonlySet<number>
  colors?: PointColors
  /**
   * `repeats`: the trials are one per config (finalValue = the config's mean) and this gives each
   * one's spread; the points get ±1 std error bars and say over how many repeats.
   */
  spread?: ReadonlyMap<number, PointSpread>
}

/** A point's standard deviation over the `n` of its `repeats` repeats (or k-fold CV folds) that count. */
export interface PointSpread {
  std: number | null
  n: number
  repeats: number
  /** What was repeated (default `repeats`): the hover text says "mean of 3/3 repeats" or "mean of 5/5 folds". */
  unit?: 'repeats' | 'folds'
}

/**
 * One point per trial with a metric value and a value of `param`: x the parameter (a log axis when
 * the parameter's axis is log; categories side by side with a fixed jitter), y the final metric.
 * Trials outside the filter stay as faint, unhoverable context; selected trials get a ring. Every
 * point carries its trial id as `customdata`.
 */
export function buildScatterData(trials: readonly TrialSummary[], param: AxisInfo, metric: AxisInfo, opts: ScatterOptions): PointFigure {
  const colors = opts.colors ?? DEFAULT_POINT_COLORS
  const categorical = param.scale.kind === 'categorical'
  const focus = points()
  const context = points()
  const selected = points()
  const positions = new Map<number, readonly [number, number]>()
  const errors: number[] = []
  for (const t of trials) {
    if (t.finalValue === null) continue
    const pos = axisPosition(param, t)
    if (pos === null) continue
    const x = categorical ? pos + jitter(t.id) : (rawAxisValue(param, t) as number)
    const y = t.finalValue
    positions.set(t.id, [x, y])
    const into = opts.filtered === null || opts.filtered.has(t.id) ? focus : context
    const spread = opts.spread?.get(t.id)
    const over = spread ? `<br>mean of ${spread.n}/${spread.repeats} ${spread.unit ?? 'repeats'}${spread.std === null ? '' : ` ± ${formatParamValue(spread.std)}`}` : ''
    const text = `${trialLabel(t)}<br>${esc(param.name)} ${esc(formatParamValue(rawAxisValue(param, t)))}${over}`
    into.add(t.id, x, y, text)
    if (into === focus) errors.push(spread?.std ?? 0)
    if (opts.selected?.has(t.id)) selected.add(t.id, x, y, text)
  }
  const type = positions.size > POINTS_GL_THRESHOLD ? 'scattergl' : 'scatter'
  const hovertemplate = `%{text}<br>${esc(metric.name)} %{y}<extra></extra>`
  const data: PointFigure['data'] = [
    { type, mode: 'markers', name: 'filtered out', x: context.x, y: context.y, customdata: context.ids, hoverinfo: 'skip', marker: { color: colors.context, size: 5, opacity: 0.35 }, showlegend: false },
    {
      type, mode: 'markers', name: 'trials', x: focus.x, y: focus.y, customdata: focus.ids, text: focus.text, hovertemplate,
      marker: { color: colors.focus, size: 7, opacity: 0.8 }, showlegend: false,
      ...(opts.spread ? { error_y: { type: 'data', array: errors, visible: true, color: colors.focus, thickness: 1.5, width: 3 } } : {}),
    },
    { type, mode: 'markers', name: 'selected', x: selected.x, y: selected.y, customdata: selected.ids, text: selected.text, hovertemplate, marker: { color: colors.selected, size: 13, symbol: 'circle-open', line: { width: 2 } }, showlegend: false },
  ]
  return {
    data,
    positions,
    layout: {
      // A new parameter is a new x axis: forget the old zoom.
      uirevision: `scatter:${param.key}:${metric.scale.kind}`,
      hovermode: 'closest',
      showlegend: false,
      xaxis: xAxis(param),
      yaxis: { title: { text: metric.name }, type: metric.scale.kind === 'log' ? 'log' : 'linear', zeroline: false },
    },
  }
}

function xAxis(param: AxisInfo): Partial<LayoutAxis> {
  const title = { text: param.name }
  if (param.scale.kind === 'categorical') {
    const n = param.scale.categories.length
    return { title, tickmode: 'array', tickvals: param.scale.categories.map((_, i) => i), ticktext: param.scale.categories, range: [-0.5, n - 0.5], zeroline: false, showgrid: false }
  }
  return { title, type: param.scale.kind === 'log' ? 'log' : 'linear', zeroline: false }
}

/** Collects one trace's columns; `customdata` is the trial id, which hover and click events report. */
function points() {
  const x: number[] = []
  const y: number[] = []
  const ids: number[] = []
  const text: string[] = []
  return {
    x, y, ids, text,
    add(id: number, px: number, py: number, label: string) {
      x.push(px)
      y.push(py)
      ids.push(id)
      text.push(label)
    },
  }
}

/** Plotly reads `%{…}` in text as a template and `<…>` as markup: show names as they are. */
function esc(text: string): string {
  return text.replace(/%\{/g, '%\u200b{').replace(/</g, '&lt;')
}
