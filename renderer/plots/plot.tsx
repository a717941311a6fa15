import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react'
import type { Config, Data, Layout, PlotHoverEvent, PlotlyHTMLElement, PlotMouseEvent, PlotRestyleEvent, PlotSelectionEvent, Template } from 'plotly.js'
import { parseColor } from './palette.ts'
import type { PlotBox } from './parcoords-geometry.ts'
import { Plotly } from './plotly.ts'
import './plot.css'

export interface PlotProps {
  data: Data[]
  layout?: Partial<Layout>
  config?: Partial<Config>
  className?: string
  style?: CSSProperties
  /** Rendered as `data-plot` on the plot's div: e2e tests and the bench find plots by it. */
  name?: string
  /** Fired for brushing on parcoords axes (`constraintrange` updates) and other restyles. */
  onRestyle?: (ev: PlotRestyleEvent) => void
  onHover?: (ev: PlotHoverEvent) => void
  onUnhover?: () => void
  onClick?: (ev: PlotMouseEvent) => void
  onSelected?: (ev: PlotSelectionEvent | undefined) => void
  /** After every finished draw, resize and zoom: where Plotly put the plot area and its axes, for overlays drawn over it. */
  onLayout?: (geometry: PlotGeometry) => void
  /** Drawn over the plot (e.g. an SVG highlight); positioned by the caller inside the plot's box. */
  children?: ReactNode
}

const DEFAULT_CONFIG: Partial<Config> = { displayModeBar: false, responsive: false }

function axisTemplate(fg: string): Template {
  const rgb = parseColor(fg) ?? [128, 128, 128]
  const alpha = (a: number) => `rgba(${rgb.join(',')},${a})`
  const axis = { gridcolor: alpha(0.12), zerolinecolor: alpha(0.3), linecolor: alpha(0.4), tickcolor: alpha(0.4) }
  return { layout: { xaxis: axis, yaxis: axis } } as Template
}

/**
 * Where things are on a drawn plot: the plot area (px from the div's top-left) and, for cartesian
 * plots, data → px along each axis (log axes take real values). Overlays use it to draw highlights
 * without asking Plotly to redraw.
 */
export interface PlotGeometry extends PlotBox {
  x?: (v: number) => number
  y?: (v: number) => number
}

type AxisInternals = { _offset: number; d2p: (v: number) => number }
type LayoutInternals = { _size?: PlotBox; xaxis?: AxisInternals; yaxis?: AxisInternals }

/** Read from Plotly's internal `_fullLayout`: stable for years, and the only exact source. */
function plotGeometry(el: PlotlyHTMLElement): PlotGeometry | null {
  const fl = (el as unknown as { _fullLayout?: LayoutInternals })._fullLayout
  const size = fl?._size
  if (!size) return null
  const toPx = (ax: AxisInternals | undefined) => (ax && typeof ax.d2p === 'function' ? (v: number) => ax._offset + ax.d2p(v) : undefined)
  return { l: size.l, t: size.t, w: size.w, h: size.h, x: toPx(fl.xaxis), y: toPx(fl.yaxis) }
}

/**
 * The one Plotly wrapper: `Plotly.react` on every prop change (it diffs, so the plot stays mounted
 * and brushing survives when `layout.uirevision` is stable), a ResizeObserver instead of the window
 * `resize` event (panels resize without the window), and `purge` on unmount to free WebGL contexts.
 * A draw that fails shows its error in place of the plot.
 */
export function Plot({ data, layout, config, className, style, name, onRestyle, onHover, onUnhover, onClick, onSelected, onLayout, children }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null)
  // Handlers live in a ref so a new closure each render does not re-bind Plotly listeners.
  const handlers = useRef({ onRestyle, onHover, onUnhover, onClick, onSelected, onLayout })
  handlers.current = { onRestyle, onHover, onUnhover, onClick, onSelected, onLayout }
  const bound = useRef(false)
  const drawn = useRef(false)
  const [error, setError] = useState<string | null>(null)
  // Bumped when the theme changes, so the plot redraws with the new text colour.
  const [themeTick, setThemeTick] = useState(0)
  useEffect(() => {
    const onTheme = () => setThemeTick((n) => n + 1)
    window.addEventListener('sweeplab-theme', onTheme)
    return () => window.removeEventListener('sweeplab-theme', onTheme)
  }, [])

  useEffect(() => {
    const node = ref.current
    if (!node) return
    // Plotly draws text in the colour it is given; take the theme's from CSS so dark mode works.
    const fg = getComputedStyle(node).color
    const themed: Partial<Layout> = {
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { color: fg, family: 'system-ui, sans-serif', size: 12 },
      margin: { l: 48, r: 24, t: 32, b: 40 },
      // Plotly's grid is near-white, a glare on the dark theme: derive it from the text colour.
      // A template only sets defaults, so a caller's own axis settings still win.
      template: axisTemplate(fg),
      ...layout,
    }
    Plotly.react(node, data, themed, { ...DEFAULT_CONFIG, ...config }).then(
      (el: PlotlyHTMLElement) => {
        drawn.current = true
        setError(null)
        // Counts finished draws: the e2e tests and the bench wait on it to know a plot is on screen.
        node.dataset.draws = String(Number(node.dataset.draws ?? 0) + 1)
        const geometry = plotGeometry(el)
        if (geometry) handlers.current.onLayout?.(geometry)
        if (bound.current) return
        bound.current = true
        el.on('plotly_restyle', (ev) => handlers.current.onRestyle?.(ev))
        el.on('plotly_hover', (ev) => handlers.current.onHover?.(ev))
        el.on('plotly_unhover', () => handlers.current.onUnhover?.())
        el.on('plotly_click', (ev) => handlers.current.onClick?.(ev))
        el.on('plotly_selected', (ev) => handlers.current.onSelected?.(ev))
        // A resize redraws without a new react call: overlays must follow.
        el.on('plotly_afterplot', () => {
          const g = plotGeometry(el)
          if (g) handlers.current.onLayout?.(g)
        })
        // So does a zoom or pan, which moves the axes.
        el.on('plotly_relayout', () => {
          const g = plotGeometry(el)
          if (g) handlers.current.onLayout?.(g)
        })
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    )
  }, [data, layout, config, themeTick])

  useEffect(() => {
    const node = ref.current
    if (!node) return
    const ro = new ResizeObserver(() => {
      // Plotly rejects a resize of a div it has not drawn into (or that is hidden); the next draw sizes it anyway.
      // Its types say void; at run time it returns that promise.
      if (drawn.current) void Promise.resolve(Plotly.Plots.resize(node) as unknown).catch(() => undefined)
    })
    ro.observe(node)
    return () => {
      ro.disconnect()
      Plotly.purge(node)
      bound.current = false
      drawn.current = false
    }
  }, [])

  return (
    <div className={['plot', className].filter(Boolean).join(' ')} style={style ?? { width: '100%', height: 400 }}>
      <div ref={ref} className="plot-canvas" data-plot={name} />
      {children}
      {error && (
        <div className="error-box plot-error" role="alert">
          Could not draw this plot: {error}
        </div>
      )}
    </div>
  )
}
