import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Artifact } from '../../shared/api/types.ts'
import { errorOf } from './testing/error-of.ts'
import { DEFAULT_ARTIFACT_MAX_BYTES, readArtifactText } from './read-artifact.ts'
import { useTempDir } from './store/test-helpers.ts'

const dir = useTempDir()

function artifactAt(name: string, content?: string | Buffer, over: Partial<Artifact> = {}): Artifact {
  const path = join(dir(), name)
  if (content !== undefined) writeFileSync(path, content)
  return { id: 7, trialId: 3, kind: 'file', name, path, size: 0, createdAt: 1, deletedAt: null, ...over }
}


describe('readArtifactText', () => {
  it('returns a whole small text file with its size', () => {
    const json = JSON.stringify({ labels: ['ham', 'spam'], matrix: [[40, 2], [1, 30]] })
    expect(readArtifactText(artifactAt('confusion_matrix.json', json, { kind: 'confusion-matrix' }))).toEqual({
      artifactId: 7, content: json, truncated: false, size: json.length,
    })
  })

  it('stops at maxBytes and says the file is longer', () => {
    const text = 'step,loss\n'.repeat(1000)
    const r = readArtifactText(artifactAt('curve.csv', text), 25)
    expect(r).toEqual({ artifactId: 7, content: text.slice(0, 25), truncated: true, size: 10_000 })
  })

  it('drops a character cut in half by the limit instead of garbling it', () => {
    // "é" and "✓" are 2 and 3 bytes: a 4-byte limit ends inside the check mark.
    const r = readArtifactText(artifactAt('u.txt', 'aé✓b'), 4)
    expect(r.content).toBe('aé')
    expect(r).toMatchObject({ truncated: true, size: Buffer.byteLength('aé✓b') })
    expect(readArtifactText(artifactAt('u2.txt', 'aé✓b'), 6).content).toBe('aé✓')
  })

  it('reads at most 1 MiB unless told otherwise', () => {
    const r = readArtifactText(artifactAt('big.log', 'x'.repeat(DEFAULT_ARTIFACT_MAX_BYTES + 10)))
    expect(r.content.length).toBe(DEFAULT_ARTIFACT_MAX_BYTES)
    expect(r).toMatchObject({ truncated: true, size: DEFAULT_ARTIFACT_MAX_BYTES + 10 })
  })

  it('reads an empty file as empty text', () => {
    expect(readArtifactText(artifactAt('empty.txt', ''))).toEqual({ artifactId: 7, content: '', truncated: false, size: 0 })
  })

  it('turns invalid UTF-8 into replacement characters rather than failing', () => {
    expect(readArtifactText(artifactAt('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]))).content).toBe('caf\uFFFD')
  })

  it('refuses a binary file (NUL bytes at the start)', () => {
    const err = errorOf(() => readArtifactText(artifactAt('weights.bin', Buffer.from([1, 0, 2, 3, 0, 0]))))
    expect(err.code).toBe('artifact/not-text')
    expect(err.message).toBe(`artifact 7 (weights.bin of trial 3) is a binary file (${join(dir(), 'weights.bin')}), not text`)
  })

  it('refuses a folder and a saved model, pointing at the weights export', () => {
    mkdirSync(join(dir(), 'plots'))
    expect(errorOf(() => readArtifactText(artifactAt('plots'))).code).toBe('artifact/not-text')
    const model = errorOf(() => readArtifactText(artifactAt('model', undefined, { kind: 'weights' })))
    expect(model).toEqual({
      code: 'artifact/not-text',
      message: 'artifact 7 (model of trial 3) is a saved model, not text; export it with sweeplab export SWEEP --weights --trial 3',
    })
  })

  it('names the path of a file deleted from disk', () => {
    const err = errorOf(() => readArtifactText(artifactAt('gone.json')))
    expect(err).toEqual({ code: 'artifact/missing', message: `artifact 7 (gone.json of trial 3) is no longer on disk: ${join(dir(), 'gone.json')} was moved or deleted` })
  })

  it('refuses an artifact that a symlink leads outside its trial folder, saying so', () => {
    const trial = join(dir(), 'trial')
    mkdirSync(join(trial, 'out'), { recursive: true })
    writeFileSync(join(dir(), 'secret.txt'), 'outside')
    symlinkSync(join(dir(), 'secret.txt'), join(trial, 'leak.txt'))
    symlinkSync(dir(), join(trial, 'up'))
    const leak: Artifact = { id: 7, trialId: 3, kind: 'file', name: 'leak.txt', path: join(trial, 'leak.txt'), size: 0, createdAt: 1, deletedAt: null }
    expect(errorOf(() => readArtifactText(leak))).toEqual({
      code: 'io/read-failed',
      message: `refused to read artifact 7 (leak.txt of trial 3): ${join(trial, 'leak.txt')} leads outside its trial folder (${trial})`,
    })
    const viaDir: Artifact = { ...leak, name: 'up/secret.txt', path: join(trial, 'up', 'secret.txt') }
    expect(errorOf(() => readArtifactText(viaDir)).code).toBe('io/read-failed')
    // A row whose name does not match its path (a hand-edited database) is refused as well.
    const forged: Artifact = { ...leak, name: '../secret.txt', path: join(dir(), 'secret.txt') }
    expect(errorOf(() => readArtifactText(forged)).code).toBe('io/read-failed')
    // A symlink that stays inside the folder is fine.
    writeFileSync(join(trial, 'out', 'real.txt'), 'inside')
    symlinkSync(join(trial, 'out', 'real.txt'), join(trial, 'alias.txt'))
    expect(readArtifactText({ ...leak, name: 'alias.txt', path: join(trial, 'alias.txt') }).content).toBe('inside')
  })
})
