import { memo, useCallback, useMemo } from 'react'
import type { Data, PlotMouseEvent } from 'plotly.js'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { buildSliceData } from '../../plots/slice-data.ts'
import { Plot } from '../../plots/plot.tsx'
import type { SweepAxes } from '../../plots/sweep-axes.ts'
import { trialIdOfEvent } from './plot-events.ts'
import type { ThemeColors } from './use-theme-colors.ts'

const ROW_HEIGHT_PX = 240

export interface SlicePanelProps {
  trials: readonly TrialSummary[]
  axes: SweepAxes
  metricName: string
  bestTrialId: number | null
  colors: ThemeColors
  onPick: (trialId: number) => void
}

/** One small scatter per parameter, the metric on y: where each parameter's good values lie. */
export const SlicePanel = memo(function SlicePanel({ trials, axes, metricName, bestTrialId, colors, onPick }: SlicePanelProps) {
  const metric = axes.metric
  const figure = useMemo(
    () => (metric && axes.params.length > 0 ? buildSliceData(trials, axes.params, metric, { bestTrialId, color: colors.focus }) : null),
    [trials, axes.params, metric, bestTrialId, colors.focus],
  )
  const style = useMemo(() => ({ width: '100%', height: (figure?.rows ?? 1) * ROW_HEIGHT_PX + 40 }), [figure?.rows])
  const onClick = useCallback((ev: PlotMouseEvent) => {
    const id = trialIdOfEvent(ev)
    if (id !== null) onPick(id)
  }, [onPick])

  if (!metric) return <p className="panel-empty">No trial has reported <strong>{metricName}</strong> yet.</p>
  if (!figure) return <p className="panel-empty">No parameter takes more than one value yet.</p>
  return (
    <div className="slice-panel">
      <p className="muted panel-hint">{metricName} against each parameter, one point per trial; ★ the best trial.</p>
      <Plot name="slices" data={figure.data as Data[]} layout={figure.layout} style={style} onClick={onClick} />
    </div>
  )
})
