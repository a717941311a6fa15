import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type Dispatch } from 'react'
import type { Layout, PlotHoverEvent, PlotRestyleEvent } from 'plotly.js'
import type { TrialSummary } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { AxisFilter } from '../../plots/axis-filter.ts'
import { HIGHLIGHT_COLOR } from '../../plots/palette.ts'
import { buildParcoordsData } from '../../plots/parcoords-data.ts'
import { parseParcoordsRestyle } from '../../plots/parcoords-events.ts'
import { parcoordsPolyline, type PlotBox } from '../../plots/parcoords-geometry.ts'
import { Plot, type PlotGeometry } from '../../plots/plot.tsx'
import type { SweepAxes } from '../../plots/sweep-axes.ts'
import { actionForRestyle, TOP_K_OPTIONS, type SelectionAction } from './selection.ts'
import type { ThemeColors } from './use-theme-colors.ts'

const HEIGHT_PX = 440
/** Selected trials drawn over the lines; past this the overlay would cost more than it tells. */
const MAX_SELECTED_OVERLAY = 200
const PLOT_STYLE = { width: '100%', height: HEIGHT_PX }

export interface ParcoordsPanelProps {
  /** Trials passing the status and top-k filters; brushes act within them. */
  trials: readonly TrialSummary[]
  axes: SweepAxes
  goal: MetricGoal
  metricName: string
  filters: Readonly<Record<string, AxisFilter>>
  order: readonly string[] | null
  topK: number
  hovered: number | null
  selected: readonly number[]
  trialsById: ReadonlyMap<number, TrialSummary>
  colors: ThemeColors
  dispatch: Dispatch<SelectionAction>
  onHover: (trialId: number | null) => void
  /** Called once, when the plot has first drawn or there is nothing to draw: the other plots wait for it. */
  onReady?: () => void
}

/**
 * Parallel coordinates of every varying parameter and the metric. Brushing an axis sets that axis's
 * filter; the hovered and selected trials are drawn in SVG over the WebGL lines, so a hover costs a
 * few path updates instead of a redraw of thousands of lines.
 */
export const ParcoordsPanel = memo(function ParcoordsPanel(props: ParcoordsPanelProps) {
  const { trials, axes, goal, metricName, filters, order, topK, hovered, selected, trialsById, colors, dispatch, onHover, onReady } = props
  const figure = useMemo(
    () => buildParcoordsData(trials, axes, { goal, filters, order, background: colors.background, contextColor: colors.muted }),
    [trials, axes, goal, filters, order, colors.background, colors.muted],
  )
  const figureRef = useRef(figure)
  figureRef.current = figure
  const data = useMemo(() => [figure.data], [figure])
  const axisKeys = figure.axes.map((a) => a.key).join('|')
  const layout = useMemo<Partial<Layout>>(
    // Brushes survive live redraws while the axes stay the same; new axes start clean (the state redraws the brushes).
    () => ({ uirevision: `parcoords:${axisKeys}`, height: HEIGHT_PX, margin: { l: 72, r: 40, t: 64, b: 28 } }),
    [axisKeys],
  )
  const [box, setBox] = useState<PlotBox | null>(null)
  const readyRef = useRef(onReady)
  readyRef.current = onReady
  const onLayout = useCallback((g: PlotGeometry) => {
    readyRef.current?.()
    setBox((old) => (old && old.l === g.l && old.t === g.t && old.w === g.w && old.h === g.h ? old : { l: g.l, t: g.t, w: g.w, h: g.h }))
  }, [])
  const onRestyle = useCallback((ev: PlotRestyleEvent) => {
    for (const r of parseParcoordsRestyle(ev)) {
      const action = actionForRestyle(figureRef.current.axes, r)
      if (action) dispatch(action)
    }
  }, [dispatch])
  const onPlotHover = useCallback((ev: PlotHoverEvent) => {
    // Parcoords reports the line under the pointer as `curveNumber`, not as points.
    const line = (ev as unknown as { curveNumber?: number | null }).curveNumber
    onHover(typeof line === 'number' ? (figureRef.current.trialIds[line] ?? null) : null)
  }, [onHover])
  const onUnhover = useCallback(() => onHover(null), [onHover])
  const selectId = useId()
  const nothingToDraw = !axes.metric || figure.trialIds.length === 0
  useEffect(() => {
    if (nothingToDraw) readyRef.current?.()
  }, [nothingToDraw])

  const overlay = useMemo(() => {
    if (!box) return null
    const line = (id: number) => {
      const t = trialsById.get(id)
      const pts = t ? parcoordsPolyline(box, figure.axes, t) : null
      return pts ? pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ') : null
    }
    const sel = selected.slice(0, MAX_SELECTED_OVERLAY).flatMap((id) => {
      const p = line(id)
      return p ? [{ id, p }] : []
    })
    const hov = hovered === null ? null : line(hovered)
    return { sel, hov }
  }, [box, figure.axes, trialsById, selected, hovered])

  if (!axes.metric) {
    return (
      <p className="panel-empty">
        No trial has reported <strong>{metricName}</strong> yet. Lines appear here as trials report it.
      </p>
    )
  }
  const topLabel = goal === 'minimize' ? `lowest ${metricName}` : `highest ${metricName}`
  return (
    <div className="parcoords-panel">
      <div className="panel-controls">
        <label htmlFor={selectId}>Top trials</label>
        <select id={selectId} aria-label="Top trials" value={topK} onChange={(e) => dispatch({ type: 'set-top-k', topK: Number(e.target.value) })}>
          {TOP_K_OPTIONS.map((k) => (
            <option key={k} value={k}>{k === 1 ? 'All trials' : `Top ${k * 100}% (${topLabel})`}</option>
          ))}
        </select>
        <span className="muted panel-hint">
          Drag along an axis to filter; drag a title to reorder. The same ranges can be typed in the table&rsquo;s filters.
        </span>
      </div>
      {axes.params.length === 0 && <p className="muted">No parameter takes more than one value yet, so only the metric has an axis.</p>}
      {figure.trialIds.length === 0 ? (
        <p className="panel-empty">No trial with a {metricName} value passes the status and top-k filters.</p>
      ) : (
        <Plot name="parcoords" data={data} layout={layout} style={PLOT_STYLE} onRestyle={onRestyle} onHover={onPlotHover} onUnhover={onUnhover} onLayout={onLayout}>
          {overlay && (
            <svg className="parcoords-overlay" aria-hidden="true" width="100%" height={HEIGHT_PX}>
              {overlay.sel.map(({ id, p }) => (
                <polyline key={id} points={p} className="parcoords-selected" />
              ))}
              {overlay.hov && <polyline points={overlay.hov} className="parcoords-hovered" stroke={HIGHLIGHT_COLOR} />}
            </svg>
          )}
        </Plot>
      )}
      {figure.undrawn > 0 && (
        <p className="muted panel-note">
          {figure.undrawn} trial{figure.undrawn === 1 ? '' : 's'} not drawn: no {metricName} value yet, or a parameter missing (conditional parameters).
        </p>
      )}
    </div>
  )
})
