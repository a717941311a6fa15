import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { useTempDir } from '../store/test-helpers.ts'
import { BUILTIN_DATASETS, builtinDatasetPath } from './builtin-datasets.ts'
import { createDatasetService, type DatasetService } from './dataset-service.ts'
import { prepareDataset } from './pipeline.ts'
import { readDataset } from './read-dataset.ts'

const dir = useTempDir()
let store: Store
let ws: string
let svc: DatasetService
beforeEach(() => {
  ws = join(dir(), 'ws')
  store = openStore(join(ws, 'workspace.db'))
  svc = createDatasetService(store, ws, { now: () => 42 })
})
afterEach(() => store.close())

const CSV = [
  'id,body,category',
  '1,"Contact me at jane@example.org or 555-123-4567 about the invoice",billing',
  '2,"contact me at  JANE@example.org or 555-123-4567 about the invoice",billing',
  '3,"The server at 10.0.0.7 is down again, restarting it now.",ops',
  '4,"Pay with 4111 1111 1111 1111 before Friday, see https://pay.example.com",billing',
  '5,"Lunch on Thursday? The usual place near the office.",social',
].join('\n')

describe('dataset service', () => {
  it('adds a CSV: copies it into the workspace, infers the columns and reports what cleaning will find', () => {
    const src = join(dir(), 'tickets.csv')
    writeFileSync(src, CSV)
    const d = svc.addDataset({ path: src, name: 'tickets' })
    expect(d).toMatchObject({ name: 'tickets', version: 1, builtin: false, format: 'csv', rows: 5, textColumn: 'body', labelColumn: 'category', createdAt: 42 })
    expect(d.path).toBe(join(ws, 'datasets', 'tickets-v1.csv'))
    expect(readFileSync(d.path, 'utf8')).toBe(CSV)
    expect(d.report.duplicates).toBe(1)
    expect(d.report.pii?.found).toEqual({ EMAIL: 2, URL: 1, IP: 1, CARD: 1, PHONE: 2 })
    expect(d.report.balance?.classes.map((c) => [c.label, c.count])).toEqual([['billing', 3], ['ops', 1], ['social', 1]])
    expect(d.report.balance?.skewed).toBe(false)
    expect(d.report.columns.find((c) => c.name === 'id')).toEqual({ name: 'id', type: 'number', missing: 0, distinct: 5 })
    expect({ ...svc.getDataset({ name: 'tickets' }), unchanged: false }).toEqual(d)
  })

  it('keeps working after the original file is gone, and workers find it by name without the database', () => {
    const src = join(dir(), 'tickets.csv')
    writeFileSync(src, CSV)
    svc.addDataset({ path: src, name: 'tickets' })
    rmSync(src)
    const ds = prepareDataset({ name: 'tickets', split: { validation: 0.2, test: 0.2 }, clean: { dedup: false } }, { workspaceDir: ws, cache: false })
    expect(ds.task).toBe('text-classification')
    expect(ds.report.source).toMatchObject({ kind: 'registered', version: 1 })
    expect(ds.labelNames).toEqual(['billing', 'ops', 'social'])
  })

  it('stores a folder of .txt files as one JSONL file', () => {
    const folder = join(dir(), 'mail')
    for (const [cls, n, text] of [['ham', 'a.txt', 'see you at noon'], ['spam', 'b.txt', 'WIN a prize now at www.win.biz']]) {
      mkdirSync(join(folder, cls as string), { recursive: true })
      writeFileSync(join(folder, cls as string, n as string), text as string)
    }
    const d = svc.addDataset({ path: folder, name: 'mail' })
    expect(d).toMatchObject({ format: 'jsonl', rows: 2, textColumn: 'text', labelColumn: 'label', path: join(ws, 'datasets', 'mail-v1.jsonl') })
    expect(readDataset(d.path).rows).toEqual([{ text: 'see you at noon', file: 'ham/a.txt', label: 'ham' }, { text: 'WIN a prize now at www.win.biz', file: 'spam/b.txt', label: 'spam' }])
  })

  it('lists built-ins first, then registered datasets', () => {
    writeFileSync(join(dir(), 'notes.txt'), 'one\n\ntwo\n')
    svc.addDataset({ path: join(dir(), 'notes.txt'), name: 'notes' })
    const all = svc.listDatasets()
    expect(all.map((d) => [d.name, d.builtin])).toEqual([['spam', true], ['moby-dick', true], ['iris', true], ['notes', false]])
    expect(all.find((d) => d.name === 'notes')).toMatchObject({ rows: 2, textColumn: 'text', labelColumn: null })
  })

  it('reports a built-in on demand: the spam set has PII, duplicates and near-duplicates', () => {
    const d = svc.getDataset({ name: 'spam' })
    expect(d.report.rows).toBe(2400)
    expect(d.report.pii?.found.EMAIL).toBeGreaterThan(2000)
    expect(d.report.nearDuplicates?.count).toBeGreaterThan(50)
    expect(d.report.balance?.classes.map((c) => [c.label, c.count])).toEqual([['ham', 1600], ['spam', 800]])
  })

  it.each([
    [{ name: 'spam' }, 'dataset/exists', /"spam" is the name of a built-in dataset/],
    [{ name: 'Bad Name' }, 'usage', /a dataset name has 1-64 lowercase letters/],
    [{ name: 'x', text: 'nope' }, 'dataset/invalid', /--text: column "nope" is not in .*tickets\.csv \(columns: id, body, category\)/],
  ])('refuses %j', (args, code, message) => {
    writeFileSync(join(dir(), 'tickets.csv'), CSV)
    try {
      svc.addDataset({ path: join(dir(), 'tickets.csv'), ...args })
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe(code)
      expect((e as Error).message).toMatch(message)
    }
  })

  it('re-adding the same content keeps the version and says so, with no stray files', () => {
    writeFileSync(join(dir(), 'tickets.csv'), CSV)
    const v1 = svc.addDataset({ path: join(dir(), 'tickets.csv'), name: 'tickets' })
    expect(v1.unchanged).toBe(false)
    const again = svc.addDataset({ path: join(dir(), 'tickets.csv'), name: 'tickets' })
    expect(again).toMatchObject({ name: 'tickets', version: 1, unchanged: true })
    expect(existsSync(join(ws, 'datasets', 'tickets-v2.csv'))).toBe(false)
    expect(store.datasets.listAllVersions()).toHaveLength(1)
  })

  it('re-adding changed content makes version n+1; the old version stays readable and columns carry over', () => {
    writeFileSync(join(dir(), 'tickets.csv'), CSV)
    svc.addDataset({ path: join(dir(), 'tickets.csv'), name: 'tickets', text: 'body', label: 'category' })
    writeFileSync(join(dir(), 'tickets.csv'), `${CSV}\n6,"A brand new ticket about the printer on floor two",ops`)
    const v2 = svc.addDataset({ path: join(dir(), 'tickets.csv'), name: 'tickets' })
    expect(v2).toMatchObject({ version: 2, rows: 6, textColumn: 'body', labelColumn: 'category', unchanged: false })
    expect(v2.path).toBe(join(ws, 'datasets', 'tickets-v2.csv'))
    expect(svc.getDataset({ name: 'tickets', version: 1 }).rows).toBe(5)
    expect(svc.getDataset({ name: 'tickets' }).version).toBe(2)
    // Going back to v1's bytes is a change relative to the latest: v3, equal in content to v1.
    writeFileSync(join(dir(), 'tickets.csv'), CSV)
    expect(svc.addDataset({ path: join(dir(), 'tickets.csv'), name: 'tickets' }).version).toBe(3)
    expect(svc.listDatasets().filter((d) => d.name === 'tickets').map((d) => d.version)).toEqual([3])
    expect(svc.listDatasets({ allVersions: true }).filter((d) => d.name === 'tickets').map((d) => [d.version, d.rows])).toEqual([[3, 5], [2, 6], [1, 5]])
    const ds = prepareDataset('tickets@2', { workspaceDir: ws, cache: false })
    expect(ds.report.source).toMatchObject({ kind: 'registered', version: 2 })
  })

  it('a changed folder of .txt files is a new version too', () => {
    const folder = join(dir(), 'notes')
    mkdirSync(folder)
    writeFileSync(join(folder, 'a.txt'), 'first note about things')
    expect(svc.addDataset({ path: folder, name: 'notes' }).version).toBe(1)
    expect(svc.addDataset({ path: folder, name: 'notes' })).toMatchObject({ version: 1, unchanged: true })
    writeFileSync(join(folder, 'b.txt'), 'second note about other things')
    expect(svc.addDataset({ path: folder, name: 'notes' })).toMatchObject({ version: 2, rows: 2, unchanged: false })
  })
})

describe('built-in datasets', () => {
  it.each(BUILTIN_DATASETS.map((b) => [b.name, b] as const))('%s reads with the rows and columns it declares', (_name, b) => {
    const raw = readDataset(builtinDatasetPath(b), { format: b.format, ...(b.textUnit ? { textUnit: b.textUnit } : {}) })
    expect(raw.rows).toHaveLength(b.rows)
    expect(raw.columns).toEqual(b.columns)
  })
})

describe('dataset: NAME@VERSION', () => {
  it('pins a version; plain NAME is the latest', async () => {
    const { normalizeDatasetSpec } = await import('./dataset-config.ts')
    expect(normalizeDatasetSpec('reviews@4')).toMatchObject({ name: 'reviews', version: 4 })
    expect(normalizeDatasetSpec('reviews').version).toBeUndefined()
    expect(() => normalizeDatasetSpec('reviews@0')).toThrow(/NAME@VERSION/)
  })
})
