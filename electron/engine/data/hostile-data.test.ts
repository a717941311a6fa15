import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf } from '../testing/error-of.ts'
import { MAX_LINE_CHARS } from './decode-text.ts'
import { checkDataset, prepareDataset } from './pipeline.ts'
import { readDataset } from './read-dataset.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-hostile-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le')
  const body = endian === 'le' ? le : Buffer.from(le).swap16()
  return bom ? Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body
}

const CSV = 'text,label\nhello there,a\ngeneral kenobi,b\n'

describe('datasets in the wrong encoding', () => {
  it.each([
    ['le', 'UTF-16 (little-endian)'],
    ['be', 'UTF-16 (big-endian)'],
  ] as const)('names UTF-16 %s with a byte order mark instead of blaming byte 0xFF', (endian, name) => {
    const p = file('u16.csv', utf16(CSV, endian, true))
    expect(errorOf(() => readDataset(p))).toEqual({ code: 'dataset/encoding', message: `${p}:1:1: the file is ${name}, by its byte order mark; save it as UTF-8` })
  })

  it('names UTF-32 with a byte order mark', () => {
    const p = file('u32.txt', Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))
    expect(errorOf(() => readDataset(p)).message).toBe(`${p}:1:1: the file is UTF-32 (little-endian), by its byte order mark; save it as UTF-8`)
  })

  it('refuses UTF-16 without a byte order mark (valid UTF-8, full of NUL bytes) at the first NUL', () => {
    const p = file('u16.jsonl', utf16('{"text":"a"}\n', 'le', false))
    expect(errorOf(() => readDataset(p))).toEqual({
      code: 'dataset/encoding',
      message: `${p}:1:2: NUL byte at byte offset 1; this is a binary file or UTF-16 without a byte order mark; save it as UTF-8 text`,
    })
  })

  it('refuses Windows-1252 curly quotes, naming line, column and byte', () => {
    const p = file('cp1252.txt', Buffer.concat([Buffer.from('fine\nhe said '), Buffer.from([0x93]), Buffer.from('hi')]))
    expect(errorOf(() => readDataset(p)).message).toBe(`${p}:2:9: invalid UTF-8 byte 0x93 at byte offset 13; save the file as UTF-8 (it may be Latin-1 or Windows-1252)`)
  })
})

describe('empty and nearly empty datasets', () => {
  it.each([
    ['a 0-byte file', 'e.csv', ''],
    ['a file of blank lines', 'b.txt', '\n\r\n \t\n'],
    ['a file holding only a UTF-8 BOM', 'bom.jsonl', '\uFEFF'],
  ])('refuses %s as empty', (_what, name, content) => {
    const p = file(name, content)
    expect(errorOf(() => readDataset(p))).toEqual({ code: 'dataset/invalid', message: `${p}: the file is empty` })
  })

  it('refuses a CSV that has a header and no rows', () => {
    const p = file('h.csv', 'text,label\n')
    expect(errorOf(() => readDataset(p))).toEqual({ code: 'dataset/invalid', message: `${p}: the header has no rows under it` })
  })
})

describe('over-long lines', () => {
  it('reads a line of exactly 1 MiB and refuses one character more, naming the line', () => {
    const ok = file('ok.txt', `a\n\n${'x'.repeat(MAX_LINE_CHARS)}\n`)
    expect(readDataset(ok).rows).toHaveLength(2)
    const bad = file('bad.csv', `text,label\n"${'x'.repeat(MAX_LINE_CHARS)}",a\n`)
    const started = performance.now()
    expect(errorOf(() => readDataset(bad))).toEqual({ code: 'dataset/invalid', message: `${bad}:2: line is ${MAX_LINE_CHARS + 4} characters long, over the limit of ${MAX_LINE_CHARS}; is this a text file?` })
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('classification data with one class', () => {
  it('refuses it when the sweep is checked, naming the dataset, the column and the class', () => {
    const p = file('one.csv', 'text,label\nbuy now,spam\ncheap pills,spam\nwin big,spam\n')
    const e = errorOf(() => checkDataset({ path: p, text: 'text', label: 'label' }, { workspaceDir: dir }))
    expect(e).toEqual({
      code: 'dataset/invalid',
      message: `dataset "${p}": label column "label" has one class only ("spam", 3 rows) in 3 rows; a classifier needs at least 2; add rows of another class, choose another label column, or drop label: to train a language model on the text`,
    })
    // Tabular classifiers too.
    const t = file('one-tab.csv', 'x,y,kind\n1,2,a\n3,4,a\n')
    expect(errorOf(() => checkDataset({ path: t, label: 'kind' }, { workspaceDir: dir })).message).toMatch(/label column "kind" has one class only \("a", 2 rows\)/)
  })

  it('refuses a label column with no values at all', () => {
    const p = file('none.csv', 'text,label\nx,\ny,\n')
    expect(errorOf(() => checkDataset({ path: p, text: 'text', label: 'label' }, { workspaceDir: dir })).message).toMatch(/label column "label" is empty in all 2 rows/)
  })

  it('refuses it when cleaning leaves one class (the other only in duplicates)', () => {
    const p = file('dup.csv', 'text,label\nsame text,a\nsame text,b\nother,a\n')
    expect(checkDataset({ path: p, text: 'text', label: 'label' }, { workspaceDir: dir }).rows).toBe(3)
    expect(errorOf(() => prepareDataset({ path: p, text: 'text', label: 'label' }, { workspaceDir: dir, cache: false })).message).toMatch(
      /label column "label" has one class only \("a", 2 rows\) in the 2 rows left after cleaning/,
    )
  })

  it('accepts two classes however skewed, and a one-class column when no label is asked for', () => {
    const p = file('two.csv', `text,label\n${Array.from({ length: 20 }, (_, i) => `row number ${i},${i === 0 ? 'b' : 'a'}`).join('\n')}\n`)
    expect(checkDataset({ path: p, text: 'text', label: 'label' }, { workspaceDir: dir }).task).toBe('text-classification')
    const one = file('lm.csv', 'text,label\nhello,a\nworld,a\n')
    expect(checkDataset({ path: one, text: 'text' }, { workspaceDir: dir }).task).toBe('language-model')
  })
})
