import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrialSummary } from '../../shared/api/types.ts'
import { trialSpec } from './fixtures/specs.ts'
import { runCliOk } from './support/cli.ts'
import { pollUntil } from './support/poll.ts'
import { drawCount, expectPlotDrew, plotData, plotLocator, screenshot, screenshotPlot } from './support/plots.ts'
import { startSession, type E2eSession } from './support/session.ts'
import { trialCount, trialRows, visibleTrialIds, waitForTrialCount } from './support/ui.ts'

const TRIALS = 24

let s: E2eSession
let sweepId: number
let trials: TrialSummary[]

beforeAll(async () => {
  s = await startSession(async (ws) => {
    const summary = await ws.runSweep(ws.write('seeded.yaml', trialSpec({ name: 'e2e-seeded', runCap: TRIALS, steps: 12 })))
    sweepId = summary.id
  })
  trials = await s.api('getTrials', { sweepId })
  expect(trials.filter((t) => t.status === 'completed' && t.finalValue !== null)).toHaveLength(TRIALS)
})
afterAll(async () => {
  await s?.close()
})

type Dimension = { label: string; values: number[]; constraintrange?: [number, number] | Array<[number, number]> }

describe('sweep detail', () => {
  it('draws its parallel coordinates, loss curves, scatter and history plots', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    await waitForTrialCount(page, { shown: TRIALS, total: TRIALS })
    for (const name of ['parcoords', 'curves', 'scatter', 'history'] as const) await expectPlotDrew(page, name)
    const [pc] = await plotData<Array<{ dimensions: Dimension[] }>>(page, 'parcoords')
    // One line per trial, one axis per varying parameter plus the metric.
    expect(pc!.dimensions.map((d) => d.label.replace(/ \(log\)$/, '')).sort()).toEqual(['batch', 'dropout', 'layers', 'lr', 'optimizer', 'val_loss'])
    expect(pc!.dimensions[0]!.values).toHaveLength(TRIALS)
    await screenshot(page, 'b0-sweep-detail')
    for (const name of ['parcoords', 'curves', 'scatter', 'history'] as const) await screenshotPlot(page, name, `b0-plot-${name}`)
    assertNoErrors()
  })

  it('brushing the dropout axis with the mouse filters the trial table to the trials in the range', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    await expectPlotDrew(page, 'parcoords')
    await waitForTrialCount(page, { shown: TRIALS, total: TRIALS })

    const axis = plotLocator(page, 'parcoords').locator('g.y-axis').filter({ has: page.locator('text.axis-title', { hasText: /^dropout$/ }) })
    expect(await axis.count()).toBe(1)
    const box = await axis.locator('.axis-brush rect.background').boundingBox()
    if (!box) throw new Error('the dropout axis has no brush area on screen')
    const x = box.x + box.width / 2
    await page.mouse.move(x, box.y + box.height * 0.25)
    await page.mouse.down()
    await page.mouse.move(x, box.y + box.height * 0.45, { steps: 6 })
    await page.mouse.move(x, box.y + box.height * 0.65, { steps: 6 })
    await page.mouse.up()

    // The range Plotly recorded for the drag, in dropout's own units.
    const range = await pollUntil(async () => {
      const [pc] = await plotData<Array<{ dimensions: Dimension[] }>>(page, 'parcoords')
      const c = pc!.dimensions.find((d) => d.label === 'dropout')?.constraintrange
      if (!c) return false
      return (Array.isArray(c[0]) ? c[0] : c) as [number, number]
    }, { what: 'a constraint range on the dropout axis' })
    const expected = trials.filter((t) => t.finalValue !== null && (t.params.dropout as number) >= range[0] && (t.params.dropout as number) <= range[1]).map((t) => t.id)
    expect(expected.length, `trials in [${range}]`).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(TRIALS)

    await waitForTrialCount(page, { shown: expected.length, total: TRIALS })
    await pollUntil(async () => (await trialRows(page).count()) === expected.length, { what: `${expected.length} rows in the table` })
    expect((await visibleTrialIds(page)).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b))
    await screenshot(page, 'b1-parcoords-brushed')
    assertNoErrors()
  })

  it('clicking the best trial\'s row opens its screen with its curves drawn from the stored points', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    await waitForTrialCount(page, { shown: TRIALS, total: TRIALS })
    const { bestTrialId } = await s.api('getSweep', { sweepId })
    if (bestTrialId === null) throw new Error('the seeded sweep has no best trial')
    const row = trialRows(page).and(page.locator(`[data-trial-id="${bestTrialId}"]`))
    const link = row.locator(`a[href="#/trials/${bestTrialId}"]`)
    await ((await link.count()) > 0 ? link.first() : row).click()
    await pollUntil(() => new URL(page.url()).hash === `#/trials/${bestTrialId}`, { what: `#/trials/${bestTrialId}`, describe: () => page.url() })

    for (const metric of ['val_loss', 'loss']) {
      const target = { name: 'trial-curve', metric } as const
      await expectPlotDrew(page, target)
      const [stored] = await s.api('getMetricSeries', { trialIds: [bestTrialId], metric })
      const traces = await plotData<Array<{ x: number[]; y: number[] }>>(page, target)
      const raw = traces.find((t) => JSON.stringify(t.y) === JSON.stringify(stored!.values))
      expect(raw, `a ${metric} trace with the stored values ${JSON.stringify(stored!.values)}`).toBeDefined()
      expect(raw!.x).toEqual(stored!.steps)
    }
    await screenshot(page, 'c1-trial-detail')
    assertNoErrors()
  })

  it('exports the best config (yaml, json, args) and the trials CSV byte for byte as `sweeplab export` prints them', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    const panel = page.locator('section[aria-label="Export"]')
    await panel.waitFor({ timeout: 30_000 })
    const output = panel.locator('pre[data-testid="export-output"]')

    const exportAndCompare = async (args: string[], format: string, shot: string) => {
      const cli = await runCliOk(['export', String(sweepId), ...args, '--format', format, '--db', s.ws.dbPath])
      await panel.locator('select[aria-label="Export format"]').selectOption(format)
      await pollUntil(async () => (await output.textContent()) === cli, {
        what: `the ${format} export on screen to equal the CLI's`,
        timeoutMs: 15_000,
        describe: async () => `screen: ${JSON.stringify(await output.textContent())}\ncli: ${JSON.stringify(cli)}`,
      })
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Save…' }).click()])
      const saved = await readFile((await download.path())!, 'utf8')
      expect(saved).toBe(cli)
      await screenshot(page, shot)
    }

    for (const format of ['yaml', 'json', 'args']) await exportAndCompare(['--best'], format, `d-export-best-${format}`)
    await panel.getByRole('radio', { name: 'Trials' }).check()
    await exportAndCompare(['--trials'], 'csv', 'd-export-trials-csv')
    assertNoErrors()
  })

  it('dark theme: the detail screen and its plots switch to light text on a dark background', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    const plots = ['parcoords', 'curves', 'scatter', 'history'] as const
    const before = new Map<string, number>()
    for (const name of plots) {
      await expectPlotDrew(page, name)
      before.set(name, await drawCount(page, name))
    }
    const toggle = page.locator('button.theme-toggle')
    await pollUntil(async () => {
      if ((await toggle.textContent()) === 'Theme: dark') return true
      await toggle.click()
      return false
    }, { what: 'the theme toggle to reach "Theme: dark"' })
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    // Every plot redraws with the theme's colours.
    for (const name of plots) await expectPlotDrew(page, name, { minDraws: before.get(name)! + 1 })

    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number)
      return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255
    }
    const background = await page.evaluate(() => {
      const g = globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string }; document: { body: unknown } }
      return g.getComputedStyle(g.document.body).backgroundColor
    })
    const tickFill = await plotLocator(page, 'parcoords').locator('g.y-axis text').first().evaluate((el) => {
      const g = globalThis as unknown as { getComputedStyle: (e: unknown) => { fill: string } }
      return g.getComputedStyle(el).fill
    })
    // Grid lines stay in the background: a light grid on a dark page is louder than the data.
    const gridStrokes = await plotLocator(page, 'history').locator('.gridlayer path').evaluateAll((paths) => {
      const g = globalThis as unknown as { getComputedStyle: (e: unknown) => { stroke: string; strokeOpacity: string } }
      return paths.map((p) => ({ stroke: g.getComputedStyle(p).stroke, opacity: Number(g.getComputedStyle(p).strokeOpacity || 1) }))
    })
    expect(luminance(background), `body background ${background}`).toBeLessThan(0.25)
    expect(luminance(tickFill), `parcoords tick text ${tickFill}`).toBeGreaterThan(0.6)
    expect(gridStrokes.length).toBeGreaterThan(0)
    for (const { stroke, opacity } of gridStrokes) {
      // What the eye gets: the stroke blended over the page at its opacity.
      const seen = luminance(background) + (luminance(stroke) - luminance(background)) * opacity
      expect(seen, `history grid line ${stroke} at opacity ${opacity}`).toBeLessThan(0.5)
    }
    expect((await trialCount(page))?.shown).toBe(TRIALS)
    await screenshot(page, 'f1-sweep-detail-dark')
    for (const name of plots) await screenshotPlot(page, name, `f1-plot-${name}-dark`)
    assertNoErrors()
  })
})
