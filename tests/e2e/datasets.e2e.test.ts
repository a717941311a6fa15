import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pollUntil } from './support/poll.ts'
import { screenshot } from './support/plots.ts'
import { startSession, type E2eSession } from './support/session.ts'

let s: E2eSession

beforeAll(async () => {
  s = await startSession()
})
afterAll(async () => {
  await s?.close()
})

const int = (n: number) => n.toLocaleString('en-US')

describe('datasets screen', () => {
  it('lists the built-in datasets and shows each one\'s report as the engine computed it', async () => {
    const builtins = (await s.api('listDatasets', {})).filter((d) => d.builtin)
    expect(builtins.length).toBeGreaterThan(0)
    const { page, assertNoErrors } = await s.open('#/datasets')
    const list = page.locator('nav[aria-label="Datasets"]')
    await list.waitFor({ timeout: 30_000 })
    await screenshot(page, 'e0-datasets')

    for (const info of builtins) {
      const row = list.locator('tr').filter({ has: page.getByRole('link', { name: info.name, exact: true }) })
      expect(await row.locator('td.num').first().textContent()).toBe(int(info.rows))
      await row.getByRole('link', { name: info.name, exact: true }).click()
      await pollUntil(() => new URL(page.url()).hash === `#/datasets/${encodeURIComponent(info.name)}`, { what: `#/datasets/${info.name}` })

      const { report } = await s.api('getDataset', { name: info.name })
      const article = page.locator('article[aria-labelledby="dataset-title"]')
      const figure = (label: string) => article.locator('.report-numbers div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd')
      await figure('Rows read').waitFor({ timeout: 60_000 })
      expect(await article.locator('#dataset-title').textContent()).toBe(info.name)
      expect(await figure('Rows read').textContent()).toBe(int(report.rows))
      expect(await figure('Exact duplicates').textContent()).toMatch(new RegExp(`^${int(report.duplicates)} `))
      if (report.pii) expect(await figure('Rows with PII').textContent()).toMatch(new RegExp(`^${int(report.pii.rows)} `))
      // One row per column of the report, named as the engine named them.
      const columns = await article.locator('.columns-table tbody th').allTextContents()
      expect(columns).toEqual(report.columns.map((c) => c.name))
      if (report.balance) {
        const balance = article.locator('section[aria-labelledby="report-balance"]')
        for (const c of report.balance.classes) expect(await balance.textContent()).toContain(c.label)
      }
      await screenshot(page, `e-dataset-${info.name}`)
    }
    assertNoErrors()
  })
})
