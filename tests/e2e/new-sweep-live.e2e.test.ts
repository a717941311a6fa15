import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trialSpec } from './fixtures/specs.ts'
import { pollUntil } from './support/poll.ts'
import { expectPlotDrew, plotData, screenshot } from './support/plots.ts'
import { startSession, type E2eSession } from './support/session.ts'
import { editorText, replaceEditorText, sweepProgress, trialCount, trialRows, visibleTrialIds, waitForSweepRoute } from './support/ui.ts'

const RUN_CAP = 10
// The new-sweep screen's action bar is sticky: a full-page shot would draw it mid-form.
const VIEWPORT_ONLY = { fullPage: false }
/**
 * ~1.2 s per trial (10 points, 100 ms apart, plus Node's start), 2 at a time: about 6 s in all, so
 * the screen's ≤ 1 update/s throttle has several chances to show progress, even on a loaded machine.
 */
const LIVE_SPEC = trialSpec({ name: 'e2e-live', runCap: RUN_CAP, workers: 2, steps: 10, stepMs: 100, seed: 3 })

let s: E2eSession

beforeAll(async () => {
  s = await startSession()
})
afterAll(async () => {
  await s?.close()
})

describe('new sweep → live sweep detail', () => {
  it('loads an example, flags a bad key with its line, takes a form edit, starts the sweep and shows trials and progress live', async () => {
    const { page, assertNoErrors } = await s.open('#/new')
    const editor = page.locator('[data-testid="yaml-editor"] .cm-content')
    await editor.waitFor()

    // An example replaces the draft and is what the engine validates.
    await page.locator('select[aria-label="Example"]').selectOption('quadratic-node')
    await pollUntil(async () => (await editorText(page)).includes('name: quadratic-node'), { what: 'the quadratic-node example in the editor' })
    expect(new URL(page.url()).hash).toBe('#/new?example=quadratic-node')
    const start = page.getByRole('button', { name: 'Start sweep', exact: true })
    await pollUntil(() => start.isEnabled(), { what: 'the example to validate (Start sweep enabled)' })
    await screenshot(page, 'a1-new-sweep-example', VIEWPORT_ONLY)

    // A misspelt key: the engine's problem names the line and the key, and nothing can be started.
    const typo = LIVE_SPEC.replace(`run_cap: ${RUN_CAP}`, `run_capp: ${RUN_CAP}`)
    const typoLine = typo.split('\n').findIndex((l) => l.startsWith('run_capp')) + 1
    await replaceEditorText(page, typo)
    const problem = page.locator('[data-testid="spec-problem"]')
    await problem.first().waitFor({ timeout: 15_000 })
    const problemText = (await problem.allTextContents()).join(' | ')
    expect(problemText).toContain('run_capp')
    expect(problemText).toContain(`line ${typoLine}`)
    expect(await start.isDisabled()).toBe(true)
    await screenshot(page, 'a2-new-sweep-problem', VIEWPORT_ONLY)

    // Fixed in the editor, with a smaller run cap that the form then raises: the form reads the
    // YAML and writes its one key back, leaving the rest of the typed text as it was.
    await replaceEditorText(page, LIVE_SPEC.replace(`run_cap: ${RUN_CAP}`, 'run_cap: 4'))
    const runCap = page.getByLabel('Run cap', { exact: true })
    await pollUntil(async () => (await runCap.inputValue()) === '4', { what: 'the form to show the typed run_cap', describe: () => runCap.inputValue() })
    await runCap.fill(String(RUN_CAP))
    await runCap.blur()
    await pollUntil(async () => (await editorText(page)).includes(`run_cap: ${RUN_CAP}`), { what: `the form's run cap in the YAML`, describe: () => editorText(page) })
    await pollUntil(async () => (await problem.count()) === 0 && (await start.isEnabled()), { what: 'the fixed file to validate', timeoutMs: 15_000 })
    await screenshot(page, 'a3-new-sweep-valid', VIEWPORT_ONLY)

    await start.click()
    const sweepId = await waitForSweepRoute(page)
    // Set once: if the page reloaded, the marker would be gone.
    await page.evaluate(() => {
      ;(globalThis as unknown as { __e2eNoReload: boolean }).__e2eNoReload = true
    })
    const created = await s.api('getSweep', { sweepId })
    expect(created.specText).toBe(LIVE_SPEC)

    // Watch without reloading: rows, the "N of M" count and the progress bar must move on their own.
    const timeline: Array<{ t: number; rows: number; done: number | null; count: string | null }> = []
    let midShot = false
    const t0 = Date.now()
    await pollUntil(async () => {
      const progress = await sweepProgress(page)
      const rows = await trialRows(page).count()
      const count = await trialCount(page)
      timeline.push({ t: Date.now() - t0, rows, done: progress?.done ?? null, count: count?.text ?? null })
      if (!midShot && progress && progress.done >= 2 && progress.done < RUN_CAP) {
        midShot = true
        await screenshot(page, 'a4-sweep-live')
      }
      return progress?.done === RUN_CAP && rows === RUN_CAP
    }, { what: `all ${RUN_CAP} trials to finish on screen`, timeoutMs: 60_000, intervalMs: 150, describe: () => JSON.stringify(timeline.at(-1)) })

    const between = new Set(timeline.map((x) => x.done).filter((d): d is number => d !== null && d > 0 && d < RUN_CAP))
    expect(between.size, `progress seen: ${JSON.stringify(timeline)}`).toBeGreaterThanOrEqual(2)
    expect(timeline.some((x) => x.rows > 0 && x.rows < RUN_CAP), `rows seen: ${JSON.stringify(timeline.map((x) => x.rows))}`).toBe(true)
    expect(await page.evaluate(() => (globalThis as unknown as { __e2eNoReload?: boolean }).__e2eNoReload)).toBe(true)

    // What the screen shows is what the store holds.
    const trials = await s.api('getTrials', { sweepId })
    expect(trials.map((t) => t.status)).toEqual(Array(RUN_CAP).fill('completed'))
    expect([...(await visibleTrialIds(page))].sort((a, b) => a - b)).toEqual(trials.map((t) => t.id).sort((a, b) => a - b))
    expect((await trialCount(page))?.text).toMatch(new RegExp(`^${RUN_CAP} of ${RUN_CAP} trials`))

    await expectPlotDrew(page, 'parcoords')
    // Redraws are throttled (≤ 1/s): the last trial's line arrives with the next one.
    await pollUntil(async () => {
      const figure = await plotData<Array<{ dimensions: Array<{ values: number[] }> }>>(page, 'parcoords')
      return figure[0]?.dimensions[0]?.values.length === RUN_CAP
    }, { what: `a parcoords line for each of the ${RUN_CAP} trials`, timeoutMs: 10_000 })
    await screenshot(page, 'a5-sweep-finished')
    assertNoErrors()
  })
})
