import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseStreamLine, readNewLines } from './stream-file.ts'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweeplab-stream-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('tailing a stream file by byte offset', () => {
  it('returns complete lines only and resumes from the offset without repeating one', () => {
    const f = join(dir, 's.jsonl')
    expect(readNewLines(f, 0)).toEqual({ lines: [], offset: 0 })
    writeFileSync(f, '{"a":1}\n{"b":2}\n{"c":')
    const first = readNewLines(f, 0)
    expect(first).toEqual({ lines: ['{"a":1}', '{"b":2}'], offset: 16 })
    expect(readNewLines(f, first.offset)).toEqual({ lines: [], offset: 16 })
    appendFileSync(f, '3}\n')
    expect(readNewLines(f, first.offset)).toEqual({ lines: ['{"c":3}'], offset: 24 })
  })

  it('reads multi-byte characters split across reads whole', () => {
    const f = join(dir, 's.jsonl')
    writeFileSync(f, '"é😀"\n"ß"\n')
    const a = readNewLines(f, 0, 9)
    expect(a.lines).toEqual(['"é😀"'])
    expect(readNewLines(f, a.offset).lines).toEqual(['"ß"'])
  })

  it('parses worker messages and refuses other lines', () => {
    expect(parseStreamLine('{"type":"metrics","trialId":1,"rows":[["loss",0,1,5]]}')).toEqual({ type: 'metrics', trialId: 1, rows: [['loss', 0, 1, 5]] })
    expect(parseStreamLine('not json')).toBeNull()
    expect(parseStreamLine('[1,2]')).toBeNull()
    expect(parseStreamLine('null')).toBeNull()
  })
})
