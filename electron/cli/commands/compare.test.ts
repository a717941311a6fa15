import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CompareResult } from '../../../shared/api/compare-types.ts'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'
import { parseCompareRef } from './compare.ts'
import { formatWarmStart } from './run.ts'

function setup(e: FakeEngine): void {
  e.addSweep({ name: 'grid-a', metricName: 'loss', status: 'completed', trials: [
    { params: { lr: 0.1, opt: 'adam' }, finalValue: 0.5 },
    { params: { lr: 0.01, opt: 'sgd' }, finalValue: 0.25 },
  ] })
  e.addSweep({ name: 'bayes-b', metricName: 'loss', status: 'completed', trials: [
    { params: { lr: 0.05, dropout: 0.1 }, finalValue: 0.3 },
  ] })
}

describe('sweeplab compare', () => {
  it('prints the sweeps and their parameters aligned, shared first, absent ones marked', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['compare', '1', 'bayes-b'], cli.ctx)).toBe(0)
    expect(cli.engines[0]!.calls.find((c) => c.method === 'compareSweeps')?.args).toEqual({ sweeps: [{ sweepId: 1 }, { sweepId: 2 }] })
    const lines = cli.stdout.text.split('\n')
    expect(lines[0]).toBe('comparing 2 sweeps on loss (minimize)')
    expect(cli.stdout.text).toMatch(/A\s+1\s+grid-a\s+\(this workspace\)\s+grid\s+completed\s+2\/2\s+loss=0\.25 \(trial 2\)/)
    expect(cli.stdout.text).toContain('1 shared parameter, 2 in some sweeps only')
    expect(lines.find((l) => l.startsWith('lr '))).toMatch(/^lr\s+all\s+0\.01\s+0\.01 … 0\.1\s+0\.05\s+0\.05$/)
    expect(lines.find((l) => l.startsWith('dropout '))).toMatch(/^dropout\s+B\s+\(absent\)\s+0\.1\s+0\.1$/)
    expect(lines.find((l) => l.startsWith('opt '))).toMatch(/^opt\s+A\s+sgd\s+adam, sgd\s+\(absent\)$/)
  })

  it('--json prints the API result', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['compare', '1', '2', '--json'], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as CompareResult
    expect(out.params.map((p) => [p.name, p.shared])).toEqual([['lr', true], ['dropout', false], ['opt', false]])
  })

  it('needs two to eight sweeps, and says which is missing', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['compare', '1'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toContain('compare takes 2 to 8 sweeps, got 1')
    const missing = createTestCli({ setup })
    expect(await runCli(['compare', '1', 'nope'], missing.ctx)).toBe(2)
    expect(missing.stderr.text).toContain('no sweep with id or name "nope"')
  })

  it('reads FILE.db:ID as a sweep of another workspace', () => {
    expect(parseCompareRef('/data/old.db:12')).toEqual({ workspace: '/data/old.db', sweepId: 12 })
    expect(parseCompareRef('C:\\ws\\old.db:3')).toEqual({ workspace: 'C:\\ws\\old.db', sweepId: 3 })
    expect(parseCompareRef('12')).toBeNull()
    expect(parseCompareRef('lr-search')).toBeNull()
  })
})

describe('--read-only and --warm-start', () => {
  it('--read-only opens the engine read-only and never creates a missing workspace', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['--read-only', 'ls'], cli.ctx)).toBe(0)
    expect(cli.engines[0]!.options.readOnly).toBe(true)
    const missing = createTestCli({ setup })
    expect(await runCli(['--read-only', '--db', join(tmpdir(), 'sweeplab-no-such-dir', 'x.db'), 'serve'], missing.ctx)).toBe(2)
    expect(missing.stderr.text).toContain('no workspace at')
    expect(missing.engines).toHaveLength(0)
  })

  it('run --warm-start passes ids and names to createSweep', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweeplab-cli-'))
    try {
      const file = join(dir, 'sweep.yaml')
      writeFileSync(file, 'method: bayes\nmetric: {name: loss, goal: minimize}\ntrainer: noop\nparameters:\n  x: {min: 0.0, max: 1.0}\nrun_cap: 1\n')
      const cli = createTestCli({ setup: (e) => { e.nextSweep = { plan: [{ params: { x: 0.5 }, finalValue: 1 }] } } })
      expect(await runCli(['run', file, '--warm-start', '3', '--warm-start', 'lr-search', '-q'], cli.ctx)).toBe(0)
      expect(cli.engines[0]!.calls.find((c) => c.method === 'createSweep')?.args).toMatchObject({ warmStart: [3, 'lr-search'] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('formats the warm-start report per source, with the reasons trials were dropped', () => {
    expect(formatWarmStart({ used: 4, dropped: 2, sources: [{ sweepId: 3, name: 'old', used: 4, dropped: [{ reason: "lr outside this sweep's range", count: 2 }] }] }))
      .toEqual([`warm start: 4 of 6 trials of sweep 3 "old" (dropped: 2 lr outside this sweep's range)`])
    expect(formatWarmStart({ used: 0, dropped: 0, sources: [{ sweepId: 3, name: 'old', used: 0, dropped: [] }] })).toEqual([
      'warm start: 0 of 0 trials of sweep 3 "old"',
      'warm start: no earlier trial fits this sweep; the model starts from scratch',
    ])
  })
})
