import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readJsonFile, writeJsonFileAtomic } from './json-file.ts'

describe('small JSON settings files', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-json-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trips a value, creating missing folders, and leaves no temporary file behind', () => {
    const file = join(dir, 'deep', 'er', 'state.json')
    writeJsonFileAtomic(file, { width: 900, list: ['a'] })
    expect(readJsonFile(file)).toEqual({ width: 900, list: ['a'] })
    writeJsonFileAtomic(file, { width: 1000 })
    expect(readJsonFile(file)).toEqual({ width: 1000 })
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['state.json'])
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true)
  })

  it('reads a missing or truncated file as undefined instead of failing', () => {
    expect(readJsonFile(join(dir, 'none.json'))).toBeUndefined()
    writeFileSync(join(dir, 'cut.json'), '{"width": 9')
    expect(readJsonFile(join(dir, 'cut.json'))).toBeUndefined()
  })

  it('throws when it cannot write, and keeps the previous file intact', () => {
    const file = join(dir, 'state.json')
    writeJsonFileAtomic(file, { ok: 1 })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => writeJsonFileAtomic(file, circular)).toThrow()
    expect(readJsonFile(file)).toEqual({ ok: 1 })
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false)
  })
})
