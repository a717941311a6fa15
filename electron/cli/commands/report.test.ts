// `report`, `retrain` and `show --compare-parent` against the real engine and a real workspace.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { RetrainComparison } from '../../../shared/sweep-provenance.ts'
import { createEngine } from '../../engine/engine.ts'
import { useTempDir } from '../../engine/store/test-helpers.ts'
import type { CliContext } from '../context.ts'
import { runCli } from '../program.ts'
import { captureStream } from '../testing/capture.ts'
import { reportFormatOf } from './report.ts'

const dir = useTempDir()
let dbPath: string
let commit: string

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' }
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim()

const MAIL = (extra: string) => `text,label\n"write to jane@example.org today",spam\n"write to jane@example.org today",spam\n"lunch at noon?",ham\n"see you at the meeting",ham\n"win money now at http://x.example.com",spam\n"notes from the call",ham\n${extra}`

beforeEach(async () => {
  dbPath = join(dir(), 'ws', 'workspace.db')
  const prog = join(dir(), 'prog')
  mkdirSync(prog)
  // Three steps of loss per trial, so the report draws curves.
  writeFileSync(join(prog, 'p.mjs'), "const x = JSON.parse(process.env.SWEEPLAB_PARAMS).x\nfor (let s = 0; s < 3; s++) console.log('@@sweeplab ' + JSON.stringify({ step: s, loss: x * x / (1 + s) }))\n")
  git(prog, 'init', '-q', '-b', 'main')
  git(prog, 'add', '.')
  git(prog, 'commit', '-q', '-m', 'p')
  commit = git(prog, 'rev-parse', 'HEAD')
  writeFileSync(join(prog, 'uncommitted.txt'), 'x')
  const engine = createEngine({ dbPath, maxWorkers: 1 })
  try {
    const spec = join(prog, 'sweep.yaml')
    const text = 'name: cmd-sweep\nmethod: grid\nprogram: p.mjs\ncommand: [node, "${program}"]\nmetric: {name: loss}\nparameters:\n  x: {values: [0.5, -1, 2, 0.25]}\n  opt: {values: [adam, sgd]}\n'
    writeFileSync(spec, text)
    const { sweepId } = await engine.createSweep({ text, fileName: spec })
    await engine.waitForSweep(sweepId)
    writeFileSync(join(dir(), 'mail.csv'), MAIL(''))
    await engine.addDataset({ path: join(dir(), 'mail.csv'), name: 'mail' })
    const data = await engine.createSweep({
      text: 'name: data-sweep\nmethod: grid\ntrainer: noop\ndataset: {name: mail, clean: {pii: true, dedup: true}}\nmetric: {name: loss}\nparameters:\n  x: {values: [3, 1, 2]}\n  steps: {value: 2}\n',
    })
    await engine.waitForSweep(data.sweepId)
  } finally {
    await engine.shutdown()
  }
})

function cli(): { ctx: CliContext; stdout: ReturnType<typeof captureStream>; stderr: ReturnType<typeof captureStream> } {
  const stdout = captureStream()
  const stderr = captureStream()
  return { ctx: { engineFactory: (o) => createEngine(o), stdout, stderr, isTTY: false, env: { SWEEPLAB_DB: dbPath } }, stdout, stderr }
}

/** Every URL-looking string in the file: none may be fetched, and none should be there at all. */
function urls(text: string): string[] {
  return [...text.matchAll(/\b(?:https?|ftp|file):\/\/[^\s"'<>)]*|\/\/[a-z0-9.-]+\.[a-z]{2,}\//gi)].map((m) => m[0])
}

describe('sweeplab report', () => {
  it('writes a self-contained HTML report with every section and no external URL', async () => {
    const out = join(dir(), 'report.html')
    const c = cli()
    expect(await runCli(['report', 'cmd-sweep', '--out', out], c.ctx)).toBe(0)
    expect(c.stderr.text).toMatch(/^wrote the HTML report of sweep 1 to .*report\.html\n$/)
    const html = readFileSync(out, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<h1>Sweep report: cmd-sweep</h1>')
    for (const h of ['Search space', 'Best configs', 'Parameter importance', 'Plots', 'Environment']) expect(html).toContain(`<h2>${h}</h2>`)
    // Search space and the best config (x = 0.25, loss 0.0625/3 at its last step).
    expect(html).toMatch(/<td>x<\/td><td>categorical<\/td><td>0\.5, -1, 2, 0\.25<\/td>/)
    expect(html).toMatch(/<td class="num">1<\/td><td class="num">\d+<\/td><td class="num">0\.0208333<\/td>/)
    // Charts are inline SVG with the data's points: 3 steps × the 5 best trials in the curves chart.
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(2)
    expect(html).toContain('<title>loss of the best trials</title>')
    // Environment: versions, backend, and the program folder's commit, dirty.
    expect(html).toContain(`<dt>Node</dt><dd>${process.versions.node}</dd>`)
    expect(html).toContain(`commit ${commit.slice(0, 12)} on main, dirty: 2 changed or untracked files`)
    expect(html).toMatch(/<dt>backends that ran<\/dt><dd>command \(8 trials\)<\/dd>/)
    expect(urls(html)).toEqual([])
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i)
  })

  it('writes Markdown with the data pipeline counts and charts as SVG data URIs', async () => {
    const out = join(dir(), 'report.md')
    const c = cli()
    expect(await runCli(['report', 'data-sweep', '-o', out], c.ctx)).toBe(0)
    const md = readFileSync(out, 'utf8')
    expect(md).toMatch(/^# Sweep report: data-sweep\n/)
    expect(md).toContain('## Data pipeline')
    expect(md).toContain('| **dataset** | mail@1 |')
    expect(md).toMatch(/\| duplicates removed \| −1 \|/)
    expect(md).toMatch(/\| PII anonymized \| {2}\| \d rows changed: EMAIL 2, URL 1/)
    expect(md).toContain('## Search space')
    expect(md).toMatch(/\| class \| rows \| share \|\n\| --- \| ---: \| ---: \|\n\| ham \| 3 \|/)
    const images = [...md.matchAll(/!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const svg of images) expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>.*<\/svg>$/s)
    // The only URL is the SVG namespace inside the encoded images, which nothing fetches.
    expect(urls(md)).toEqual([])
    // A trainer sweep has no program folder to take the git state of.
    expect(md).not.toContain('program folder')
  })

  it('prints to stdout without --out; --format wins over the extension; bad formats are usage errors', async () => {
    const c = cli()
    expect(await runCli(['report', '1', '--format', 'md'], c.ctx)).toBe(0)
    expect(c.stdout.text).toMatch(/^# Sweep report: cmd-sweep/)
    expect(reportFormatOf({ out: 'x.MD' })).toBe('md')
    expect(reportFormatOf({ out: 'x.htm' })).toBe('html')
    expect(reportFormatOf({ out: 'x.md', format: 'html' })).toBe('html')
    const bad = cli()
    expect(await runCli(['report', '1', '--format', 'pdf'], bad.ctx)).toBe(2)
    expect(bad.stderr.text).toMatch(/--format must be one of html, md/)
  })
})

describe('sweeplab retrain', () => {
  it('retrains the best configs on a new version, prints old vs new, and show --compare-parent repeats it', async () => {
    writeFileSync(join(dir(), 'mail.csv'), MAIL('"a new message for v2",ham\n'))
    const add = cli()
    expect(await runCli(['data', 'add', join(dir(), 'mail.csv'), '--name', 'mail'], add.ctx)).toBe(0)
    expect(add.stdout.text).toMatch(/^added mail v2 /)
    const again = cli()
    expect(await runCli(['data', 'add', join(dir(), 'mail.csv'), '--name', 'mail'], again.ctx)).toBe(0)
    expect(again.stdout.text).toBe('unchanged: mail v2 already has this content (sha256 equal); no version added\n')
    const ls = cli()
    expect(await runCli(['data', 'ls'], ls.ctx)).toBe(0)
    expect(ls.stdout.text).toMatch(/mail\s+2\s+7\s+csv/)
    expect(ls.stdout.text).toMatch(/mail\s+1\s+6\s+csv/)

    const c = cli()
    expect(await runCli(['retrain', 'data-sweep', '--dataset', 'mail@2', '--top', '2', '--seeds', '2', '-q'], c.ctx)).toBe(0)
    const out = c.stdout.text
    expect(out).toMatch(/^sweep 3 "data-sweep retrained on mail@2" completed in .*: 4\/4 trials done \(4 completed\)\n/)
    expect(out).toContain('retrain of sweep 2 (data-sweep): mail@1 → mail@2, loss (minimize)')
    // noop's loss is x²/(1+step): the same on any data, so old equals new for x = 1 and 2.
    expect(out).toMatch(/\n1\s+\d+\s+0\.5\s+0\.5 ± 0\s+2\/2\s+0\s+1\s/)
    expect(out).toMatch(/\n2\s+\d+\s+2\s+2 ± 0\s+2\/2\s+0\s+2\s/)

    const show = cli()
    expect(await runCli(['show', '3', '--compare-parent', '--json'], show.ctx)).toBe(0)
    const cmp = JSON.parse(show.stdout.text) as RetrainComparison
    expect(cmp).toMatchObject({ parentSweepId: 2, newDataset: 'mail@2', oldDataset: 'mail@1' })
    expect(cmp.rows.map((r) => [r.params.x, r.newValues])).toEqual([[1, [0.5, 0.5]], [2, [2, 2]]])

    const notRetrain = cli()
    expect(await runCli(['show', '1', '--compare-parent'], notRetrain.ctx)).toBe(2)
    expect(notRetrain.stderr.text).toMatch(/sweep 1 is not a retrain/)
    const cmd = cli()
    expect(await runCli(['retrain', '1', '--dataset', 'mail@2'], cmd.ctx)).toBe(2)
    expect(cmd.stderr.text).toMatch(/runs a command/)
  })
})
