// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { act } from 'react'
import type { DatasetDetail, DatasetInfo } from '../../../shared/dataset-spec.ts'
import { createFakeTransport } from '../../testing/fake-transport.ts'
import { waitFor, type Rendered } from '../../testing/render.tsx'
import { mountWithApi } from '../export/mount-with-api.tsx'
import { ADD_COMMAND, Datasets } from './datasets.tsx'

const spamInfo: DatasetInfo = {
  name: 'spam', version: null, builtin: true, format: 'csv', rows: 2400, columns: ['text', 'label', 'group', 'id'], textColumn: 'text', labelColumn: 'label',
  bytes: 2_345_678, path: '/app/resources/datasets/spam.csv', createdAt: null, description: 'SpamAssassin e-mails', license: 'Apache-2.0',
}
const reviewsInfo: DatasetInfo = { ...spamInfo, name: 'reviews', version: 1, builtin: false, rows: 500, bytes: 40_000, path: '/ws/datasets/reviews-v1.csv', createdAt: 1_700_000_000_000, description: null, license: null }
const spam: DatasetDetail = {
  ...spamInfo,
  report: {
    rows: 2400,
    columns: [
      { name: 'text', type: 'text', missing: 0, distinct: 1000 },
      { name: 'label', type: 'text', missing: 3, distinct: 2 },
    ],
    textColumn: 'text',
    labelColumn: 'label',
    textLength: { min: 12, median: 840, mean: 1203.6, max: 9000 },
    duplicates: 120,
    conflictingLabels: 4,
    nearDuplicates: { count: 36, threshold: 0.8, examples: [{ text: 'win a free prize now', twin: 'win a free prize now!!', similarity: 0.91 }] },
    pii: { found: { EMAIL: 310, URL: 95, IP: 0, CARD: 0, PHONE: 7 }, rows: 350 },
    balance: {
      classes: [{ label: 'ham', count: 1600, share: 1600 / 2397 }, { label: 'spam', count: 797, share: 797 / 2397 }],
      ratio: 2.0, threshold: 3, skewed: false, majorityShare: 1600 / 2397, missing: 3,
    },
  },
}

const text = (c: HTMLElement, sel: string) => [...c.querySelectorAll(sel)].map((e) => e.textContent)
async function typeInto(input: HTMLInputElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}
const buttonNamed = (c: HTMLElement, name: string) => [...c.querySelectorAll('button')].find((b) => b.textContent === name)!

let view: Rendered | undefined
afterEach(() => {
  view?.unmount()
  window.location.hash = ''
})

describe('Datasets', () => {
  it('lists built-in and imported datasets and shows the selected one\'s report numbers', async () => {
    const transport = createFakeTransport({ listDatasets: () => [spamInfo, reviewsInfo], getDataset: () => spam })
    view = await mountWithApi(<Datasets dataset="spam" />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.dataset-report')).not.toBeNull())

    expect(text(c, '.dataset-table tbody tr td:first-child')).toEqual(['spam', 'reviews'])
    expect(c.querySelector('.dataset-table tbody tr')!.textContent).toContain('built-in')
    expect(c.querySelectorAll('.dataset-table tbody tr')[1]!.textContent).toContain('v1')
    expect(c.querySelector('.dataset-table a[aria-current=page]')!.textContent).toBe('spam')

    const numbers = Object.fromEntries([...c.querySelectorAll('.report-numbers:not(.compact) > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]))
    expect(numbers).toEqual({
      'Rows read': '2,400',
      'Exact duplicates': '120 (5.0%)',
      'Near-duplicates': '36 more (Jaccard ≥ 0.8)',
      'Rows after dedup': '2,244 (93.5%)',
      'Conflicting labels': '4',
      'Rows with PII': '350 (14.6%)',
    })
    expect(text(c, '.pii-list li')).toEqual(['EMAIL 310', 'URL 95', 'PHONE 7'])
    expect(text(c, '.balance-count')).toEqual(['1,600 (66.8%)', '797 (33.2%)'])
    const widths = [...c.querySelectorAll<HTMLElement>('.balance-fill')].map((b) => b.style.width)
    expect(widths).toEqual(['100.0%', '49.8%'])
    expect(c.textContent).toContain('3 rows have no label')
    expect(text(c, '.columns-table tbody tr').map((r) => r)).toEqual(['texttexttext01,000+', 'labeltextlabel3 (0.1%)2'])
    expect(text(c, '.report-numbers.compact dd')).toEqual(['12', '840', '1,204', '9,000'])
    expect(transport.calls.find((x) => x.method === 'getDataset')!.args).toEqual({ name: 'spam' })
  })

  it('flags a skewed label', async () => {
    const skewed: DatasetDetail = { ...spam, report: { ...spam.report, balance: { ...spam.report.balance!, ratio: 7.5, skewed: true, majorityShare: 0.88 } } }
    view = await mountWithApi(<Datasets dataset="spam" />, createFakeTransport({ listDatasets: () => [spamInfo], getDataset: () => skewed }))
    await waitFor(() => expect(view!.container.querySelector('.balance-verdict.skewed')?.textContent).toContain('7.5×'))
    expect(view.container.querySelector('.balance-verdict')!.textContent).toContain('88.0%')
  })

  it('shows the engine\'s error under the add form and keeps what was typed', async () => {
    const transport = createFakeTransport({
      listDatasets: () => [spamInfo],
      addDataset: () => { throw new Error('/data/missing.csv: no such file or folder') },
    })
    view = await mountWithApi(<Datasets />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.dataset-table')).not.toBeNull())
    await act(async () => buttonNamed(c, 'Add dataset…').click())
    const path = c.querySelector<HTMLInputElement>('.add-dataset input')!
    await typeInto(path, '/data/missing.csv')
    const label = [...c.querySelectorAll<HTMLInputElement>('.add-dataset input')].at(-1)!
    await typeInto(label, 'category')
    await act(async () => buttonNamed(c, 'Add dataset').click())

    await waitFor(() => expect(c.querySelector('.add-dataset [role=alert]')?.textContent).toContain('/data/missing.csv: no such file or folder'))
    expect(transport.calls.find((x) => x.method === 'addDataset')!.args).toEqual({ path: '/data/missing.csv', name: 'missing', label: 'category' })
    expect(path.value).toBe('/data/missing.csv')
  })

  it('checks the path before asking the engine', async () => {
    const transport = createFakeTransport({ listDatasets: () => [spamInfo] })
    view = await mountWithApi(<Datasets />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.dataset-table')).not.toBeNull())
    await act(async () => buttonNamed(c, 'Add dataset…').click())
    await typeInto(c.querySelector<HTMLInputElement>('.add-dataset input')!, 'data/reviews.csv')
    await act(async () => buttonNamed(c, 'Add dataset').click())
    expect(c.querySelector('.field-error')!.textContent).toMatch(/full path/)
    expect(transport.calls.some((x) => x.method === 'addDataset')).toBe(false)
  })

  it('opens the new dataset once it is added', async () => {
    const added = { ...spam, name: 'reviews', version: 1, builtin: false, unchanged: false }
    const transport = createFakeTransport({ listDatasets: () => [spamInfo], addDataset: () => added })
    view = await mountWithApi(<Datasets />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelector('.dataset-table')).not.toBeNull())
    await act(async () => buttonNamed(c, 'Add dataset…').click())
    await typeInto(c.querySelector<HTMLInputElement>('.add-dataset input')!, '/home/me/Reviews.csv')
    await act(async () => buttonNamed(c, 'Add dataset').click())
    await waitFor(() => expect(window.location.hash).toBe('#/datasets/reviews'))
    expect(c.querySelector('.add-dataset')).toBeNull()
    await waitFor(() => expect(transport.calls.filter((x) => x.method === 'listDatasets')).toHaveLength(2))
  })

  it('reads an older version when picked', async () => {
    const v2: DatasetInfo = { ...reviewsInfo, version: 2 }
    const transport = createFakeTransport({
      listDatasets: () => [spamInfo, v2],
      getDataset: ({ name, version }) => ({ ...spam, name, version: version ?? 2, builtin: false, report: { ...spam.report, rows: version === 1 ? 400 : 500 } }),
    })
    view = await mountWithApi(<Datasets dataset="reviews" />, transport)
    const c = view.container
    const rows = () => c.querySelector('.report-numbers dd')?.textContent
    await waitFor(() => expect(rows()).toBe('500'))
    const picker = c.querySelector<HTMLSelectElement>('.dataset-title select')!
    expect([...picker.options].map((o) => o.textContent)).toEqual(['v2 (latest)', 'v1'])
    await act(async () => {
      picker.value = '1'
      picker.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await waitFor(() => expect(rows()).toBe('400'))
    expect(transport.calls.filter((x) => x.method === 'getDataset').map((x) => x.args)).toEqual([{ name: 'reviews' }, { name: 'reviews', version: 1 }])
  })

  it('lists every version with its counts and shows the one picked there', async () => {
    const v1: DatasetInfo = { ...reviewsInfo, version: 1, rows: 400, createdAt: 1 }
    const v2: DatasetInfo = { ...reviewsInfo, version: 2, rows: 500, createdAt: 2 }
    const transport = createFakeTransport({
      listDatasets: (args) => (args.allVersions ? [spamInfo, v2, v1] : [spamInfo, v2]),
      getDataset: ({ name, version }) => ({ ...spam, name, version: version ?? 2, builtin: false, report: { ...spam.report, rows: version === 1 ? 400 : 500 } }),
    })
    view = await mountWithApi(<Datasets dataset="reviews" />, transport)
    const c = view.container
    await waitFor(() => expect(c.querySelectorAll('.dataset-versions tbody tr')).toHaveLength(2))
    const cells = [...c.querySelectorAll('.dataset-versions tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    expect(cells.map((r) => [r[0], r[1], r[4]])).toEqual([['v2 (latest)', '500', 'dataset: reviews@2'], ['v1', '400', 'dataset: reviews@1']])
    await act(async () => buttonNamed(c, 'v1').click())
    await waitFor(() => expect(c.querySelector('.report-numbers dd')?.textContent).toBe('400'))
    expect(c.querySelector('.dataset-versions tr.selected td')!.textContent).toBe('v1')
  })

  it('explains how to add data when there is none', async () => {
    view = await mountWithApi(<Datasets />, createFakeTransport({ listDatasets: () => [] }))
    await waitFor(() => expect(view!.container.textContent).toContain('No datasets'))
    expect(view.container.querySelector('.empty-state code')!.textContent).toBe(ADD_COMMAND)
    expect(view.container.querySelector('.add-dataset')).not.toBeNull()
  })

  it('shows a dataset that cannot be read where its report would be', async () => {
    const transport = createFakeTransport({ listDatasets: () => [spamInfo], getDataset: () => { throw new Error('no dataset "nope"; known: spam') } })
    view = await mountWithApi(<Datasets dataset="nope" />, transport)
    await waitFor(() => expect(view!.container.querySelector('.dataset-detail [role=alert]')?.textContent).toContain('no dataset "nope"'))
  })
})
