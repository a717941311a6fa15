import type { Locator, Page } from 'playwright-core'
import { pollUntil } from './poll.ts'

/** The trial table of the sweep detail (a table, or a grid when virtualized). */
export function trialTable(page: Page): Locator {
  return page.locator('table[aria-label="Trials"], [role="grid"][aria-label="Trials"]')
}

export function trialRows(page: Page): Locator {
  return trialTable(page).locator('[data-trial-id]')
}

/** Trial ids of the rows on screen, in table order. */
export async function visibleTrialIds(page: Page): Promise<number[]> {
  const ids = await trialRows(page).evaluateAll((rows) => rows.map((r) => Number((r as { dataset: Record<string, string> }).dataset.trialId)))
  return ids
}

/** "N of M trials" → {shown: N, total: M}; null while the count is not on screen or says something else. */
export async function trialCount(page: Page): Promise<{ shown: number; total: number; text: string } | null> {
  const el = page.locator('[data-testid="trial-count"]')
  if ((await el.count()) === 0) return null
  const text = ((await el.first().textContent()) ?? '').replace(/\s+/g, ' ').trim()
  const m = /([\d,]+) of ([\d,]+) trials?/.exec(text)
  return m ? { shown: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')), text } : null
}

export async function waitForTrialCount(page: Page, want: { shown: number; total: number }, timeoutMs = 30_000): Promise<void> {
  await pollUntil(async () => {
    const c = await trialCount(page)
    return c !== null && c.shown === want.shown && c.total === want.total
  }, { what: `the trial count to read "${want.shown} of ${want.total} trials"`, timeoutMs, describe: async () => `it reads ${JSON.stringify((await trialCount(page))?.text ?? null)}` })
}

/** The sweep's progress bar (role=progressbar): done and total from its ARIA values. */
export async function sweepProgress(page: Page): Promise<{ done: number; total: number | null } | null> {
  const bar = page.locator('main [role="progressbar"]').first()
  if ((await bar.count()) === 0) return null
  const now = await bar.getAttribute('aria-valuenow')
  const max = await bar.getAttribute('aria-valuemax')
  return now === null ? null : { done: Number(now), total: max === null ? null : Number(max) }
}

/** The sweep id of `#/sweeps/ID`, once the page shows that route. */
export async function waitForSweepRoute(page: Page, timeoutMs = 30_000): Promise<number> {
  return pollUntil(async () => {
    const m = /^#\/sweeps\/(\d+)$/.exec(new URL(page.url()).hash)
    return m ? Number(m[1]) : false
  }, { what: 'the app to show #/sweeps/ID', timeoutMs, describe: () => `at ${page.url()}` })
}

/** Replaces the CodeMirror document: select all, then one text insertion (no auto-indent, no bracket closing). */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('[data-testid="yaml-editor"] .cm-content')
  await content.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.insertText(text)
}

/** The lines CodeMirror rendered (the whole document, for the short files used here). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page.locator('[data-testid="yaml-editor"] .cm-line').allTextContents()
  return lines.join('\n')
}
