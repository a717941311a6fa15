import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../../shared/errors.ts'
import { checkDataset, prepareDataset } from './pipeline.ts'
import { preparedCacheDir } from './prepared-cache.ts'
import type { EncodedSplit } from './prepared-types.ts'
import { tokenizerFromJson } from './tokenize/create-tokenizer.ts'

let ws = ''
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'sweeplab-'))
})
afterEach(() => rmSync(ws, { recursive: true, force: true }))

const SPAM = {
  name: 'spam',
  clean: { dedup: true, near_dedup: { threshold: 0.8 }, normalize: { lowercase: true, nfkc: true }, pii: true },
  tokenizer: { type: 'bpe', vocab_size: 600 },
  split: { validation: 0.1, test: 0.1 },
  seed: 1,
} as const

function rowsOf(s: EncodedSplit): number[] {
  return [...s.rows]
}

describe('prepareDataset', () => {
  it('cleans, splits and tokenizes the bundled spam set with every step counted', () => {
    const ds = prepareDataset(SPAM, { workspaceDir: ws, cache: false })
    const r = ds.report
    expect(ds.task).toBe('text-classification')
    expect(ds.labelNames).toEqual(['ham', 'spam'])
    expect(r.rows.read).toBe(2400)
    expect(r.steps.map((s) => s.step)).toEqual(['normalize', 'pii', 'dedup', 'near_dedup', 'min_length'])
    const pii = r.steps.find((s) => s.step === 'pii')
    expect(pii?.step === 'pii' && pii.found.EMAIL).toBeGreaterThan(1000) // every message has a From: address
    expect(pii?.step === 'pii' && pii.found.URL).toBeGreaterThan(100)
    const near = r.steps.find((s) => s.step === 'near_dedup')
    expect(near?.step === 'near_dedup' && near.removed).toBeGreaterThan(0) // spam campaigns repeat themselves
    expect(r.balance?.skewed).toBe(false)
    expect(r.balance?.classes.map((c) => c.label)).toEqual(['ham', 'spam'])
    const { train, validation, test } = ds.splits
    expect(train.rows.length + validation.rows.length + test.rows.length).toBe(r.rows.kept)
    expect(new Set([...rowsOf(train), ...rowsOf(validation), ...rowsOf(test)]).size).toBe(r.rows.kept)
    expect(train.offsets?.length).toBe(train.rows.length + 1)
    expect(train.offsets?.at(-1)).toBe(train.tokens?.length)
    expect(train.labels?.length).toBe(train.rows.length)
    const tok = tokenizerFromJson(ds.splits.tokenizer)
    expect(tok.vocabSize).toBe(600)
    const first = tok.decode(train.tokens?.subarray(train.offsets?.[0], train.offsets?.[1]) ?? [])
    expect(first).toMatch(/^from: /) // lowercased by normalize
    expect(first).not.toMatch(/@\w+\.\w+/)
  })

  it('trains the tokenizer on the training split only', () => {
    const text = ['alpha beta', 'alpha gamma', 'alpha delta', 'alpha beta gamma', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda']
    const file = join(ws, 'words.txt')
    writeFileSync(file, text.join('\n'))
    const ds = prepareDataset({ path: file, text_unit: 'line', tokenizer: 'word', split: { validation: 0.3, test: 0.2 }, seed: 4 }, { workspaceDir: ws, cache: false })
    const tok = tokenizerFromJson(ds.splits.tokenizer)
    const heldOut = [...ds.splits.validation.rows, ...ds.splits.test.rows].map((i) => text[i] as string)
    const trainWords = new Set([...ds.splits.train.rows].flatMap((i) => (text[i] as string).split(' ')))
    for (const t of heldOut) {
      for (const w of t.split(' ')) expect(tok.encode(w)[0] !== 1).toBe(trainWords.has(w)) // 1 = <unk>
    }
  })

  it('prepares Moby-Dick for a language model with a char tokenizer by default', () => {
    const ds = prepareDataset({ name: 'moby-dick', max_rows: 400 }, { workspaceDir: ws, cache: false })
    expect(ds.task).toBe('language-model')
    expect(ds.splits.tokenizer?.type).toBe('char')
    expect(ds.labelNames).toEqual([])
    expect(ds.splits.train.labels).toBeUndefined()
    const tok = tokenizerFromJson(ds.splits.tokenizer)
    const t = ds.splits.train
    expect(tok.decode(t.tokens?.subarray(t.offsets?.[0], t.offsets?.[1]) ?? [])).toMatch(/^CHAPTER 1\. Loomings\.|^Call me Ishmael/)
  })

  it('gives k-fold cross-validation partitions that never touch the test split', () => {
    const ds = prepareDataset({ name: 'iris', seed: 2 }, { workspaceDir: ws, cache: false, cv: { folds: 5 } })
    expect(ds.task).toBe('tabular-classification')
    expect(ds.splits.features?.names).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])
    expect(ds.folds).toHaveLength(5)
    const test = new Set(rowsOf(ds.splits.test))
    const seen = new Map<number, number>()
    for (const f of ds.folds) {
      expect(rowsOf(f.test)).toEqual(rowsOf(ds.splits.test))
      const val = rowsOf(f.validation)
      const train = new Set(rowsOf(f.train))
      for (const r of val) {
        expect(test.has(r)).toBe(false)
        expect(train.has(r)).toBe(false)
        seen.set(r, (seen.get(r) ?? 0) + 1)
      }
      for (const r of train) expect(test.has(r)).toBe(false)
      expect(f.train.features?.length).toBe(f.train.rows.length * 4)
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true)
    expect(seen.size + test.size).toBe(ds.report.rows.kept)
  })

  it('standardizes tabular features with training statistics', () => {
    const ds = prepareDataset({ name: 'iris', split: { validation: 0.2, test: 0.2 } }, { workspaceDir: ws, cache: false })
    const x = ds.splits.train.features as Float32Array
    const d = 4
    for (let j = 0; j < d; j++) {
      let sum = 0
      for (let i = j; i < x.length; i += d) sum += x[i] as number
      expect(Math.abs(sum / (x.length / d))).toBeLessThan(1e-5)
    }
  })

  it('serves the second call from the cache with equal content', () => {
    const first = prepareDataset(SPAM, { workspaceDir: ws })
    expect(first.fromCache).toBe(false)
    const t0 = performance.now()
    const again = prepareDataset(SPAM, { workspaceDir: ws })
    const ms = performance.now() - t0
    expect(again.fromCache).toBe(true)
    expect(again.splits.train.tokens).toEqual(first.splits.train.tokens)
    expect(again.report.steps).toEqual(first.report.steps)
    expect(ms).toBeLessThan(first.report.timingsMs.total ?? Infinity)
    const other = prepareDataset({ ...SPAM, seed: 2 }, { workspaceDir: ws })
    expect(other.key).not.toBe(first.key)
    expect(other.fromCache).toBe(false)
  })

  it('lets two processes prepare the same key at once', async () => {
    const script = join(ws, 'prep.ts')
    const pipeline = join(import.meta.dirname, 'pipeline.ts')
    writeFileSync(script, `import { prepareDataset } from ${JSON.stringify(pipeline)}\nconst d = prepareDataset({ name: 'spam', tokenizer: { type: 'bpe', vocab_size: 400 }, max_rows: 600 }, { workspaceDir: ${JSON.stringify(ws)} })\nprocess.stdout.write(d.key + ' ' + d.splits.train.tokens.length)\n`)
    const run = (): Promise<string> => new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      p.stdout.on('data', (b: Buffer) => (out += b.toString()))
      p.stderr.on('data', (b: Buffer) => (err += b.toString()))
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))))
    })
    const [a, b] = await Promise.all([run(), run()])
    expect(a).toBe(b)
    const files = readdirSync(preparedCacheDir(ws))
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(files.sort()).toEqual([`${a.split(' ')[0]}.bin`, `${a.split(' ')[0]}.json`])
    expect(prepareDataset({ name: 'spam', tokenizer: { type: 'bpe', vocab_size: 400 }, max_rows: 600 }, { workspaceDir: ws }).fromCache).toBe(true)
  })

  it('checks a dataset cheaply before any trial starts', () => {
    expect(checkDataset('iris', { workspaceDir: ws })).toMatchObject({ name: 'iris', task: 'tabular-classification', rows: 150 })
    expect(() => checkDataset({ name: 'iris', label: 'kind' }, { workspaceDir: ws })).toThrow(/dataset\.label: column "kind" is not in/)
  })

  it.each([
    [{ name: 'nope' }, 'dataset/missing', /dataset "nope" is neither built in \(spam, moby-dick, iris\) nor registered/],
    [{ name: 'spam', text: 'body' }, 'dataset/invalid', /dataset\.text: column "body" is not in .*spam-assassin\.jsonl \(columns: text, label, group, id\)/],
    [{ name: 'spam', split: { test: 0.6, validation: 0.5 } }, 'dataset/invalid', /validation \(0\.5\) \+ test \(0\.6\) must be below 1/],
    [{ name: 'spam', tokenizer: { type: 'bpe', vocab_size: 100 } }, 'dataset/invalid', /at least 260/],
    [{ name: 'spam', clean: { near_dedup: { threshold: 2 } } }, 'dataset/invalid', /dataset\.clean\.near_dedup\.threshold/],
    [{ path: 'missing.csv' }, 'dataset/missing', /missing\.csv: no such file/],
    [{ name: 'spam', path: 'x.csv' }, 'dataset/invalid', /exactly one of name .* and path/],
  ])('refuses %j with a clear error', (spec, code, message) => {
    try {
      prepareDataset(spec, { workspaceDir: ws, baseDir: ws, cache: false })
      expect.unreachable()
    } catch (e) {
      expect(isSweeplabError(e) && e.code).toBe(code)
      expect((e as Error).message).toMatch(message)
    }
  })
})
