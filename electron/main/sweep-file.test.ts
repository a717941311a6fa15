import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweepFileName, localPathFromUrl, MAX_SWEEP_FILE_BYTES, readSweepFile } from './sweep-file.ts'

describe('reading a sweep file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-sweep-file-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('returns the text and the absolute path', async () => {
    const path = join(dir, 'lr.yaml')
    writeFileSync(path, 'method: grid\n')
    expect(await readSweepFile(path)).toEqual({ ok: true, file: { text: 'method: grid\n', fileName: path } })
  })

  it('resolves a relative path against the given directory, and drops a UTF-8 byte order mark', async () => {
    writeFileSync(join(dir, 'Sweep.JSON'), '\uFEFF{"method": "random"}')
    expect(await readSweepFile('Sweep.JSON', dir)).toEqual({ ok: true, file: { text: '{"method": "random"}', fileName: join(dir, 'Sweep.JSON') } })
  })

  it('says why a file cannot be opened', async () => {
    writeFileSync(join(dir, 'data.csv'), 'a,b\n')
    mkdirSync(join(dir, 'folder.yaml'))
    writeFileSync(join(dir, 'latin1.yml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]))
    const big = join(dir, 'big.yaml')
    writeFileSync(big, '')
    truncateSync(big, MAX_SWEEP_FILE_BYTES + 1)
    const reasons = await Promise.all(['data.csv', 'folder.yaml', 'latin1.yml', 'big.yaml', 'gone.yaml'].map(async (name) => {
      const res = await readSweepFile(join(dir, name))
      expect(res.ok).toBe(false)
      return res.ok ? '' : `${res.path.slice(dir.length + 1)}: ${res.reason}`
    }))
    expect(reasons).toEqual([
      'data.csv: not a sweep file: Sweeplab opens .yaml, .yml and .json files',
      'folder.yaml: this is a folder, not a sweep file',
      'latin1.yml: the file is not UTF-8 text',
      'big.yaml: the file is 10.0 MB; sweep files over 10 MB are not opened',
      'gone.yaml: the file does not exist (moved or deleted?)',
    ])
  })

  it('accepts a file of exactly the limit', async () => {
    const path = join(dir, 'edge.yaml')
    writeFileSync(path, '')
    truncateSync(path, MAX_SWEEP_FILE_BYTES)
    const res = await readSweepFile(path)
    expect(res.ok && res.file.text.length).toBe(MAX_SWEEP_FILE_BYTES)
  })

  // Root reads any file, so there is nothing to refuse there.
  it.skipIf(process.getuid?.() === 0)('reports permission problems in words', async () => {
    const path = join(dir, 'locked.yaml')
    writeFileSync(path, 'x', { mode: 0o000 })
    expect(await readSweepFile(path)).toMatchObject({ ok: false, reason: 'permission denied' })
  })
})

describe('sweep file names and dropped-file URLs', () => {
  it('knows the sweep file extensions, in any case', () => {
    expect(['a.yaml', 'a.YML', '/x/b.json', 'c.Yaml'].every(isSweepFileName)).toBe(true)
    expect(['a.yaml.bak', 'yaml', 'a.txt', '.', 'a.jsonl'].some(isSweepFileName)).toBe(false)
  })

  it('turns a local file:// URL into a path, and nothing else', () => {
    const path = join(tmpdir(), 'with space', 'ünï.yaml')
    expect(localPathFromUrl(pathToFileURL(path).href)).toBe(path)
    expect(localPathFromUrl('FILE:///tmp/a.yaml')).toBe('/tmp/a.yaml')
    expect(localPathFromUrl('file://otherhost/share/a.yaml')).toBeUndefined()
    expect(localPathFromUrl('https://example.com/a.yaml')).toBeUndefined()
    expect(localPathFromUrl('app://sweeplab/index.html')).toBeUndefined()
  })
})
