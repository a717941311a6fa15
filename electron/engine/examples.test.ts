import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../shared/errors.ts'
import { validateSweepSpec } from './config/parse-sweep-spec.ts'
import { DEFAULT_EXAMPLES_DIR, listExampleSpecs } from './examples.ts'
import { useTempDir } from './store/test-helpers.ts'

const dir = useTempDir()

describe('listExampleSpecs', () => {
  it('lists the yaml files sorted by name, titled by description, else name, else file name', () => {
    writeFileSync(join(dir(), 'b-named.yaml'), 'name: the b sweep\nmethod: grid\n')
    writeFileSync(join(dir(), 'a-described.yml'), 'name: a\ndescription: |\n  Grid search of\n  a thing.\nmethod: grid\n')
    writeFileSync(join(dir(), 'c-bare.yaml'), 'method: grid\n')
    writeFileSync(join(dir(), 'd-broken.yaml'), 'method: [grid\n')
    writeFileSync(join(dir(), 'notes.md'), '# not a sweep\n')
    writeFileSync(join(dir(), 'train.py'), 'print(1)\n')
    mkdirSync(join(dir(), 'folder.yaml'))

    const examples = listExampleSpecs(dir())

    expect(examples.map((e) => [e.name, e.title])).toEqual([
      ['a-described', 'Grid search of a thing.'],
      ['b-named', 'the b sweep'],
      ['c-bare', 'c-bare'],
      ['d-broken', 'd-broken'],
    ])
    expect(examples[1]).toEqual({ name: 'b-named', title: 'the b sweep', fileName: join(dir(), 'b-named.yaml'), text: 'name: the b sweep\nmethod: grid\n' })
  })

  it('returns an empty list for a folder without sweep files', () => {
    expect(listExampleSpecs(dir())).toEqual([])
  })

  it('names the folder when it cannot be listed', () => {
    const missing = join(dir(), 'nope')
    let err: unknown
    try {
      listExampleSpecs(missing)
    } catch (e) {
      err = e
    }
    expect(isSweeplabError(err) && err.code).toBe('io/read-failed')
    expect((err as Error).message).toMatch(new RegExp(`^cannot list the example sweeps in ${missing}: ENOENT`))
  })

  it('lists every shipped example with an absolute path, each a valid sweep file', () => {
    const examples = listExampleSpecs()
    const shipped = readdirSync(DEFAULT_EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort()
    expect(examples.map((e) => `${e.name}.yaml`)).toEqual(shipped)
    expect(examples.find((e) => e.name === 'quadratic-node')?.title).toBe('Grid search of quadratic.mjs, a plain-JS script using the sweeplab client.')
    for (const e of examples) {
      expect(isAbsolute(e.fileName)).toBe(true)
      expect(validateSweepSpec(e.text, e.fileName).problems, e.name).toEqual([])
    }
  })
})
