import { memo, useMemo } from 'react'
import type { TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import { buildHistoryData } from '../../plots/history-data.ts'
import type { SweepAxes } from '../../plots/sweep-axes.ts'
import { PointPlot } from './point-plot.tsx'
import { markPruned, prunedCount } from './mark-pruned.ts'
import type { ThemeColors } from './use-theme-colors.ts'

export interface HistoryPanelProps {
  trials: readonly TrialSummary[]
  filtered: ReadonlySet<number> | null
  selected: ReadonlySet<number>
  axes: SweepAxes
  goal: MetricGoal
  metricName: string
  hovered: number | null
  colors: ThemeColors
  onHover: (trialId: number | null) => void
  onPick: (trialId: number) => void
}

/** Optimization history: the metric of each trial in sweep order, and the best so far. */
export const HistoryPanel = memo(function HistoryPanel(props: HistoryPanelProps) {
  const { trials, filtered, selected, axes, goal, metricName, hovered, colors, onHover, onPick } = props
  const metric = axes.metric
  const figure = useMemo(
    () => (metric ? markPruned(buildHistoryData(trials, metric, { goal, filtered, selected, colors }), trials) : null),
    [trials, metric, goal, filtered, selected, colors],
  )
  const pruned = useMemo(() => prunedCount(trials), [trials])
  if (!figure) return <p className="panel-empty">No trial has reported <strong>{metricName}</strong> yet; the history starts with the first value.</p>
  return (
    <>
      <PointPlot name="history" figure={figure} hovered={hovered} onHover={onHover} onPick={onPick} />
      {pruned > 0 && <p className="plot-legend-note">× marks {pruned === 1 ? 'a trial' : `${pruned} trials`} pruned by early termination, drawn at the last value reported.</p>}
    </>
  )
})
