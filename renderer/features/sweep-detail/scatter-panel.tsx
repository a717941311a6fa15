import { memo, useId, useMemo, useState } from 'react'
import type { TrialSummary } from '../../../shared/api/types.ts'
import { buildScatterData, type PointSpread } from '../../plots/scatter-data.ts'
import type { SweepAxes } from '../../plots/sweep-axes.ts'
import { PointPlot } from './point-plot.tsx'
import { markPruned, prunedCount } from './mark-pruned.ts'
import type { ThemeColors } from './use-theme-colors.ts'

export interface ScatterPanelProps {
  trials: readonly TrialSummary[]
  filtered: ReadonlySet<number> | null
  selected: ReadonlySet<number>
  axes: SweepAxes
  metricName: string
  hovered: number | null
  colors: ThemeColors
  onHover: (trialId: number | null) => void
  onPick: (trialId: number) => void
  /** `repeats`: `trials` are one per config at its mean; their ±1 std error bars. */
  spread?: ReadonlyMap<number, PointSpread> | undefined
}

/** Any parameter against the metric: one point per trial, filtered-out trials faint. */
export const ScatterPanel = memo(function ScatterPanel(props: ScatterPanelProps) {
  const { trials, filtered, selected, axes, metricName, hovered, colors, onHover, onPick, spread } = props
  const [picked, setPicked] = useState<string | null>(null)
  // The picked parameter may stop varying (or not exist yet): fall back to the first axis.
  const param = axes.params.find((a) => a.key === picked) ?? axes.params[0]
  const metric = axes.metric
  const figure = useMemo(
    () => (param && metric ? markPruned(buildScatterData(trials, param, metric, { filtered, selected, colors, ...(spread ? { spread } : {}) }), trials) : null),
    [trials, param, metric, filtered, selected, colors, spread],
  )
  const selectId = useId()
  const pruned = useMemo(() => prunedCount(trials), [trials])

  let body
  if (!metric) body = <p className="panel-empty">No trial has reported <strong>{metricName}</strong> yet; points appear as trials report it.</p>
  else if (!param) body = <p className="panel-empty">No parameter takes more than one value yet, so there is nothing to plot against {metricName}.</p>
  else if (!figure || figure.positions.size === 0) body = <p className="panel-empty">No trial has both a {param.name} value and a {metricName} value yet.</p>
  else body = <PointPlot name="scatter" figure={figure} hovered={hovered} onHover={onHover} onPick={onPick} />

  return (
    <div className="scatter-panel">
      <div className="panel-controls">
        <label htmlFor={selectId}>Parameter</label>
        <select id={selectId} aria-label="Scatter parameter" value={param?.key ?? ''} onChange={(e) => setPicked(e.target.value)} disabled={axes.params.length === 0}>
          {axes.params.map((a) => <option key={a.key} value={a.key}>{a.label}</option>)}
        </select>
        <span className="muted panel-hint">against {metricName}{spread && ([...spread.values()][0]?.unit === 'folds' ? ' (bars: ±1 std over each trial\'s folds)' : ' (one point per config at its mean; bars: ±1 std over its repeats)')}; click a point to select its trial.{pruned > 0 && ' × marks a pruned trial.'}</span>
      </div>
      {body}
    </div>
  )
})
