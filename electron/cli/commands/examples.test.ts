import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_EXAMPLES_DIR, listExampleSpecs } from '../../engine/examples.ts'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import { printExamples } from './examples.ts'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweeplab-examples-cli-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('sweeplab examples', () => {
  it('prints a table of name, title and path, then how to run one', () => {
    writeFileSync(join(dir, 'b.yaml'), `name: bee\ndescription: ${'a long description '.repeat(5)}\nmethod: grid\n`)
    writeFileSync(join(dir, 'a.yaml'), 'description: Grid over x\nmethod: grid\n')
    const cli = createTestCli()
    expect(printExamples(cli.ctx, {}, dir)).toBe(0)
    expect(cli.stdout.text).toBe(
      [
        `name  ${'title'.padEnd(80)}  path`,
        `a     ${'Grid over x'.padEnd(80)}  ${join(dir, 'a.yaml')}`,
        `b     ${'a long description '.repeat(5).slice(0, 79)}…  ${join(dir, 'b.yaml')}`,
        '',
        `run one: sweeplab run ${join(dir, 'a.yaml')}`,
        '',
      ].join('\n'),
    )
  })

  it('quotes a path with spaces in the run line', () => {
    const spaced = join(dir, 'my examples')
    mkdirSync(spaced)
    writeFileSync(join(spaced, 'x.yaml'), 'method: grid\n')
    const cli = createTestCli()
    printExamples(cli.ctx, {}, spaced)
    expect(cli.stdout.text.split('\n').at(-2)).toBe(`run one: sweeplab run '${join(spaced, 'x.yaml')}'`)
  })

  it('says so when there are none', () => {
    const cli = createTestCli()
    expect(printExamples(cli.ctx, {}, dir)).toBe(0)
    expect(cli.stdout.text).toBe(`no example sweep files in ${dir}\n`)
  })

  it('lists the shipped examples without a workspace, --json giving what the API returns', async () => {
    const cli = createTestCli({ env: { SWEEPLAB_DB: join(dir, 'no-such.db') } })
    expect(await runCli(['examples'], cli.ctx)).toBe(0)
    expect(cli.engines).toHaveLength(0)
    const lines = cli.stdout.text.split('\n')
    expect(lines[0]).toMatch(/^name +title +path$/)
    const shipped = readdirSync(DEFAULT_EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort()
    expect(lines.slice(1, 1 + shipped.length).map((l) => l.split(' ')[0])).toEqual(shipped.map((f) => f.slice(0, -5)))
    const json = createTestCli({ env: { SWEEPLAB_DB: join(dir, 'no-such.db') } })
    expect(await runCli(['examples', '--json'], json.ctx)).toBe(0)
    expect(JSON.parse(json.stdout.text)).toEqual(listExampleSpecs())
  })
})
