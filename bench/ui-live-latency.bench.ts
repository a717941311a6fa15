import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { trialSpec } from '../tests/e2e/fixtures/specs.ts'
import { launchChromium, VIEWPORT } from '../tests/e2e/support/chromium.ts'
import { buildRendererIfStale } from '../tests/e2e/support/global-setup.ts'
import type { PageDocument, PageMutationObserverCtor, PagePlotElement } from '../tests/e2e/support/page-globals.ts'
import { pollUntil } from '../tests/e2e/support/poll.ts'
import { callApi, startServer, type BrowserModeServer } from '../tests/e2e/support/server.ts'

// Globals of the page, for the functions below that run in Chromium.
declare const document: PageDocument
declare const location: { hash: string }
declare const MutationObserver: PageMutationObserverCtor
declare const window: { __benchDraws?: DrawRecord[] }

/** Where a live curve is watched: the trial's own screen, or the sweep's (curves of the best trials). */
const SCREENS = {
  trial: { plot: '[data-plot="trial-curve"][data-metric="val_loss"]', hash: (sweepId: number, trialId: number) => `#/trials/${trialId}` },
  sweep: { plot: '[data-plot="curves"]', hash: (sweepId: number) => `#/sweeps/${sweepId}` },
} as const
type Screen = keyof typeof SCREENS
const STEPS = 32
const STEP_MS = 400
/** Points reported before the screen's first draw are not live updates; neither are the first few after it. */
const SKIP_AFTER_FIRST_DRAW = 2

interface DrawRecord {
  /** Epoch ms in the page when the draw finished. */
  t: number
  /** Highest step on any trace of the drawn figure. */
  maxStep: number
}

interface LiveResult {
  /** Per live point: first draw showing it minus its row's wall time. */
  fromCommit: number[]
  /** Per point: its row's wall time minus when the trial printed it (the engine's read and parse). */
  readLag: number[]
  draws: number
}

/**
 * Live latency: a command trial reports one point every 400 ms while a screen showing its curve is
 * open in Chromium; for each point, the time from its row's wall time in the store (set when the
 * engine read it off the trial's stdout) to the first finished draw of a figure that contains it.
 * Measured on the trial's screen and on the sweep's, one live sweep each.
 */
export async function benchUiLiveLatency(): Promise<Record<string, number>> {
  buildRendererIfStale()
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-bench-live-'))
  let server: BrowserModeServer | undefined
  let browser: Browser | undefined
  try {
    server = await startServer(join(dir, 'bench.db'))
    browser = await launchChromium()
    const out: Record<string, number> = {}
    const readLag: number[] = []
    for (const screen of Object.keys(SCREENS) as Screen[]) {
      const r = await measureLive(server, browser, join(dir, 'bench.db'), dir, screen)
      process.stderr.write(`  ${screen} screen: ${r.fromCommit.length} points, ${r.draws} draws; commit → drawn ms: ${r.fromCommit.map((v) => v.toFixed(0)).join(' ')}\n`)
      out[`ui_live_${screen}_points`] = r.fromCommit.length
      out[`ui_live_${screen}_median_ms`] = quantile(r.fromCommit, 0.5)
      out[`ui_live_${screen}_p95_ms`] = quantile(r.fromCommit, 0.95)
      out[`ui_live_${screen}_max_ms`] = Math.max(...r.fromCommit)
      readLag.push(...r.readLag)
    }
    out.ui_live_engine_read_median_ms = quantile(readLag, 0.5)
    return out
  } finally {
    await browser?.close()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function measureLive(server: BrowserModeServer, browser: Browser, dbPath: string, dir: string, screen: Screen): Promise<LiveResult> {
  const { plot, hash } = SCREENS[screen]
  const timesFile = join(dir, `printed-${screen}.jsonl`)
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
  try {
    const page = await context.newPage()
    const failures: string[] = []
    page.on('pageerror', (e) => failures.push(e.message))
    await page.goto(server.url)
    await page.locator('header.app-header').waitFor()

    const text = trialSpec({ name: `live-${screen}`, runCap: 1, workers: 1, steps: STEPS, stepMs: STEP_MS, env: { SWEEPLAB_E2E_TIMES: timesFile } })
    const { sweepId } = await callApi(server, 'createSweep', { text, fileName: join(dir, `live-${screen}.yaml`) })
    const trial = await pollUntil(async () => (await callApi(server, 'getTrials', { sweepId })).find((t) => t.status === 'running'), {
      what: `the trial of sweep ${sweepId} to start`,
    })
    // Record every finished draw of the curve, from the page itself, from before the screen mounts.
    await page.evaluate(({ sel, to }) => {
      const draws: DrawRecord[] = []
      window.__benchDraws = draws
      let seen = 0
      const obs = new MutationObserver(() => {
        // The card or the Plotly div itself carries `data-plot`; the draw count and figure are on the div.
        const host = document.querySelector(sel)
        const gd = (host?.querySelector('.js-plotly-plot') ?? host) as PagePlotElement | null
        const n = Number(gd?.dataset.draws ?? 0)
        if (!gd || n === seen) return
        seen = n
        let maxStep = -Infinity
        for (const trace of (gd.data ?? []) as Array<{ x?: ArrayLike<number> }>) {
          const xs = trace.x ?? []
          for (let i = 0; i < xs.length; i++) maxStep = Math.max(maxStep, Number(xs[i]))
        }
        draws.push({ t: Date.now(), maxStep })
      })
      obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-draws'] })
      location.hash = to
    }, { sel: plot, to: hash(sweepId, trial.id) })

    await pollUntil(async () => (await callApi(server, 'getTrial', { trialId: trial.id })).endedAt !== null, {
      what: `trial ${trial.id} to end`,
      timeoutMs: STEPS * STEP_MS + 60_000,
    })
    // The last points reach the screen within the throttle interval plus a draw.
    await new Promise((r) => setTimeout(r, 4000))
    const draws = (await page.evaluate(() => window.__benchDraws ?? [])) as DrawRecord[]
    if (failures.length) throw new Error(`the ${screen} screen threw: ${failures.join('; ')}`)
    if (draws.length === 0) throw new Error(`${plot} never drew on ${hash(sweepId, trial.id)}`)

    const committed = readWallTimes(dbPath, trial.id)
    const printed = new Map(readFileSync(timesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; t: number }).map((r) => [r.step, r.t]))
    const firstDraw = draws[0]!
    const fromCommit: number[] = []
    const missed: number[] = []
    for (const [step, wall] of committed) {
      if (step <= firstDraw.maxStep + SKIP_AFTER_FIRST_DRAW) continue
      const shown = draws.find((d) => d.maxStep >= step)
      if (shown) fromCommit.push(shown.t - wall)
      else missed.push(step)
    }
    if (missed.length) throw new Error(`${screen} screen: steps ${missed.join(', ')} were stored but never drawn (the last draw showed step ${draws.at(-1)!.maxStep})`)
    if (fromCommit.length < 15) throw new Error(`${screen} screen: only ${fromCommit.length} live points were measured (it first drew at step ${firstDraw.maxStep})`)
    const readLag = [...committed].flatMap(([step, wall]) => (printed.has(step) ? [wall - printed.get(step)!] : []))
    return { fromCommit, readLag, draws: draws.length }
  } finally {
    await context.close()
  }
}

/** step → wall time of the trial's `val_loss` rows (read while the server still has the file open: WAL readers do not block it). */
function readWallTimes(dbPath: string, trialId: number): Map<number, number> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT step, wall_time FROM metrics WHERE trial_id = ? AND name = ? ORDER BY step').all(trialId, 'val_loss') as Array<{ step: number; wall_time: number }>
    return new Map(rows.map((r) => [r.step, r.wall_time]))
  } finally {
    db.close()
  }
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo)
}
