import type { PlotRestyleEvent } from 'plotly.js'

/** What a `plotly_restyle` event from a parcoords plot means. */
export type ParcoordsRestyle =
  | { kind: 'constraint'; dimension: number; constraint: unknown }
  | { kind: 'order'; labels: string[] }

const CONSTRAINT_KEY = /^dimensions\[(\d+)\]\.constraintrange$/

/**
 * Reads the two GUI edits parcoords reports (plotly.js parcoords/plot.js): a brush, as
 * `{'dimensions[i].constraintrange': [range] | null}` where `i` indexes the dimensions as they were
 * last drawn, and an axis drag, as `{dimensions: [dims in their new order]}`.
 */
export function parseParcoordsRestyle(ev: PlotRestyleEvent): ParcoordsRestyle[] {
  const [update] = ev
  const out: ParcoordsRestyle[] = []
  for (const [key, value] of Object.entries(update ?? {})) {
    const m = CONSTRAINT_KEY.exec(key)
    if (m) {
      // Restyle values come wrapped in one array per trace; null clears.
      const constraint = Array.isArray(value) ? value[0] : null
      out.push({ kind: 'constraint', dimension: Number(m[1]), constraint: constraint ?? null })
    } else if (key === 'dimensions' && Array.isArray(value) && Array.isArray(value[0])) {
      const labels = (value[0] as unknown[]).map((d) => (typeof d === 'object' && d !== null && 'label' in d ? String((d as { label: unknown }).label) : ''))
      out.push({ kind: 'order', labels })
    }
  }
  return out
}
