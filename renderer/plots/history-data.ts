import type { TrialSummary } from '../../shared/api/types.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { DEFAULT_POINT_COLORS, POINTS_GL_THRESHOLD, type PointColors, type PointFigure } from './point-plots.ts'
import type { AxisInfo } from './sweep-axes.ts'
import { trialLabel } from './trial-params.ts'

export interface HistoryOptions {
  goal: MetricGoal
  /** Trials that pass the screen's filters; the others are drawn faint. Null: no filter. */
  filtered: ReadonlySet<number> | null
  selected?: ReadonlySet<number>
  colors?: PointColors
}

/**
 * The running best of `values` for `goal`: each entry is the best seen up to and including it.
 * Exported for the tests and the header's "best" figure to agree.
 */
export function bestSoFar(values: readonly number[], goal: MetricGoal): number[] {
  let best = goal === 'minimize' ? Infinity : -Infinity
  return values.map((v) => {
    if (goal === 'minimize' ? v < best : v > best) best = v
    return best
  })
}

/**
 * Optimization history: each trial's final metric at its position in the sweep (x = index; a
 * retried trial shows each attempt), and the best-so-far as a step line over the whole sweep,
 * whatever the filter, since it is the sweep's progress. Filtered-out trials stay faint.
 */
export function buildHistoryData(trials: readonly TrialSummary[], metric: AxisInfo, opts: HistoryOptions): PointFigure {
  const colors = opts.colors ?? DEFAULT_POINT_COLORS
  const done = trials
    .filter((t): t is TrialSummary & { finalValue: number } => t.finalValue !== null)
    .sort((a, b) => a.index - b.index || a.attempt - b.attempt)
  const positions = new Map<number, readonly [number, number]>()
  const focus = { x: [] as number[], y: [] as number[], ids: [] as number[], text: [] as string[] }
  const context = { x: [] as number[], y: [] as number[], ids: [] as number[] }
  const selected = { x: [] as number[], y: [] as number[], ids: [] as number[], text: [] as string[] }
  for (const t of done) {
    positions.set(t.id, [t.index, t.finalValue])
    const label = trialLabel(t)
    if (opts.filtered === null || opts.filtered.has(t.id)) {
      focus.x.push(t.index); focus.y.push(t.finalValue); focus.ids.push(t.id); focus.text.push(label)
    } else {
      context.x.push(t.index); context.y.push(t.finalValue); context.ids.push(t.id)
    }
    if (opts.selected?.has(t.id)) {
      selected.x.push(t.index); selected.y.push(t.finalValue); selected.ids.push(t.id); selected.text.push(label)
    }
  }
  const best = bestSoFar(done.map((t) => t.finalValue), opts.goal)
  const type = done.length > POINTS_GL_THRESHOLD ? 'scattergl' : 'scatter'
  const name = metric.name.replace(/%\{/g, '%\u200b{').replace(/</g, '&lt;')
  const hovertemplate = `%{text}<br>${name} %{y}<extra></extra>`
  return {
    positions,
    data: [
      { type, mode: 'markers', name: 'filtered out', x: context.x, y: context.y, customdata: context.ids, hoverinfo: 'skip', marker: { color: colors.context, size: 5, opacity: 0.35 }, showlegend: false },
      { type, mode: 'markers', name: 'trial', x: focus.x, y: focus.y, customdata: focus.ids, text: focus.text, hovertemplate, marker: { color: colors.focus, size: 6, opacity: 0.8 } },
      // Step line: the best value holds until a better trial arrives.
      { type, mode: 'lines', name: `best so far (${opts.goal === 'minimize' ? 'lowest' : 'highest'})`, x: done.map((t) => t.index), y: best, line: { color: colors.best, width: 2, shape: 'hv' }, hoverinfo: 'skip' },
      { type, mode: 'markers', name: 'selected', x: selected.x, y: selected.y, customdata: selected.ids, text: selected.text, hovertemplate, marker: { color: colors.selected, size: 13, symbol: 'circle-open', line: { width: 2 } }, showlegend: false },
    ],
    layout: {
      uirevision: `history:${metric.scale.kind}`,
      hovermode: 'closest',
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.12 },
      xaxis: { title: { text: 'trial (index in the sweep)' }, zeroline: false },
      yaxis: { title: { text: metric.name }, type: metric.scale.kind === 'log' ? 'log' : 'linear', zeroline: false },
    },
  }
}
