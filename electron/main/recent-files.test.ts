import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readJsonFile } from './json-file.ts'
import { addRecentFile, createRecentFilesStore, MAX_RECENT_FILES, parseRecentFiles, removeRecentFile } from './recent-files.ts'

describe('the recent files list', () => {
  it('keeps the newest first, without duplicates, capped', () => {
    let list: string[] = []
    for (let i = 0; i < MAX_RECENT_FILES + 3; i++) list = addRecentFile(list, `/s/${i}.yaml`)
    list = addRecentFile(list, '/s/5.yaml')
    expect(list).toHaveLength(MAX_RECENT_FILES)
    expect(list.slice(0, 3)).toEqual(['/s/5.yaml', `/s/${MAX_RECENT_FILES + 2}.yaml`, `/s/${MAX_RECENT_FILES + 1}.yaml`])
    expect(list.filter((p) => p === '/s/5.yaml')).toHaveLength(1)
    expect(removeRecentFile(list, '/s/5.yaml')).not.toContain('/s/5.yaml')
  })

  it('reads back only a list of absolute paths', () => {
    expect(parseRecentFiles(['/a.yaml', 'rel.yaml', '', 3, '/a.yaml'])).toEqual([])
    expect(parseRecentFiles(['/a.yaml', 'rel.yaml', '', '/a.yaml', '/b.json'])).toEqual(['/a.yaml', '/b.json'])
    expect(parseRecentFiles({ files: [] })).toEqual([])
    expect(parseRecentFiles(undefined)).toEqual([])
  })
})

describe('the recent files store', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-recent-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('persists each change and reports it, so the menu can be rebuilt', () => {
    const file = join(dir, 'recent-files.json')
    const onChange = vi.fn()
    const store = createRecentFilesStore(file, { onChange, onSaveError: vi.fn() })
    store.add('/a.yaml')
    store.add('/b.yaml')
    store.remove('/missing.yaml')
    store.remove('/a.yaml')
    expect(store.list).toEqual(['/b.yaml'])
    expect(readJsonFile(file)).toEqual(['/b.yaml'])
    expect(onChange).toHaveBeenCalledTimes(3)
    expect(createRecentFilesStore(file, { onChange, onSaveError: vi.fn() }).list).toEqual(['/b.yaml'])
    store.clear()
    expect(readJsonFile(file)).toEqual([])
  })

  it('starts empty from an unreadable file and keeps working when it cannot save', () => {
    writeFileSync(join(dir, 'recent-files.json'), 'not json')
    const onSaveError = vi.fn()
    const blocked = join(dir, 'blocked')
    writeFileSync(blocked, '')
    // A path under a regular file can never be written, even by root.
    const store = createRecentFilesStore(join(blocked, 'recent-files.json'), { onChange: vi.fn(), onSaveError })
    expect(createRecentFilesStore(join(dir, 'recent-files.json'), { onChange: vi.fn(), onSaveError }).list).toEqual([])
    store.add('/a.yaml')
    expect(store.list).toEqual(['/a.yaml'])
    expect(onSaveError).toHaveBeenCalledOnce()
  })
})
