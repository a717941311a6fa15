import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { recordFuzzCounts } from '../testing/fuzz-counts.ts'
import { checkDataset } from './pipeline.ts'
import { readDataset } from './read-dataset.ts'

/**
 * Property-based tests of the dataset readers: any bytes in a .csv, .jsonl or .txt file are either read
 * into rows whose columns match the header, or refused with a dataset/* error that starts with the
 * file's path (and its line where the problem has one), within a time bound.
 */

const PER_INPUT_MS = 2000
const FORMATS = ['csv', 'jsonl', 'txt'] as const
let dir = ''
let n = 0
const counts: Record<string, number> = {}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-fuzz-data-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  recordFuzzCounts('dataset-readers', counts, ['random bytes', 'csv-ish text', 'jsonl-ish text', 'json values per line', 'damaged encodings', 'label columns'])
})

/** Writes the bytes, reads them back through readDataset and checks the outcome; returns whether rows came back. */
function checkRead(bytes: Uint8Array, ext: (typeof FORMATS)[number], property: string): boolean {
  counts[property] = (counts[property] ?? 0) + 1
  const path = join(dir, `f${n++}.${ext}`)
  writeFileSync(path, bytes)
  const started = performance.now()
  try {
    const d = readDataset(path)
    expect(d.rows.length).toBeGreaterThan(0)
    for (const row of d.rows) expect(Object.keys(row).sort()).toEqual([...d.columns].sort())
    return true
  } catch (e) {
    if (!isSweeplabError(e)) throw new Error(`readDataset threw a non-SweeplabError: ${String(e)}`, { cause: e })
    expect(e.code).toMatch(/^dataset\/(invalid|encoding)$/)
    expect(e.message.startsWith(`${path}`)).toBe(true)
    expect(e.message).not.toMatch(/undefined|\[object Object\]/)
    const line = e.details?.line
    if (line !== undefined) expect(e.message.startsWith(`${path}:${String(line)}`)).toBe(true)
    return false
  } finally {
    expect(performance.now() - started).toBeLessThan(PER_INPUT_MS)
    rmSync(path, { force: true })
  }
}

const enc = new TextEncoder()
const CSV_PIECES = [',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', ' ', 'a', 'b', 'text', 'label', '1', '02', '-1.5e3', 'NaN', '\uFEFF', 'é', '😀', '\u2028']
const JSONL_PIECES = ['{', '}', '[', ']', '"', ':', ',', '\n', 'null', 'true', '1e999', '"text"', '"label"', '{"text":"a","label":"x"}', '\\u0000', '\\ud800', '"__proto__"', ' ']
/** Byte-level damage: invalid UTF-8 leads, truncated sequences, BOMs of other encodings, NUL. */
const BAD_BYTES = [[0xff], [0xfe], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0x00], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0x93]]

const piecesArb = (pieces: ReadonlyArray<string>): fc.Arbitrary<string> => fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((p) => p.join(''))
/** Valid text with a few bad byte runs spliced in at random offsets. */
const damagedArb = fc.tuple(fc.string({ maxLength: 80 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BAD_BYTES)), { minLength: 1, maxLength: 3 })).map(([text, hits]) => {
  let bytes = Buffer.from(enc.encode(text))
  for (const [at, bad] of hits) {
    const i = at % (bytes.length + 1)
    bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(bad), bytes.subarray(i)])
  }
  return new Uint8Array(bytes)
})

describe('dataset readers on arbitrary files (property-based)', () => {
  it('read or refuse arbitrary bytes in every format', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...FORMATS), (bytes, ext) => {
      checkRead(bytes, ext, 'random bytes')
    }), { numRuns: 600 })
  })

  it('read or refuse CSV-looking text, with a row per record under the header', () => {
    let read = 0
    fc.assert(fc.property(piecesArb(CSV_PIECES), (text) => {
      if (checkRead(enc.encode(text), 'csv', 'csv-ish text')) read++
    }), { numRuns: 800 })
    expect(read).toBeGreaterThan(0)
  })

  it('read or refuse JSONL-looking text', () => {
    fc.assert(fc.property(piecesArb(JSONL_PIECES), (text) => {
      checkRead(enc.encode(text), 'jsonl', 'jsonl-ish text')
    }), { numRuns: 600 })
  })

  it('read or refuse random JSON values, one per line', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), (values) => {
      const ok = checkRead(enc.encode(values.map((v) => JSON.stringify(v)).join('\n')), 'jsonl', 'json values per line')
      const objects = values.filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
      // Only objects are rows: a line of anything else is refused, and a file of objects is read.
      expect(ok).toBe(objects.length > 0 && objects.length === values.length)
    }), { numRuns: 400 })
  })

  it('refuse text with invalid UTF-8, foreign BOMs or NUL spliced in, as dataset/encoding', () => {
    fc.assert(fc.property(damagedArb, fc.constantFrom(...FORMATS), (bytes, ext) => {
      const valid = (() => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes)
          return !bytes.includes(0) && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)
        } catch {
          return false
        }
      })()
      if (!valid) {
        counts['damaged encodings'] = (counts['damaged encodings'] ?? 0) + 1
        const path = join(dir, `d${n++}.${ext}`)
        writeFileSync(path, bytes)
        try {
          readDataset(path)
          expect.unreachable('damaged bytes were read')
        } catch (e) {
          expect(isSweeplabError(e) && e.code).toBe('dataset/encoding')
          expect((e as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `))
        }
      } else checkRead(bytes, ext, 'damaged encodings')
    }), { numRuns: 500 })
  })

  it('check a classification dataset with random labels: two or more classes pass, fewer are refused by name', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('a', 'b', '')), { minLength: 1, maxLength: 12 }), (rows) => {
      counts['label columns'] = (counts['label columns'] ?? 0) + 1
      const path = join(dir, `l${n++}.csv`)
      writeFileSync(path, `text,label\n${rows.map(([t, l]) => `${t},${l}`).join('\n')}\n`)
      const classes = new Set(rows.map(([, l]) => l).filter((l) => l !== ''))
      try {
        checkDataset({ path, text: 'text', label: 'label' }, { workspaceDir: dir })
        expect(classes.size).toBeGreaterThanOrEqual(2)
      } catch (e) {
        expect(isSweeplabError(e) && e.code).toBe('dataset/invalid')
        const message = (e as Error).message
        if (/the header has no rows|file is empty/.test(message)) return
        expect(classes.size).toBeLessThan(2)
        expect(message).toContain(`dataset "${path}": label column "label" `)
      }
    }), { numRuns: 300 })
  })
})
