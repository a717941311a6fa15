/**
 * Tableau 10: distinct hues that stay readable on the light and the dark background and keep
 * apart for the common colour-vision deficiencies better than Plotly's default cycle.
 */
export const SERIES_COLORS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
]

/** The colour of the i-th series, cycling through the palette. */
export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length]!
}

/** The colour a highlighted (hovered or selected) trial gets in every plot: no colourscale uses it. */
export const HIGHLIGHT_COLOR = '#ff2d9b'

/** Plotly's Viridis stops: perceptually uniform and readable for the common colour-vision deficiencies. */
const VIRIDIS = [
  '#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
  '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725',
]

type Rgb = [number, number, number]

/** `#rgb`, `#rrggbb` or `rgb(a)(r, g, b…)`; null for anything else (a named colour, a var()). */
export function parseColor(text: string): Rgb | null {
  const s = text.trim()
  let m = /^#([0-9a-f]{3})$/i.exec(s)
  if (m) return [...m[1]!].map((c) => parseInt(c + c, 16)) as Rgb
  m = /^#([0-9a-f]{6})$/i.exec(s)
  if (m) return [0, 2, 4].map((i) => parseInt(m![1]!.slice(i, i + 2), 16)) as Rgb
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s)
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])]
  return null
}

/**
 * Viridis (best = bright, at 1), with the worse end faded towards the background by `1 - floor`.
 * Parcoords draws its lines opaque and drops a colourscale's alpha (plotly.js 4, parcoords/lines.js
 * builds the palette with alpha 255), so transparency is pre-composited over the background: with
 * thousands of lines the poor ones recede and the good ones, drawn on top, stand out.
 */
export function fadedViridis(background: string | undefined, floor: number): [number, string][] {
  const bg = background ? parseColor(background) : null
  const n = VIRIDIS.length - 1
  return VIRIDIS.map((hex, i) => {
    const t = i / n
    if (!bg || floor >= 1) return [t, hex]
    const alpha = floor + (1 - floor) * t
    const c = parseColor(hex)!
    const mixed = c.map((v, k) => Math.round(bg[k]! * (1 - alpha) + v * alpha))
    return [t, `rgb(${mixed.join(',')})`]
  })
}

/**
 * How strongly the worse lines fade: not at all up to 500 lines, then with the square root of the
 * count, so 2,000 lines keep half their strength and 10,000 about a fifth (never under 0.2).
 */
export function fadeFloor(lineCount: number): number {
  if (lineCount <= 500) return 1
  return Math.max(0.2, Math.sqrt(500 / lineCount))
}
