import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { E2E_OUTPUT } from './paths.ts'
import { pollUntil } from './poll.ts'

/** Plot names the screens agree on (`data-plot` on each Plotly div). */
export type PlotName = 'parcoords' | 'curves' | 'scatter' | 'history' | 'trial-curve' | 'contour' | 'slices' | 'compare-parcoords' | 'compare-history'
/** A plot by name; `metric` narrows to the one showing that metric (`data-metric`), e.g. one trial-curve card. */
export type PlotTarget = PlotName | { name: PlotName; metric?: string }

/** Software GL: the first parcoords draw alone takes ~3 s, more on a loaded machine (PLATFORM.md §3). */
const FIRST_DRAW_TIMEOUT_MS = 60_000
const GL_TRACES = new Set(['parcoords', 'scattergl', 'splom', 'pointcloud', 'heatmapgl'])

export function plotSelector(target: PlotTarget): string {
  const t = typeof target === 'string' ? { name: target } : target
  return `[data-plot="${t.name}"]${t.metric ? `[data-metric="${t.metric}"]` : ''}`
}

export function plotLocator(page: Page, target: PlotTarget): Locator {
  return page.locator(plotSelector(target))
}

/**
 * Finished draws of the plot (`data-draws`, set by renderer/plots/plot.tsx on the Plotly div). The
 * `data-plot` element is that div, or a card around it (trial-curve): the count is read from either.
 */
export async function drawCount(page: Page, target: PlotTarget): Promise<number> {
  const plot = plotLocator(page, target)
  if ((await plot.count()) === 0) return 0
  return plot.first().evaluate((el) => Number((el.querySelector('[data-draws]') ?? el).dataset.draws ?? 0))
}

/** Waits until the plot has finished at least `minDraws` draws. */
export async function waitForDraw(page: Page, target: PlotTarget, opts: { minDraws?: number; timeoutMs?: number } = {}): Promise<number> {
  const min = opts.minDraws ?? 1
  return pollUntil(async () => {
    const n = await drawCount(page, target)
    return n >= min ? n : false
  }, {
    what: `${plotSelector(target)} to reach data-draws >= ${min}`,
    timeoutMs: opts.timeoutMs ?? FIRST_DRAW_TIMEOUT_MS,
    describe: async () => `present: ${await plotLocator(page, target).count()}, data-draws: ${await drawCount(page, target)}`,
  })
}

/** The figure Plotly drew (the `data` it keeps on its div), as plain JSON. */
export async function plotData<T = Array<Record<string, unknown>>>(page: Page, target: PlotTarget): Promise<T> {
  return plotLocator(page, target).first().evaluate((el) => {
    const gd = (el.querySelector('.js-plotly-plot') ?? el) as { data?: unknown }
    return JSON.parse(JSON.stringify(gd.data ?? null))
  })
}

export interface PlotCheck {
  draws: number
  traceTypes: string[]
  canvases: number
  /** Share of the largest WebGL canvas's pixels that were painted (GL traces only). */
  glInk: number
  /** SVG trace paths with a drawn line or markers (non-GL traces only). */
  svgPaths: number
}

/**
 * Looks at what a plot really put on screen: Plotly's figure (its `data` on the div), the canvases
 * its WebGL traces draw into and how many of their pixels are lit, and the SVG paths of other traces.
 * Throws when Plotly fell back to its "WebGL is not supported" box (`.no-webgl`).
 */
export async function inspectPlot(page: Page, target: PlotTarget): Promise<PlotCheck> {
  const plot = plotLocator(page, target).first()
  const noWebgl = await page.locator('.no-webgl').count()
  if (noWebgl > 0) throw new Error(`Plotly showed its no-WebGL fallback (${noWebgl} .no-webgl element(s)) on the page with ${plotSelector(target)}`)
  return plot.evaluate((el) => {
    const gd = (el.querySelector('.js-plotly-plot') ?? el) as { data?: Array<{ type?: string }>; dataset: Record<string, string>; querySelectorAll: (s: string) => ArrayLike<unknown> }
    const canvases = Array.from(gd.querySelectorAll('canvas')) as Array<{ width: number; height: number; ownerDocument: { createElement: (t: string) => unknown } }>
    let glInk = 0
    for (const c of canvases) {
      if (c.width === 0 || c.height === 0) continue
      // Plotly's regl contexts keep their drawing buffer, so a copy shows what is on screen.
      const copy = c.ownerDocument.createElement('canvas') as { width: number; height: number; getContext: (k: string) => { drawImage: (i: unknown, x: number, y: number) => void; getImageData: (x: number, y: number, w: number, h: number) => { data: Uint8ClampedArray } } }
      copy.width = c.width
      copy.height = c.height
      const ctx = copy.getContext('2d')
      ctx.drawImage(c, 0, 0)
      const px = ctx.getImageData(0, 0, c.width, c.height).data
      let lit = 0
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) lit++
      glInk = Math.max(glInk, lit / (c.width * c.height))
    }
    const svgPaths = Array.from(gd.querySelectorAll('.scatterlayer .trace path.js-line, .scatterlayer .trace path.point') as ArrayLike<{ getAttribute: (n: string) => string | null }>)
      .filter((p) => (p.getAttribute('d') ?? '').length > 4).length
    return {
      draws: Number(gd.dataset.draws ?? 0),
      traceTypes: (gd.data ?? []).map((t) => t.type ?? 'scatter'),
      canvases: canvases.length,
      glInk,
      svgPaths,
    }
  })
}

/** Asserts that a plot drew for real: at least one finished draw, and ink where its traces draw. */
export async function expectPlotDrew(page: Page, target: PlotTarget, opts: { minDraws?: number } = {}): Promise<PlotCheck> {
  await waitForDraw(page, target, opts)
  const check = await inspectPlot(page, target)
  const gl = check.traceTypes.some((t) => GL_TRACES.has(t))
  const problems: string[] = []
  if (check.traceTypes.length === 0) problems.push('it has no traces')
  if (gl && check.canvases === 0) problems.push('it has WebGL traces but no canvas')
  // One 1-px line across a parcoords canvas lights ~0.25 % of it; a failed WebGL draw lights nothing.
  if (gl && check.glInk < 0.002) problems.push(`its WebGL canvases are blank (${(check.glInk * 100).toFixed(2)} % lit)`)
  if (!gl && check.svgPaths === 0) problems.push('no SVG trace path was drawn')
  if (problems.length) throw new Error(`${plotSelector(target)} did not draw: ${problems.join('; ')} (${JSON.stringify(check)})`)
  return check
}

/**
 * Saves a PNG under tests/e2e/output/ (looked at by a person after each run): the whole page, or
 * only the viewport where a sticky bar would otherwise be pictured in the middle of a long page.
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(E2E_OUTPUT, { recursive: true })
  const path = join(E2E_OUTPUT, `${name}.png`)
  await page.screenshot({ path, fullPage: opts.fullPage ?? true })
  return path
}

/** A close-up of one plot (its `data-plot` element), to check labels and colours at full size. */
export async function screenshotPlot(page: Page, target: PlotTarget, name: string): Promise<string> {
  mkdirSync(E2E_OUTPUT, { recursive: true })
  const path = join(E2E_OUTPUT, `${name}.png`)
  await plotLocator(page, target).first().screenshot({ path })
  return path
}
