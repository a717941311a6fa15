import type { Layout, ScatterData, ScatterglData } from 'plotly.js'

/** Theme colours for the point plots (scatter, history), read from CSS by the screen. */
export interface PointColors {
  focus: string
  context: string
  selected: string
  best: string
}

export const DEFAULT_POINT_COLORS: PointColors = { focus: '#2f6fde', context: '#9aa4b2', selected: '#1c2024', best: '#59a14f' }

/** Above this many points SVG markers get slow to draw and hover; WebGL keeps up. */
export const POINTS_GL_THRESHOLD = 2000

/** A point plot's figure plus where each trial sits (data units), so a highlight can be drawn over it. */
export interface PointFigure {
  data: Partial<ScatterData | ScatterglData>[]
  layout: Partial<Layout>
  positions: ReadonlyMap<number, readonly [number, number]>
}

/**
 * Where to ring the highlighted trial, in px over the plot, or null (unknown trial, no axes yet, or
 * zoomed out of view). Drawn as an overlay, because even a layout-only Plotly.react re-runs the
 * defaults of every trace: with thousands of points that is a visible lag on each hover.
 */
export function ringPosition(
  positions: ReadonlyMap<number, readonly [number, number]>,
  trialId: number | null | undefined,
  geometry: { l: number; t: number; w: number; h: number; x?: (v: number) => number; y?: (v: number) => number } | null,
): { cx: number; cy: number } | null {
  const at = trialId == null ? undefined : positions.get(trialId)
  if (!at || !geometry?.x || !geometry.y) return null
  const cx = geometry.x(at[0])
  const cy = geometry.y(at[1])
  const inside = cx >= geometry.l && cx <= geometry.l + geometry.w && cy >= geometry.t && cy <= geometry.t + geometry.h
  return Number.isFinite(cx) && Number.isFinite(cy) && inside ? { cx, cy } : null
}

/** Spreads a category's points sideways by a fixed amount per trial, so reloads do not shuffle them. */
export function jitter(trialId: number): number {
  // Knuth's multiplicative hash, folded to [-0.3, 0.3].
  const h = Math.imul(trialId, 2654435761) >>> 0
  return (h / 2 ** 32 - 0.5) * 0.6
}
