import { describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'
import type { ShowJson } from './show.ts'

function setup(e: FakeEngine): void {
  e.addSweep({
    name: 'mnist', status: 'failed', goal: 'maximize', metricName: 'acc',
    trials: [
      { params: { lr: 0.1, note: 'a very long note that will not fit in a column' }, finalValue: 0.91 },
      { params: { lr: 0.2 }, status: 'failed', exitCode: 1 },
      { params: { lr: 0.3, opt: { beta: 0.9 } }, finalValue: 0.95 },
      { params: { lr: 0.4 }, status: 'pruned', finalValue: 0.99 },
      { params: { lr: 0.5 }, finalValue: 0.91 },
    ],
  })
}

describe('sweeplab show', () => {
  it('prints the header and the trials best first, then the rest by id', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', '1'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(
      [
        'sweep 1 "mnist" failed: 5/5 trials done (3 completed, 1 failed, 1 pruned)',
        'method grid   metric acc (maximize)   best acc=0.95 (trial 3)',
        'created 2h ago   workers 2   seed 1   file sweep.yaml',
        '',
        'trial  status     lr   note                      opt.beta  acc   duration',
        '3      completed  0.3                            0.9       0.95  3.2s',
        '1      completed  0.1  a very long note that w…            0.91  3.2s',
        '5      completed  0.5                                      0.91  3.2s',
        '2      failed     0.2                                      -     3.2s',
        '4      pruned     0.4                                      0.99  3.2s',
        '',
      ].join('\n'),
    )
  })

  it('filters by --status and cuts at --limit', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', 'mnist', '--status', 'completed', '--limit', '2'], cli.ctx)).toBe(0)
    const rows = cli.stdout.text.split('\n').filter((l) => /^\d+ /.test(l))
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['3', '1'])
    expect(cli.stdout.text).toContain('… 1 more (use --limit)')
  })

  it('--json prints the sweep detail and the ordered trials', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', '1', '--json', '--limit', '3'], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as ShowJson
    expect(out.sweep).toMatchObject({ id: 1, name: 'mnist', metricGoal: 'maximize', specText: 'method: grid\n' })
    expect(out.trials.map((t) => t.id)).toEqual([3, 1, 5])
  })

  it('exits 2 for an unknown sweep id or name', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', '7'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: no sweep 7\n')
    const cli2 = createTestCli({ setup })
    expect(await runCli(['show', 'ghost'], cli2.ctx)).toBe(2)
    expect(cli2.stderr.text).toBe('error: no sweep with id or name "ghost" (see sweeplab ls)\n')
  })

  it('rejects an unknown --status as bad usage', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', '1', '--status', 'done'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toContain("argument 'done' is invalid. expected one of queued, running, completed")
  })
})
