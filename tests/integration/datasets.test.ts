import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSweeplabError } from '../../shared/errors.ts'
import { createWorkspace, type Workspace } from './helpers.ts'

const spec = (dataset: string) => `
method: grid
trainer: noop
dataset: ${dataset}
parameters:
  x: {values: [1]}
`

describe('datasets through the engine API', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('refuses a sweep whose dataset is missing before any trial starts, and writes nothing', async () => {
    const engine = ws.engine()
    const err = await engine.createSweep({ text: spec('no-such-data'), fileName: 'sweep.yaml' }).catch((e: unknown) => e)
    expect(isSweeplabError(err) && err.code).toBe('dataset/missing')
    expect((err as Error).message).toMatch(/no-such-data/)
    expect(await engine.listSweeps({})).toEqual([])
  })

  it('refuses a malformed dataset file with its line', async () => {
    ws.write('bad.jsonl', '{"text": "fine", "label": "a"}\n{"text": "broken"\n')
    const engine = ws.engine()
    const err = await engine.createSweep({ text: spec(`{path: ${ws.dir}/bad.jsonl, text: text, label: label}`), fileName: `${ws.dir}/sweep.yaml` }).catch((e: unknown) => e)
    expect(isSweeplabError(err) && err.code).toMatch(/^dataset\//)
    expect((err as Error).message).toMatch(/bad\.jsonl:2: /)
  })

  it('lists the bundled datasets and imports a CSV with its report', async () => {
    const engine = ws.engine()
    const names = (await engine.listDatasets({})).map((d) => d.name)
    expect(names).toEqual(expect.arrayContaining(['spam', 'moby-dick', 'iris']))
    const csv = ws.write('tiny.csv', 'text,label\nhello there,a\nhello there,a\nmail me at x@y.org,b\n')
    const detail = await engine.addDataset({ path: csv, name: 'tiny', text: 'text', label: 'label' })
    expect(detail).toMatchObject({ name: 'tiny', version: 1, rows: 3 })
    expect((await engine.getDataset({ name: 'tiny' })).name).toBe('tiny')
  })
})
