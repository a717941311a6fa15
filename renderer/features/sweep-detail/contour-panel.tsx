import { memo, useCallback, useId, useMemo, useState } from 'react'
import type { Data, PlotMouseEvent } from 'plotly.js'
import type { TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import { buildContourData } from '../../plots/contour-data.ts'
import { Plot } from '../../plots/plot.tsx'
import type { SweepAxes } from '../../plots/sweep-axes.ts'
import { trialIdOfEvent } from './plot-events.ts'

const PLOT_STYLE = { width: '100%', height: 400 }
/** A contour needs a few points to say anything between them. */
const MIN_POINTS = 3

export interface ContourPanelProps {
  trials: readonly TrialSummary[]
  axes: SweepAxes
  goal: MetricGoal
  metricName: string
  bestTrialId: number | null
  onPick: (trialId: number) => void
}

/** The metric over two chosen parameters, interpolated between the trials, which are drawn on top. */
export const ContourPanel = memo(function ContourPanel({ trials, axes, goal, metricName, bestTrialId, onPick }: ContourPanelProps) {
  const [picked, setPicked] = useState<{ x: string | null; y: string | null }>({ x: null, y: null })
  const xAxis = axes.params.find((a) => a.key === picked.x) ?? axes.params[0]
  const yAxis = axes.params.find((a) => a.key === picked.y && a.key !== xAxis?.key) ?? axes.params.find((a) => a.key !== xAxis?.key)
  const metric = axes.metric
  const figure = useMemo(
    () => (xAxis && yAxis && metric ? buildContourData(trials, xAxis, yAxis, metric, { goal, bestTrialId }) : null),
    [trials, xAxis, yAxis, metric, goal, bestTrialId],
  )
  const onClick = useCallback((ev: PlotMouseEvent) => {
    const id = trialIdOfEvent(ev)
    if (id !== null) onPick(id)
  }, [onPick])
  const xId = useId()
  const yId = useId()

  let body
  if (!metric) body = <p className="panel-empty">No trial has reported <strong>{metricName}</strong> yet.</p>
  else if (!xAxis || !yAxis) body = <p className="panel-empty">A contour needs two parameters that vary; this sweep has {axes.params.length}.</p>
  else if (!figure || figure.count < MIN_POINTS) body = <p className="panel-empty">Needs {MIN_POINTS} trials with a {metricName} value and both parameters (has {figure?.count ?? 0}).</p>
  else body = <Plot name="contour" data={figure.data as Data[]} layout={figure.layout} style={PLOT_STYLE} onClick={onClick} />

  return (
    <div className="contour-panel">
      <div className="panel-controls">
        <label htmlFor={xId}>x</label>
        <select id={xId} aria-label="Contour x parameter" value={xAxis?.key ?? ''} onChange={(e) => setPicked((p) => ({ ...p, x: e.target.value }))} disabled={axes.params.length < 2}>
          {axes.params.map((a) => <option key={a.key} value={a.key}>{a.label}</option>)}
        </select>
        <label htmlFor={yId}>y</label>
        <select id={yId} aria-label="Contour y parameter" value={yAxis?.key ?? ''} onChange={(e) => setPicked((p) => ({ ...p, y: e.target.value }))} disabled={axes.params.length < 2}>
          {axes.params.filter((a) => a.key !== xAxis?.key).map((a) => <option key={a.key} value={a.key}>{a.label}</option>)}
        </select>
        <span className="muted panel-hint">{metricName} interpolated between trials (inverse-distance weighting; bright is better); ★ the best trial; click a point to select it.</span>
      </div>
      {body}
    </div>
  )
})
