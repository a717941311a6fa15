import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDirFiles } from '../workers/dir-files.ts'
import { checkRelativePath, prefixedFiles } from './trial-files.ts'

const root = mkdtempSync(join(tmpdir(), 'sweeplab-trial-files-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('trial files', () => {
  it('accepts plain relative paths and refuses anything that could leave the trial folder', () => {
    expect(checkRelativePath('model/weights.bin')).toBe('model/weights.bin')
    for (const bad of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', './x', 'a\\..\\x', 'a/.', 'x\0y']) {
      expect(() => checkRelativePath(bad)).toThrow(/must be a relative path inside the trial folder/)
    }
  })

  it('prefixes sub-folders (one per fold) and checks the joined path', async () => {
    const writes: string[] = []
    const files = prefixedFiles(async (p) => void writes.push(p))
    await files.sub('fold-2').sub('model').write('model.json', '{}')
    await files.write('samples.json', '[]')
    expect(writes).toEqual(['fold-2/model/model.json', 'samples.json'])
    expect(() => files.sub('..')).toThrow(/relative path/)
  })

  it('writes into the trial folder, creating folders, leaving no temporary files', async () => {
    const dir = join(root, 'trial')
    const files = createDirFiles(dir)
    await files.sub('model').write('weights.bin', new Uint8Array([5, 6]))
    await files.write('confusion_matrix.json', '{"a":1}')
    await files.write('confusion_matrix.json', '{"a":2}')
    expect([...readFileSync(join(dir, 'model', 'weights.bin'))]).toEqual([5, 6])
    expect(readFileSync(join(dir, 'confusion_matrix.json'), 'utf8')).toBe('{"a":2}')
    expect(readdirSync(dir).sort()).toEqual(['confusion_matrix.json', 'model'])
  })
})
