import type { TrialSummary } from '../../shared/api/types.ts'
import { axisPosition, type AxisInfo } from './sweep-axes.ts'

/** The plot area Plotly laid out (`_fullLayout._size`): margins and the inner width and height, in px. */
export interface PlotBox {
  l: number
  t: number
  w: number
  h: number
}

// plotly.js parcoords/constants.js `verticalPadding`: lines and axes stop this far from the ends.
const VERTICAL_PADDING = 2

/**
 * Where a trial's line runs across a parcoords plot, in px from the plot div's top-left corner, so
 * a hovered or selected trial can be drawn over the WebGL lines without redrawing them. Mirrors
 * plotly.js parcoords.js: axes evenly spaced over the plot width, values linear in the axis range
 * (axis units) between the padded ends. Null when the trial has no position on some axis.
 */
export function parcoordsPolyline(box: PlotBox, axes: readonly AxisInfo[], trial: TrialSummary): [number, number][] | null {
  const n = axes.length
  const points: [number, number][] = []
  for (let i = 0; i < n; i++) {
    const axis = axes[i]!
    const v = axisPosition(axis, trial)
    if (v === null) return null
    let [lo, hi] = axis.range
    // plotly's fixExtremes: a zero-width range is widened the same way.
    if (lo === hi) [lo, hi] = lo === 0 ? [-1, 1] : [lo * 0.9, hi * 1.1]
    const unit = (v - lo) / (hi - lo)
    const x = box.l + (box.w * i) / Math.max(1, n - 1)
    const y = box.t + box.h - VERTICAL_PADDING - unit * (box.h - 2 * VERTICAL_PADDING)
    points.push([x, y])
  }
  return points
}
