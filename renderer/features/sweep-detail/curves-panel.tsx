import { memo, useCallback, useId, useMemo, useState, type Dispatch } from 'react'
import type { Data, PlotHoverEvent, PlotMouseEvent } from 'plotly.js'
import type { MetricSeries, TrialSummary } from '../../../shared/api/types.ts'
import { useMetricNames, useMetricSeries } from '../../data/queries.ts'
import { buildCurveTraces, type CurveOptions } from '../../plots/curves-data.ts'
import { buildBandTraces } from '../../plots/curve-bands.ts'
import { Plot } from '../../plots/plot.tsx'
import { trialLabel } from '../../plots/trial-params.ts'
import { trialIdOfEvent } from './plot-events.ts'
import type { SelectionAction } from './selection.ts'

/** The engine downsamples (LTTB) to this many points per curve: plenty for a 600 px wide plot. */
const CURVE_MAX_POINTS = 500
const PLOT_STYLE = { width: '100%', height: 340 }

export interface CurvesPanelProps {
  sweepId: number
  primaryMetric: string | null
  /** The trials whose curves to draw, best first. */
  trialIds: readonly number[]
  /** Why these trials: the user's selection, or the best of the filtered set. */
  source: 'selected' | 'best'
  /** How many trials the source had before the cap. */
  sourceCount: number
  trialsById: ReadonlyMap<number, TrialSummary>
  hovered: number | null
  dispatch: Dispatch<SelectionAction>
  onHover: (trialId: number | null) => void
  /**
   * `repeats`: each of `trialIds` stands for a config; this gives the trials of its repeats, and the
   * panel draws one mean line with a ±1 std band per config instead of one line per trial.
   */
  groups?: ReadonlyMap<number, readonly number[]>
}

/** Loss curves of the selected trials (or the best few), with metric, x axis, log-y and smoothing controls. */
export const CurvesPanel = memo(function CurvesPanel(props: CurvesPanelProps) {
  const { sweepId, primaryMetric, trialIds, source, sourceCount, trialsById, hovered, dispatch, onHover, groups } = props
  const names = useMetricNames(sweepId)
  const [picked, setPicked] = useState<string | null>(null)
  const [x, setX] = useState<CurveOptions['x']>('step')
  const [logY, setLogY] = useState(false)
  const [smoothing, setSmoothing] = useState(0)
  const available = names.data ?? []
  const metric = picked ?? (primaryMetric && available.includes(primaryMetric) ? primaryMetric : available[0])
  const fetchIds = useMemo(() => (groups ? [...new Set(trialIds.flatMap((id) => groups.get(id) ?? [id]))] : trialIds), [groups, trialIds])
  const series = useMetricSeries(fetchIds, metric, CURVE_MAX_POINTS)
  // In the order of `trialIds` (best first): the legend reads as a ranking and colours follow rank.
  const drawn = useMemo(() => {
    const rank = new Map(trialIds.map((id, i) => [id, i]))
    return (series.data ?? []).filter((s) => s.steps.length > 0 && rank.has(s.trialId)).sort((a, b) => rank.get(a.trialId)! - rank.get(b.trialId)!)
  }, [series.data, trialIds])
  // Only a hover over one of these curves changes the figure; any other would rebuild it for nothing.
  const highlight = hovered !== null && drawn.some((s) => s.trialId === hovered) ? hovered : null
  const labelOf = useCallback((id: number) => {
    const t = trialsById.get(id)
    if (!t) return `trial ${id}`
    // A pruned curve ends early on purpose: the legend and hover say where it was stopped.
    if (t.status === 'pruned') return `${trialLabel(t)} (pruned${t.prunedAtStep === null ? '' : ` at step ${t.prunedAtStep}`})`
    return trialLabel(t)
  }, [trialsById])
  const bandGroups = useMemo(() => {
    if (!groups) return null
    const byId = new Map((series.data ?? []).map((s) => [s.trialId, s]))
    return trialIds
      .map((id) => ({ trialId: id, series: (groups.get(id) ?? [id]).map((m) => byId.get(m)).filter((s) => s !== undefined && s.steps.length > 0) as MetricSeries[] }))
      .filter((g) => g.series.length > 0)
  }, [groups, series.data, trialIds])
  const figure = useMemo(
    () => bandGroups
      ? buildBandTraces(bandGroups, { x, logY, smoothing, highlightTrialId: highlight }, labelOf)
      : buildCurveTraces(drawn, { x, logY, smoothing, highlightTrialId: highlight }, labelOf),
    [bandGroups, drawn, x, logY, smoothing, highlight, labelOf],
  )
  const data = figure.data as Data[]
  const onPlotHover = useCallback((ev: PlotHoverEvent) => onHover(trialIdOfEvent(ev)), [onHover])
  const onUnhover = useCallback(() => onHover(null), [onHover])
  const onClick = useCallback((ev: PlotMouseEvent) => {
    const id = trialIdOfEvent(ev)
    // Adds, never removes: a click on a selected trial's curve must not make that curve vanish.
    if (id !== null) dispatch({ type: 'add-selected', trialId: id })
  }, [dispatch])
  const ids = { metric: useId(), x: useId(), smoothing: useId() }

  let body
  if (names.isError) {
    body = (
      <div className="error-box" role="alert">
        Could not load the metric names: {names.error.message} <button type="button" onClick={() => void names.refetch()}>Retry</button>
      </div>
    )
  } else if (names.isPending) {
    body = <p className="muted" aria-busy="true">Loading metrics…</p>
  } else if (available.length === 0) {
    body = <p className="panel-empty">No trial has reported a metric yet. Curves appear here as trials report them.</p>
  } else if (trialIds.length === 0) {
    body = <p className="panel-empty">No trial passes the filters, so there is no curve to draw.</p>
  } else if (series.isError) {
    body = (
      <div className="error-box" role="alert">
        Could not load the {metric} curves: {series.error.message} <button type="button" onClick={() => void series.refetch()}>Retry</button>
      </div>
    )
  } else if (series.isPending) {
    body = <p className="muted" aria-busy="true">Loading curves…</p>
  } else if (bandGroups ? bandGroups.length === 0 : drawn.length === 0) {
    body = <p className="panel-empty">None of these trials has reported <strong>{metric}</strong> yet. Pick another metric, or wait for the trials to report.</p>
  } else {
    body = <Plot name="curves" data={data} layout={figure.layout} style={PLOT_STYLE} onHover={onPlotHover} onUnhover={onUnhover} onClick={onClick} />
  }

  return (
    <div className="curves-panel">
      <div className="panel-controls">
        <label htmlFor={ids.metric}>Metric</label>
        <select id={ids.metric} aria-label="Curve metric" value={metric ?? ''} onChange={(e) => setPicked(e.target.value)} disabled={available.length === 0}>
          {available.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <label htmlFor={ids.x}>X</label>
        <select id={ids.x} value={x} onChange={(e) => setX(e.target.value as CurveOptions['x'])}>
          <option value="step">Step</option>
          <option value="time">Time</option>
        </select>
        <label><input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> Log y</label>
        <label htmlFor={ids.smoothing}>Smoothing</label>
        <input id={ids.smoothing} type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} />
        <output htmlFor={ids.smoothing} className="curve-smoothing-value">{smoothing.toFixed(2)}</output>
      </div>
      <p className="muted panel-note">
        {source === 'selected'
          ? `Selected trials${sourceCount > trialIds.length ? `: the best ${trialIds.length} of ${sourceCount}` : ` (${trialIds.length})`}.`
          : `The best ${trialIds.length} of the filtered trials. Tick trials in the table or click points to compare others.`}
        {groups && ' Each config: the mean over its repeats, with a band of ±1 standard deviation.'}
        {series.data && series.data.some((s) => s.totalPoints > s.steps.length) && ' Long curves are downsampled.'}
      </p>
      {body}
    </div>
  )
})
