import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { buildBarePlotly } from '../tests/e2e/support/bare-plotly.ts'
import { launchChromium, VIEWPORT } from '../tests/e2e/support/chromium.ts'
import { buildRendererIfStale } from '../tests/e2e/support/global-setup.ts'
import type { PageDocument, PageMutationObserverCtor, PagePlotElement } from '../tests/e2e/support/page-globals.ts'
import { seedFinishedSweep } from '../tests/e2e/support/seed-trials.ts'
import { startServer, type BrowserModeServer } from '../tests/e2e/support/server.ts'

// Globals of the page, for the functions below that run in Chromium.
declare const document: PageDocument
declare const location: { hash: string }
declare const MutationObserver: PageMutationObserverCtor
declare const window: { __benchFigure?: BareFigure }

const SIZES = [1000, 10_000] as const
/** Opens per size, each in a fresh browser context (no HTTP cache, no query cache, chunks not loaded). */
const REPS = 5
const PARCOORDS = '[data-plot="parcoords"]'
/** Where the page imports the bare Plotly from (answered by page.route, so the app's CSP allows it). */
const BARE_PLOTLY_URL = '/__bench/plotly.js'
const OPEN_TIMEOUT_MS = 120_000
/** Every plot of the detail screen, by `data-plot`. */
const DETAIL_PLOTS = ['parcoords', 'curves', 'scatter', 'history']
const SETTLE_MS = 1000

/** The fields of a PerformanceResourceTiming entry read here. */
interface ResourceEntry {
  name: string
  startTime: number
  responseEnd: number
  decodedBodySize: number
}

interface BareFigure {
  data: unknown[]
  layout: Record<string, unknown>
  width: number
  height: number
  lines: number
}

interface OpenSample {
  /** Navigation to `#/sweeps/ID` until the parcoords div reports its first finished draw. */
  openMs: number
  /** Until the app's largest API answer (its getTrials) had arrived: the part of the open before rendering. */
  dataMs: number
  /** The same navigation until every plot of the screen (parcoords, curves, scatter, history) has drawn. */
  allPlotsMs: number
  /** getSweep and getTrials from the page, in parallel as the screen asks for them. */
  apiMs: number
  trialsBytes: number
  /** Plotly.newPlot of the figure the app drew, into a bare div of the same size. */
  bareMs: number
  lines: number
}

/**
 * Time to open the detail of a finished sweep with 1k and 10k trials in browser mode, against a bare
 * `Plotly.newPlot` of the same parcoords figure in the same page. The bare Plotly is the app's own
 * module (renderer/plots/plotly.ts) built with the app's own Vite settings, so both run the same
 * Plotly code; it gets exactly the data, layout and size the app's plot ended up with.
 */
export async function benchUiOpenDetail(): Promise<Record<string, number>> {
  buildRendererIfStale()
  const barePlotly = await buildBarePlotly()
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-bench-ui-'))
  const dbPath = join(dir, 'bench.db')
  let server: BrowserModeServer | undefined
  let browser: Browser | undefined
  try {
    const sweepIds = new Map(SIZES.map((n) => [n, seedFinishedSweep(dbPath, { trials: n })]))
    server = await startServer(dbPath)
    browser = await launchChromium()
    const out: Record<string, number> = {}
    for (const n of SIZES) {
      const samples: OpenSample[] = []
      for (let rep = 0; rep < REPS; rep++) samples.push(await measureOpen(browser, server, sweepIds.get(n)!, barePlotly))
      const bad = samples.find((s) => s.lines !== n)
      if (bad) throw new Error(`the app drew ${bad.lines} parcoords lines for a sweep of ${n} finished trials`)
      const overheads = samples.map((s) => ((s.openMs - s.bareMs) / s.bareMs) * 100)
      const bestOpen = Math.min(...samples.map((s) => s.openMs))
      const bestBare = Math.min(...samples.map((s) => s.bareMs))
      out[`ui_open_api_ms_${n}`] = median(samples.map((s) => s.apiMs))
      out[`ui_open_trials_kb_${n}`] = samples[0]!.trialsBytes / 1024
      out[`ui_open_parcoords_ms_${n}`] = median(samples.map((s) => s.openMs))
      out[`ui_open_data_ms_${n}`] = median(samples.map((s) => s.dataMs))
      out[`ui_open_all_plots_ms_${n}`] = median(samples.map((s) => s.allPlotsMs))
      out[`ui_open_bare_newplot_ms_${n}`] = median(samples.map((s) => s.bareMs))
      out[`ui_open_best_ms_${n}`] = bestOpen
      out[`ui_open_bare_best_ms_${n}`] = bestBare
      // Other processes only ever add time, so the fastest of each is the least disturbed estimate
      // (as timeit advises); on a shared 2-core machine a single bare newPlot varied 2x between runs.
      out[`ui_open_overhead_pct_${n}`] = ((bestOpen - bestBare) / bestBare) * 100
      const each = samples.map((s, i) => `${s.openMs.toFixed(0)} (data at ${s.dataMs.toFixed(0)}) vs ${s.bareMs.toFixed(0)} ms: ${overheads[i]!.toFixed(0)} %`)
      process.stderr.write(`  ${n} trials, open vs bare newPlot: ${each.join('; ')}\n`)
    }
    return out
  } finally {
    await browser?.close()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function measureOpen(browser: Browser, server: BrowserModeServer, sweepId: number, barePlotly: string): Promise<OpenSample> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
  try {
    const page = await context.newPage()
    const failures: string[] = []
    page.on('pageerror', (e) => failures.push(e.message))
    await page.route(`${server.origin}${BARE_PLOTLY_URL}`, (route) => route.fulfill({ body: barePlotly, contentType: 'text/javascript' }))
    await page.goto(server.url)
    await page.locator('main').getByText(`seeded-`).first().waitFor({ timeout: 30_000 })

    const { parcoordsMs: openMs, dataMs, allPlotsMs } = await timeOpen(page, sweepId)
    // Keep what the app drew, then leave: unmounting the screen purges the app's plot (frees its GL contexts).
    const lines = await page.evaluate((sel) => {
      const host = document.querySelector(sel)
      const gd = (host?.querySelector('.js-plotly-plot') ?? host) as PagePlotElement | null
      if (!gd?.data || !gd.layout) throw new Error(`${sel} has no Plotly figure`)
      const box = gd.getBoundingClientRect()
      const figure: BareFigure = structuredClone({ data: gd.data, layout: gd.layout, width: box.width, height: box.height, lines: 0 })
      const dims = (figure.data[0] as { dimensions?: Array<{ values: unknown[] }> }).dimensions
      figure.lines = dims?.[0]?.values.length ?? 0
      window.__benchFigure = figure
      return figure.lines
    }, PARCOORDS)
    await page.evaluate(() => {
      location.hash = '#/'
    })
    await page.locator(PARCOORDS).waitFor({ state: 'detached' })
    // Let whatever the screen left running (late draws, GC of its WebGL contexts) finish before timing more.
    await page.waitForTimeout(SETTLE_MS)

    const api = await page.evaluate(async (id) => {
      const call = async (method: string, args: unknown) => {
        const res = await fetch('/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 1, method, args }) })
        const text = await res.text()
        if (!(JSON.parse(text) as { ok: boolean }).ok) throw new Error(`${method} failed: ${text.slice(0, 300)}`)
        return text.length
      }
      const t0 = performance.now()
      const [, trialsBytes] = await Promise.all([call('getSweep', { sweepId: id }), call('getTrials', { sweepId: id })])
      return { ms: performance.now() - t0, trialsBytes }
    }, sweepId)

    const bareMs = await page.evaluate(async (url) => {
      const figure = window.__benchFigure!
      const { Plotly } = (await import(url)) as { Plotly: { newPlot: (...a: unknown[]) => Promise<unknown>; purge: (el: unknown) => void } }
      const div = document.createElement('div')
      div.style.width = `${figure.width}px`
      div.style.height = `${figure.height}px`
      document.body.appendChild(div)
      // The config renderer/plots/plot.tsx passes.
      const t0 = performance.now()
      await Plotly.newPlot(div, figure.data, figure.layout, { displayModeBar: false, responsive: false })
      const ms = performance.now() - t0
      Plotly.purge(div)
      div.remove()
      return ms
    }, BARE_PLOTLY_URL)

    if (failures.length) throw new Error(`the page threw while opening sweep ${sweepId}: ${failures.join('; ')}`)
    return { openMs, dataMs, allPlotsMs, apiMs: api.ms, trialsBytes: api.trialsBytes, bareMs, lines }
  } finally {
    await context.close()
  }
}

/**
 * From setting the hash to the first finished draw (`data-draws`) of the parcoords div, and of every
 * plot of the screen, observed in the page itself (a MutationObserver fires in the same task).
 */
function timeOpen(page: Page, sweepId: number): Promise<{ parcoordsMs: number; dataMs: number; allPlotsMs: number }> {
  return page.evaluate(({ hash, plots, timeoutMs }) => new Promise<{ parcoordsMs: number; dataMs: number; allPlotsMs: number }>((resolve, reject) => {
    const t0 = performance.now()
    const firstDraw = new Map<string, number>()
    // Resource timing has no method names; the screen's largest answer is its trials.
    const dataArrived = () => {
      const calls = (performance.getEntriesByType('resource') as unknown as ResourceEntry[]).filter((e) => e.name.endsWith('/api/call') && e.startTime >= t0)
      const biggest = calls.reduce<ResourceEntry | undefined>((a, e) => (!a || e.decodedBodySize > a.decodedBodySize ? e : a), undefined)
      return biggest ? biggest.responseEnd - t0 : NaN
    }
    const check = () => {
      for (const name of plots) {
        if (firstDraw.has(name)) continue
        const el = document.querySelector(`[data-plot="${name}"]`)
        if (el && Number((el.querySelector('[data-draws]') ?? el).dataset.draws ?? 0) >= 1) firstDraw.set(name, performance.now() - t0)
      }
      if (firstDraw.size < plots.length) return
      obs.disconnect()
      clearTimeout(timer)
      resolve({ parcoordsMs: firstDraw.get('parcoords')!, dataMs: dataArrived(), allPlotsMs: Math.max(...firstDraw.values()) })
    }
    const obs = new MutationObserver(check)
    const timer = setTimeout(() => {
      obs.disconnect()
      reject(new Error(`within ${timeoutMs / 1000} s of opening ${hash}, only ${[...firstDraw.keys()].join(', ') || 'no plot'} of ${plots.join(', ')} drew`))
    }, timeoutMs)
    obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-draws'] })
    location.hash = hash
  }), { hash: `#/sweeps/${sweepId}`, plots: DETAIL_PLOTS, timeoutMs: OPEN_TIMEOUT_MS })
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
