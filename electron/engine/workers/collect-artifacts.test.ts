import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { collectArtifacts } from './collect-artifacts.ts'

describe('collectArtifacts', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('records regular files and saved models, never symlinks a trial planted to files or folders outside it', () => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-artifacts-'))
    const trial = join(dir, 'trial')
    mkdirSync(join(trial, 'model'), { recursive: true })
    writeFileSync(join(dir, 'secret.txt'), 'outside')
    mkdirSync(join(dir, 'outside-model'))
    writeFileSync(join(dir, 'outside-model', 'model.json'), '{}')
    writeFileSync(join(trial, 'params.json'), '{}')
    writeFileSync(join(trial, 'samples.json'), '[]')
    writeFileSync(join(trial, 'model', 'model.json'), '{}')
    symlinkSync(join(dir, 'secret.txt'), join(trial, 'leak.txt'))
    symlinkSync(join(dir, 'outside-model'), join(trial, 'linked-model'))
    symlinkSync(dir, join(trial, 'up'))
    const found = collectArtifacts(trial)
    expect(found.map((a) => [a.kind, a.name])).toEqual([['weights', 'model'], ['samples', 'samples.json']])
    expect(found.every((a) => a.path.startsWith(trial))).toBe(true)
  })
})
