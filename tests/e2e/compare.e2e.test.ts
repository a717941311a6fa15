import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trialSpec } from './fixtures/specs.ts'
import { expectPlotDrew, plotData, screenshot, screenshotPlot } from './support/plots.ts'
import { pollUntil } from './support/poll.ts'
import { startSession, type E2eSession } from './support/session.ts'

let s: E2eSession
let a: number
let b: number

beforeAll(async () => {
  s = await startSession(async (ws) => {
    a = (await ws.runSweep(ws.write('a.yaml', trialSpec({ name: 'e2e-compare-a', runCap: 16, steps: 4, seed: 3 })))).id
    // B swaps optimizer for momentum: one parameter each sweep lacks.
    const textB = trialSpec({ name: 'e2e-compare-b', runCap: 12, steps: 4, seed: 8 }).replace('  optimizer:\n    values: [adam, sgd, rmsprop]', '  momentum:\n    values: [0.9, 0.99]')
    expect(textB).toContain('momentum')
    b = (await ws.runSweep(ws.write('b.yaml', textB))).id
  })
})
afterAll(async () => {
  await s?.close()
})

type Dimension = { label: string; values: number[]; ticktext?: string[] }

describe('compare view', () => {
  it('ticking two sweeps in the list opens them side by side: overlaid parcoords with absent parameters marked, overlaid history, tables', async () => {
    const { page, assertNoErrors } = await s.open('#/')
    await page.getByLabel('Select e2e-compare-a to compare').check()
    await page.getByLabel('Select e2e-compare-b to compare').check()
    await page.getByRole('link', { name: 'Compare 2 sweeps' }).click()
    await expectPlotDrew(page, 'compare-parcoords')
    await expectPlotDrew(page, 'compare-history')
    const [pc] = await plotData<Array<{ dimensions: Dimension[] }>>(page, 'compare-parcoords')
    const labels = pc!.dimensions.map((d) => d.label)
    expect(labels).toEqual(['batch', 'dropout', 'layers', 'lr (log)', 'momentum (B only)', 'optimizer (A only)', 'val_loss'])
    expect(pc!.dimensions[4]!.ticktext![0]).toBe('(absent)')
    expect(pc!.dimensions[0]!.values).toHaveLength(28)
    const rows = page.locator('.compare-params tbody tr')
    await pollUntil(async () => (await rows.count()) === 8, { what: 'eight parameter rows (six shared, steps and step_ms among them)' })
    expect(await rows.filter({ hasText: 'momentum' }).locator('td').nth(1).textContent()).toBe('(absent)')
    const best = await s.api('compareSweeps', { sweeps: [{ sweepId: a }, { sweepId: b }] })
    const bestText = await page.locator('.compare-table').first().locator('tbody tr').first().textContent()
    expect(bestText).toContain(String(Number(best.sweeps[0]!.bestValue!.toPrecision(4))))
    await screenshot(page, 'f0-compare')
    await screenshotPlot(page, 'compare-parcoords', 'f0-plot-compare-parcoords')
    await screenshotPlot(page, 'compare-history', 'f0-plot-compare-history')
    assertNoErrors()
  })
})

describe('contour and slices in the sweep detail', () => {
  it('draws the contour of val_loss over two parameters with the trials on top, and one slice per parameter', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${a}`)
    await expectPlotDrew(page, 'parcoords')
    const contour = await expectPlotDrew(page, 'contour')
    expect(contour.traceTypes.slice(0, 2)).toEqual(['contour', 'scatter'])
    await page.getByLabel('Contour x parameter').selectOption('lr')
    await page.getByLabel('Contour y parameter').selectOption('dropout')
    await pollUntil(async () => {
      const [map] = await plotData<Array<{ z?: number[][] }>>(page, 'contour')
      return (map?.z?.length ?? 0) === 40
    }, { what: 'a 40-row contour grid over lr and dropout' })
    const slices = await expectPlotDrew(page, 'slices')
    expect(slices.traceTypes.filter((t) => t === 'scatter').length).toBeGreaterThanOrEqual(5)
    await page.locator('[data-plot="contour"]').scrollIntoViewIfNeeded()
    await screenshotPlot(page, 'contour', 'f1-plot-contour')
    await screenshotPlot(page, 'slices', 'f1-plot-slices')
    assertNoErrors()
  })
})
