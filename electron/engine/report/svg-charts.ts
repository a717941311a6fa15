/**
 * Static charts for the sweep report, drawn as plain SVG strings in Node: no browser, canvas, font
 * metrics or network. Every chart has a viewBox (it scales), a <title> and text in the SVG itself,
 * and colours fixed in the markup, so it reads the same inline in HTML, as a data URI in Markdown,
 * or opened alone.
 */

export interface LineSeries {
  name: string
  /** [x, y] points; non-finite y values break the line. */
  points: ReadonlyArray<readonly [number, number | null]>
}

export interface Bar {
  label: string
  value: number
  /** An interval drawn as a whisker over the bar. */
  low?: number
  high?: number
}

const W = 640
const H = 320
const M = { left: 64, right: 16, top: 36, bottom: 44 }
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22']
const AXIS = '#555555'
const GRID = '#e5e5e5'
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"'

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Numbers in the markup: short, and never `NaN`/`Infinity` (callers filter those out). */
function n(x: number): string {
  return String(Math.round(x * 100) / 100)
}

/** A tick label: up to 4 significant digits, exponent form for very large or small magnitudes. */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1)
  return String(Number(v.toPrecision(4)))
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  const out: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)))
  return out
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05
    return [lo - pad, hi + pad]
  }
  return [lo, hi]
}

/** Room at both ends so dots on the extremes are not cut by the plot's edge. */
function padded([lo, hi]: [number, number], frac: number): [number, number] {
  const d = (hi - lo) * frac
  return [lo - d, hi + d]
}

function frame(title: string, body: string, desc: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ${FONT} font-size="12">`
    + `<title>${escapeXml(title)}</title><desc>${escapeXml(desc)}</desc>`
    + `<rect width="${W}" height="${H}" fill="#ffffff"/>`
    + `<text x="${M.left}" y="20" font-size="14" font-weight="600" fill="#222222">${escapeXml(title)}</text>`
    + body
    + '</svg>'
}

function noData(title: string, message: string): string {
  return frame(title, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="${AXIS}">${escapeXml(message)}</text>`, message)
}

interface Scale {
  x: (v: number) => number
  y: (v: number) => number
}

function axes(xs: [number, number], ys: [number, number], xLabel: string, yLabel: string, xInteger: boolean): { svg: string; scale: Scale } {
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const scale: Scale = {
    x: (v) => M.left + ((v - xs[0]) / (xs[1] - xs[0])) * pw,
    y: (v) => M.top + ph - ((v - ys[0]) / (ys[1] - ys[0])) * ph,
  }
  const parts: string[] = []
  for (const t of niceTicks(ys[0], ys[1])) {
    const y = scale.y(t)
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${n(y)}" y2="${n(y)}" stroke="${GRID}"/>`)
    parts.push(`<text x="${M.left - 6}" y="${n(y + 4)}" text-anchor="end" fill="${AXIS}">${escapeXml(formatTick(t))}</text>`)
  }
  for (const t of niceTicks(xs[0], xs[1]).filter((t) => !xInteger || Number.isInteger(t))) {
    const x = scale.x(t)
    parts.push(`<line x1="${n(x)}" x2="${n(x)}" y1="${M.top + ph}" y2="${M.top + ph + 4}" stroke="${AXIS}"/>`)
    parts.push(`<text x="${n(x)}" y="${M.top + ph + 16}" text-anchor="middle" fill="${AXIS}">${escapeXml(formatTick(t))}</text>`)
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="${AXIS}"/>`)
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="${AXIS}"/>`)
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle" fill="${AXIS}">${escapeXml(xLabel)}</text>`)
  parts.push(`<text transform="translate(14 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="${AXIS}">${escapeXml(yLabel)}</text>`)
  return { svg: parts.join(''), scale }
}

/** Curves (e.g. the metric over steps of the best trials), one colour per series, with a legend. */
export function lineChartSvg(opts: { title: string; xLabel: string; yLabel: string; series: ReadonlyArray<LineSeries> }): string {
  const finite = opts.series.flatMap((s) => s.points.filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]) && Number.isFinite(p[0])))
  if (finite.length === 0) return noData(opts.title, 'no points recorded')
  const xs = extent(finite.map((p) => p[0]))
  const ys = padded(extent(finite.map((p) => p[1])), 0.04)
  const { svg, scale } = axes(xs, ys, opts.xLabel, opts.yLabel, true)
  const lines: string[] = []
  opts.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length] as string
    // A gap (null) starts a new run, so a missing value is never drawn as a straight jump.
    let run: string[] = []
    const flush = () => {
      if (run.length > 1) lines.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.8" points="${run.join(' ')}"/>`)
      run = []
    }
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y) || !Number.isFinite(x)) {
        flush()
        continue
      }
      run.push(`${n(scale.x(x))},${n(scale.y(y))}`)
      if (s.points.length <= 60) lines.push(`<circle cx="${n(scale.x(x))}" cy="${n(scale.y(y))}" r="2.2" fill="${colour}"/>`)
    }
    flush()
    lines.push(`<rect x="${W - M.right - 150}" y="${M.top + 4 + i * 16}" width="10" height="10" fill="${colour}"/>`
      + `<text x="${W - M.right - 136}" y="${M.top + 13 + i * 16}" fill="#222222">${escapeXml(s.name)}</text>`)
  })
  return frame(opts.title, svg + lines.join(''), `${opts.series.length} series of ${opts.yLabel} against ${opts.xLabel}`)
}

/** One dot per point (e.g. each trial's final metric by trial number), with a running-best line. */
export function scatterSvg(opts: { title: string; xLabel: string; yLabel: string; points: ReadonlyArray<readonly [number, number]>; bestLine?: 'minimize' | 'maximize' }): string {
  const pts = opts.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
  if (pts.length === 0) return noData(opts.title, 'no finished trials with a value')
  const xs = padded(extent(pts.map((p) => p[0])), 0.03)
  const ys = padded(extent(pts.map((p) => p[1])), 0.05)
  const { svg, scale } = axes(xs, ys, opts.xLabel, opts.yLabel, true)
  const dots = pts.map(([x, y]) => `<circle cx="${n(scale.x(x))}" cy="${n(scale.y(y))}" r="3" fill="${PALETTE[0]}" fill-opacity="0.75"/>`)
  let best = ''
  if (opts.bestLine && pts.length > 1) {
    const sorted = [...pts].sort((a, b) => a[0] - b[0])
    let cur = sorted[0]![1]
    const path: string[] = []
    for (const [x, y] of sorted) {
      cur = opts.bestLine === 'minimize' ? Math.min(cur, y) : Math.max(cur, y)
      path.push(`${n(scale.x(x))},${n(scale.y(cur))}`)
    }
    best = `<polyline fill="none" stroke="${PALETTE[1]}" stroke-width="1.5" points="${path.join(' ')}"/>`
      + `<text x="${W - M.right - 4}" y="${M.top + 12}" text-anchor="end" fill="${PALETTE[1]}">best so far</text>`
  }
  return frame(opts.title, svg + dots.join('') + best, `${pts.length} points of ${opts.yLabel} against ${opts.xLabel}`)
}

/** Horizontal bars (e.g. parameter importance) with optional interval whiskers; values in [0, max]. */
export function barChartSvg(opts: { title: string; valueLabel: string; bars: ReadonlyArray<Bar>; percent?: boolean }): string {
  const bars = opts.bars.filter((b) => Number.isFinite(b.value))
  if (bars.length === 0) return noData(opts.title, 'nothing to show')
  const rowH = 26
  const height = Math.max(H, M.top + M.bottom + bars.length * rowH)
  const labelW = 150
  const left = M.left + labelW - 48
  const pw = W - left - M.right - 48
  const max = Math.max(...bars.map((b) => Math.max(b.value, b.high ?? 0)), 1e-12)
  const x = (v: number) => left + (v / max) * pw
  const fmt = (v: number) => (opts.percent ? `${(v * 100).toFixed(1)}%` : formatTick(v))
  const parts = bars.map((b, i) => {
    const y = M.top + i * rowH
    const whisker = b.low !== undefined && b.high !== undefined
      ? `<line x1="${n(x(b.low))}" x2="${n(x(b.high))}" y1="${y + 9}" y2="${y + 9}" stroke="#222222" stroke-width="1.2"/>`
        + `<line x1="${n(x(b.low))}" x2="${n(x(b.low))}" y1="${y + 5}" y2="${y + 13}" stroke="#222222"/>`
        + `<line x1="${n(x(b.high))}" x2="${n(x(b.high))}" y1="${y + 5}" y2="${y + 13}" stroke="#222222"/>`
      : ''
    return `<text x="${left - 8}" y="${y + 13}" text-anchor="end" fill="#222222">${escapeXml(b.label)}</text>`
      + `<rect x="${left}" y="${y + 2}" width="${n(Math.max(0, x(b.value) - left))}" height="14" fill="${PALETTE[0]}"/>`
      + whisker
      + `<text x="${n(x(Math.max(b.value, b.high ?? 0)) + 6)}" y="${y + 13}" fill="${AXIS}">${escapeXml(fmt(b.value))}</text>`
  })
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" ${FONT} font-size="12">`
    + `<title>${escapeXml(opts.title)}</title><desc>${escapeXml(`${bars.length} bars of ${opts.valueLabel}`)}</desc>`
    + `<rect width="${W}" height="${height}" fill="#ffffff"/>`
    + `<text x="${M.left}" y="20" font-size="14" font-weight="600" fill="#222222">${escapeXml(opts.title)}</text>`
    + parts.join('')
    + `<text x="${left + pw / 2}" y="${height - 10}" text-anchor="middle" fill="${AXIS}">${escapeXml(opts.valueLabel)}</text>`
    + '</svg>'
  return svg
}

/** An SVG as a `data:` URI (base64), for Markdown images and anywhere inline markup is not allowed. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`
}
