import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DatasetDetail, DatasetInfo } from '../../../shared/dataset-spec.ts'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function cli(): ReturnType<typeof createTestCli> {
  return createTestCli({ env: { SWEEPLAB_DB: join(dir, 'ws', 'workspace.db') } })
}

const CSV = 'message,class\n"Win $1000 now at http://win.example.com",spam\n"WIN $1000 now at http://win.example.com",spam\n"Meeting moved to 3pm, call 555-123-4567",ham\n"Lunch?",ham\n"Lunch tomorrow?",ham\n"Minutes attached",ham\n"Thanks!",ham\n"ok see you",ham\n"Sure thing",ham\n'

describe('sweeplab data', () => {
  it('adds a CSV and prints its report, then lists and shows it', async () => {
    writeFileSync(join(dir, 'mail.csv'), CSV)
    const add = cli()
    expect(await runCli(['data', 'add', join(dir, 'mail.csv'), '--name', 'mail'], add.ctx)).toBe(0)
    const out = add.stdout.text
    expect(out).toContain(`added mail v1 (copied to ${join(dir, 'ws', 'workspace.files', 'datasets', 'mail-v1.csv')})`)
    expect(out).toMatch(/duplicates\s+1 \(0 with a different label\)/)
    expect(out).toMatch(/PII found\s+EMAIL 0 {2}URL 2 {2}IP 0 {2}CARD 0 {2}PHONE 1 {2}\(in 3 rows\)/)
    expect(out).toMatch(/class balance\s+ham 7 \(77\.8%\) {2}spam 2 \(22\.2%\)/)
    expect(out).toMatch(/SKEWED: largest\/smallest = 3\.5 > 3/)
    expect(out).toContain('use it in a sweep file:  dataset: mail')

    const ls = cli()
    expect(await runCli(['data', 'ls', '--json'], ls.ctx)).toBe(0)
    const list = JSON.parse(ls.stdout.text) as DatasetInfo[]
    expect(list.map((d) => d.name)).toEqual(['spam', 'moby-dick', 'iris', 'mail'])
    expect(list[3]).toMatchObject({ textColumn: 'message', labelColumn: 'class', rows: 9, version: 1 })

    const show = cli()
    expect(await runCli(['data', 'show', 'mail', '--json'], show.ctx)).toBe(0)
    const d = JSON.parse(show.stdout.text) as DatasetDetail
    expect(d.report.balance?.skewed).toBe(true)
  })

  it('prints a table of datasets', async () => {
    const c = cli()
    expect(await runCli(['data', 'ls'], c.ctx)).toBe(0)
    expect(c.stdout.text.split('\n')[0]).toMatch(/^name\s+version\s+rows\s+format\s+text\s+label\s+size\s+source$/)
    expect(c.stdout.text).toMatch(/iris\s+-\s+150\s+csv\s+-\s+species/)
  })

  it('exits 2 with the file and line of a malformed file', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"text": "a"}\n{"text": \n')
    const c = cli()
    expect(await runCli(['data', 'add', join(dir, 'bad.jsonl'), '--name', 'bad'], c.ctx)).toBe(2)
    expect(c.stderr.text).toBe(`error: ${join(dir, 'bad.jsonl')}:2: not valid JSON (Unexpected end of JSON input)\n`)
  })

  it('exits 2 for an unknown dataset and names the known ones', async () => {
    const c = cli()
    expect(await runCli(['data', 'show', 'nope'], c.ctx)).toBe(2)
    expect(c.stderr.text).toBe('error: no dataset "nope"; known: spam, moby-dick, iris\n')
  })

  it('ls and show on a workspace that does not exist see the built-ins and create nothing', async () => {
    const ls = cli()
    expect(await runCli(['data', 'ls', '--json'], ls.ctx)).toBe(0)
    expect((JSON.parse(ls.stdout.text) as DatasetInfo[]).map((d) => d.name)).toEqual(['spam', 'moby-dick', 'iris'])
    const show = cli()
    expect(await runCli(['data', 'show', 'iris', '--json'], show.ctx)).toBe(0)
    expect((JSON.parse(show.stdout.text) as DatasetDetail).rows).toBe(150)
    expect(await runCli(['data', 'show', 'nope'], cli().ctx)).toBe(2)
    expect(existsSync(join(dir, 'ws'))).toBe(false)
  })

  it('requires --name', async () => {
    const c = cli()
    expect(await runCli(['data', 'add', 'x.csv'], c.ctx)).toBe(2)
    expect(c.stderr.text).toMatch(/required option '--name <name>' not specified/)
  })
})
