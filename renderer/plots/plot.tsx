import { useEffect, useRef, type CSSProperties } from 'react'
import type { Config, Data, Layout, PlotHoverEvent, PlotlyHTMLElement, PlotRestyleEvent } from 'plotly.js'
import { Plotly } from './plotly.ts'

export interface PlotProps {
  data: Data[]
  layout?: Partial<Layout>
  config?: Partial<Config>
  className?: string
  style?: CSSProperties
  /** Fired for brushing on parcoords axes (`constraintrange` updates) and other restyles. */
  onRestyle?: (ev: PlotRestyleEvent) => void
  onHover?: (ev: PlotHoverEvent) => void
  onUnhover?: () => void
}

const DEFAULT_CONFIG: Partial<Config> = { displayModeBar: false, responsive: false }

/**
 * The one Plotly wrapper: `Plotly.react` on every prop change (it diffs, so the plot stays mounted
 * and brushing survives when `layout.uirevision` is stable), a ResizeObserver instead of the window
 * `resize` event (panels resize without the window), and `purge` on unmount to free WebGL contexts.
 */
export function Plot({ data, layout, config, className, style, onRestyle, onHover, onUnhover }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null)
  // Handlers live in a ref so a new closure each render does not re-bind Plotly listeners.
  const handlers = useRef({ onRestyle, onHover, onUnhover })
  handlers.current = { onRestyle, onHover, onUnhover }
  const bound = useRef(false)

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
      ...layout,
    }
    void Plotly.react(node, data, themed, { ...DEFAULT_CONFIG, ...config }).then((el: PlotlyHTMLElement) => {
      if (bound.current) return
      bound.current = true
      el.on('plotly_restyle', (ev) => handlers.current.onRestyle?.(ev))
      el.on('plotly_hover', (ev) => handlers.current.onHover?.(ev))
      el.on('plotly_unhover', () => handlers.current.onUnhover?.())
    })
  }, [data, layout, config])

  useEffect(() => {
    const node = ref.current
    if (!node) return
    const ro = new ResizeObserver(() => Plotly.Plots.resize(node))
    ro.observe(node)
    return () => {
      ro.disconnect()
      Plotly.purge(node)
      bound.current = false
    }
  }, [])

  return <div ref={ref} className={className} style={style ?? { width: '100%', height: 400 }} />
}
