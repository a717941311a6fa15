import { useCallback, useMemo, useState } from 'react'
import type { Data, PlotHoverEvent, PlotMouseEvent } from 'plotly.js'
import { HIGHLIGHT_COLOR } from '../../plots/palette.ts'
import { Plot, type PlotGeometry } from '../../plots/plot.tsx'
import { ringPosition, type PointFigure } from '../../plots/point-plots.ts'
import { trialIdOfEvent } from './plot-events.ts'

const HEIGHT_PX = 340
const PLOT_STYLE = { width: '100%', height: HEIGHT_PX }

export interface PointPlotProps {
  name: string
  figure: PointFigure
  hovered: number | null
  onHover: (trialId: number | null) => void
  onPick: (trialId: number) => void
}

/**
 * A scatter-like plot of trials (scatter, history). The hovered trial gets a ring drawn over the
 * plot, so a hover from another view costs no Plotly work, whatever the number of points.
 */
export function PointPlot({ name, figure, hovered, onHover, onPick }: PointPlotProps) {
  const [geometry, setGeometry] = useState<PlotGeometry | null>(null)
  const ring = useMemo(() => ringPosition(figure.positions, hovered, geometry), [figure.positions, hovered, geometry])
  const onPlotHover = useCallback((ev: PlotHoverEvent) => onHover(trialIdOfEvent(ev)), [onHover])
  const onUnhover = useCallback(() => onHover(null), [onHover])
  const onClick = useCallback((ev: PlotMouseEvent) => {
    const id = trialIdOfEvent(ev)
    if (id !== null) onPick(id)
  }, [onPick])
  return (
    <Plot name={name} data={figure.data as Data[]} layout={figure.layout} style={PLOT_STYLE} onHover={onPlotHover} onUnhover={onUnhover} onClick={onClick} onLayout={setGeometry}>
      {ring && (
        <svg className="point-overlay" aria-hidden="true" width="100%" height={HEIGHT_PX}>
          <circle cx={ring.cx} cy={ring.cy} r={8} fill="none" stroke={HIGHLIGHT_COLOR} strokeWidth={2.5} />
        </svg>
      )}
    </Plot>
  )
}
