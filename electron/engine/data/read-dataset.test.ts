import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf } from '../testing/error-of.ts'
import { readDataset } from './read-dataset.ts'
import { detectDelimiter } from './read-csv.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}


describe('CSV', () => {
  it('reads a header row, quoted fields with commas, quotes and newlines, and types numeric columns', () => {
    const p = file('d.csv', 'text,label,score,zip\n"Hello, world",spam,1.5,02134\n"She said ""hi""\nthen left",ham,,10001\n')
    const d = readDataset(p)
    expect(d.columns).toEqual(['text', 'label', 'score', 'zip'])
    expect(d.rows).toEqual([
      { text: 'Hello, world', label: 'spam', score: 1.5, zip: '02134' },
      { text: 'She said "hi"\nthen left', label: 'ham', score: null, zip: '10001' },
    ])
    expect(d.source).toMatchObject({ format: 'csv', delimiter: ',' })
  })

  it.each([
    [';', 'a;b\n1,5;x\n2,5;y\n'],
    ['\t', 'a\tb\n1\tx,y\n2\tz\n'],
    ['|', 'a|b\n1|x\n'],
  ])('detects the delimiter %j', (delim, content) => {
    const d = readDataset(file('d.csv', content))
    expect(d.source.delimiter).toBe(delim)
    expect(d.columns).toEqual(['a', 'b'])
  })

  it('ignores delimiters inside quotes when detecting', () => {
    expect(detectDelimiter('"a;b;c",d\n"1;2;3",4\n')).toBe(',')
  })

  it('strips a UTF-8 BOM so the first column name is clean', () => {
    const d = readDataset(file('bom.csv', '\uFEFFname,n\nx,1\n'))
    expect(d.columns).toEqual(['name', 'n'])
  })

  it('names the line of a row with the wrong number of fields', () => {
    const e = errorOf(() => readDataset(file('bad.csv', 'a,b\n1,2\n3,4,5\n')))
    expect(e.code).toBe('dataset/invalid')
    expect(e.message).toMatch(/bad\.csv:3: this row has a different number of fields than the header/)
  })

  it('explains an unclosed quote', () => {
    const e = errorOf(() => readDataset(file('q.csv', 'a,b\n"x,2\n3,4\n')))
    expect(e.message).toMatch(/q\.csv:\d+: a quoted field is never closed/)
  })

  it('refuses duplicate and empty header names', () => {
    expect(errorOf(() => readDataset(file('dup.csv', 'a,a\n1,2\n'))).message).toMatch(/dup\.csv:1: column "a" appears twice/)
    expect(errorOf(() => readDataset(file('empty-col.csv', 'a,\n1,2\n'))).message).toMatch(/column 2 of the header has no name/)
  })

  it('stops after maxRows rows', () => {
    const d = readDataset(file('m.csv', 'a\n1\n2\n3\n'), { maxRows: 2 })
    expect(d.rows).toEqual([{ a: 1 }, { a: 2 }])
  })
})

describe('JSONL', () => {
  it('reads one object per line, unions the keys and flattens non-text values', () => {
    const p = file('d.jsonl', '{"text":"a","label":"x"}\n\n{"text":"b","n":2,"ok":true,"tags":["t"]}\n')
    const d = readDataset(p)
    expect(d.columns).toEqual(['text', 'label', 'n', 'ok', 'tags'])
    expect(d.rows[0]).toEqual({ text: 'a', label: 'x', n: null, ok: null, tags: null })
    expect(d.rows[1]).toEqual({ text: 'b', label: null, n: 2, ok: 'true', tags: '["t"]' })
  })

  it('names the line with invalid JSON', () => {
    const e = errorOf(() => readDataset(file('d.jsonl', '{"a":1}\n{"a":\n')))
    expect(e.code).toBe('dataset/invalid')
    expect(e.message).toMatch(/d\.jsonl:2: not valid JSON/)
  })

  it('names the line holding something other than an object', () => {
    expect(errorOf(() => readDataset(file('d.jsonl', '{"a":1}\n{"a":2}\n[1,2]\n'))).message).toMatch(/d\.jsonl:3: expected a JSON object per line, got an array/)
  })
})

describe('text', () => {
  it('reads a file as paragraphs by default, or as lines or one document', () => {
    const p = file('t.txt', 'First para\nstill first.\r\n\r\nSecond.\n\n\nThird.\n')
    expect(readDataset(p).rows).toEqual([{ text: 'First para\nstill first.' }, { text: 'Second.' }, { text: 'Third.' }])
    expect(readDataset(p, { textUnit: 'line' }).rows.map((r) => r.text)).toEqual(['First para', 'still first.', 'Second.', 'Third.'])
    expect(readDataset(p, { textUnit: 'file' }).rows).toHaveLength(1)
  })

  it('reads a folder of .txt files, one document per file, in path order', () => {
    mkdirSync(join(dir, 'docs'))
    writeFileSync(join(dir, 'docs', 'b.txt'), 'bee')
    writeFileSync(join(dir, 'docs', 'a.txt'), 'ay\nline two')
    writeFileSync(join(dir, 'docs', 'skip.bin'), 'x')
    const d = readDataset(join(dir, 'docs'))
    expect(d.columns).toEqual(['text', 'file'])
    expect(d.rows).toEqual([{ text: 'ay\nline two', file: 'a.txt' }, { text: 'bee', file: 'b.txt' }])
    expect(readDataset(join(dir, 'docs'), { textUnit: 'line' }).rows).toHaveLength(3)
  })

  it('labels documents by subfolder (one folder per class)', () => {
    for (const [cls, name, text] of [['spam', '1.txt', 'buy now'], ['ham', '2.txt', 'see you']]) {
      mkdirSync(join(dir, 'mail', cls as string), { recursive: true })
      writeFileSync(join(dir, 'mail', cls as string, name as string), text as string)
    }
    const d = readDataset(join(dir, 'mail'))
    expect(d.rows).toEqual([{ text: 'see you', file: 'ham/2.txt', label: 'ham' }, { text: 'buy now', file: 'spam/1.txt', label: 'spam' }])
  })
})

describe('file checks', () => {
  it('refuses invalid UTF-8 naming the line, column and byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('text\nok\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')])
    const e = errorOf(() => readDataset(file('latin1.csv', bytes)))
    expect(e.code).toBe('dataset/encoding')
    expect(e.message).toBe(`${join(dir, 'latin1.csv')}:3:4: invalid UTF-8 byte 0xE9 at byte offset 11; save the file as UTF-8 (it may be Latin-1 or Windows-1252)`)
  })

  it('refuses an overlong encoding and a lone surrogate', () => {
    expect(errorOf(() => readDataset(file('o.txt', Buffer.from([0x61, 0xc0, 0xaf])))).message).toMatch(/byte 0xC0 at byte offset 1/)
    expect(errorOf(() => readDataset(file('s.txt', Buffer.from([0x61, 0xed, 0xa0, 0x80])))).message).toMatch(/byte 0xED at byte offset 1/)
  })

  it('refuses an empty file', () => {
    const e = errorOf(() => readDataset(file('e.jsonl', '\n  \n')))
    expect(e).toEqual({ code: 'dataset/invalid', message: `${join(dir, 'e.jsonl')}: the file is empty` })
  })

  it('refuses a line over 1 MiB, naming it', () => {
    const e = errorOf(() => readDataset(file('big.txt', `short\n${'x'.repeat(1_048_577)}\n`)))
    expect(e.message).toMatch(/big\.txt:2: line is 1048577 characters long, over the limit of 1048576/)
  })

  it('reports a missing file as dataset/missing', () => {
    expect(errorOf(() => readDataset(join(dir, 'nope.csv'))).code).toBe('dataset/missing')
  })

  it('asks for the format when the extension says nothing', () => {
    expect(errorOf(() => readDataset(file('data.xyz', 'a'))).message).toMatch(/cannot tell the format from the extension ".xyz"/)
  })
})
