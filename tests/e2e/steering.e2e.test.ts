import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trialSpec } from './fixtures/specs.ts'
import { pollUntil } from './support/poll.ts'
import { screenshot } from './support/plots.ts'
import { startSession, type E2eSession } from './support/session.ts'
import { waitForTrialCount } from './support/ui.ts'

let s: E2eSession
let sweepId: number

beforeAll(async () => {
  s = await startSession(async (ws) => {
    sweepId = (await ws.runSweep(ws.write('steer.yaml', trialSpec({ name: 'e2e-steer', runCap: 6, steps: 4 })))).id
  })
})
afterAll(async () => {
  await s?.close()
})

describe('steering a sweep in the app', () => {
  it('edits the run cap in the dialog (checked live), then reruns the best config with two seeds', async () => {
    const { page, assertNoErrors } = await s.open(`#/sweeps/${sweepId}`)
    await waitForTrialCount(page, { shown: 6, total: 6 })
    await page.getByRole('button', { name: 'Edit sweep…' }).click()
    const dialog = page.locator('dialog.edit-sweep-dialog')
    await dialog.locator('input[name=run_cap]').fill('10')
    await dialog.locator('.edit-sweep-preview').getByText('4 trials left to sample').waitFor({ timeout: 20_000 })
    expect(await dialog.locator('.edit-sweep-changes li').allTextContents()).toEqual(['run_cap: 6 → 10'])
    await dialog.locator('.edit-sweep-note input').fill('more trials')
    await dialog.screenshot({ path: 'tests/e2e/output/steer-edit-dialog.png' })
    await dialog.getByRole('button', { name: 'Save version 2' }).click()
    await page.getByText('Saved config version 2; new trials sample from it.').waitFor()
    await page.locator('table.versions-table tbody tr').nth(1).waitFor()
    expect(await page.locator('table.versions-table tbody tr').count()).toBe(2)

    await page.locator('input[aria-label="Best configs"]').fill('1')
    await page.locator('input[aria-label="Seeds each"]').fill('2')
    await page.locator('.rerun-best-form').getByRole('button', { name: 'Rerun' }).click()
    await page.getByText('2 reruns queued; running now.').waitFor()
    await pollUntil(async () => (await s.api('getTrials', { sweepId })).filter((t) => t.rerunOf !== null && t.status === 'completed').length === 2, { what: 'two finished reruns', timeoutMs: 60_000 })
    await waitForTrialCount(page, { shown: 8, total: 8 })
    expect(await page.locator('table.trial-table td[data-version]').filter({ hasText: 'rerun of' }).count()).toBe(2)
    await screenshot(page, 'steer-sweep-detail')
    assertNoErrors()
  })

  it('offers Rerun with edits on a trial page', async () => {
    const [trial] = await s.api('getTrials', { sweepId })
    const { page, assertNoErrors } = await s.open(`#/trials/${trial!.id}`)
    await page.getByText('Rerun with edits').click()
    const form = page.locator('form.rerun-trial-form')
    await form.locator('input[name=dropout]').waitFor()
    await form.locator('input[name=layers]').fill('7')
    await form.getByText('Changed: layers.').waitFor()
    await form.screenshot({ path: 'tests/e2e/output/steer-rerun-form.png' })
    assertNoErrors()
  })
})
