import { describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'
import type { ImportanceResult } from '../../../shared/api/types.ts'
import { importanceBar, type ShowJson } from './show.ts'

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
        'failures: nonzero_exit 1, pruned 1',
        'files 2.0 MB',
        '',
        'trial  status     reason        lr   note                      opt.beta  acc   duration',
        '3      completed                0.3                            0.9       0.95  3.2s',
        '1      completed                0.1  a very long note that w…            0.91  3.2s',
        '5      completed                0.5                                      0.91  3.2s',
        '2      failed     nonzero_exit  0.2                                      -     3.2s',
        '4      pruned     pruned        0.4                                      0.99  3.2s',
        '',
        'trial 2  nonzero_exit  exit code 1',
        'trial 4  pruned        stopped by early termination',
        '',
      ].join('\n'),
    )
  })

  it("says what the sweep's constraints skipped, under the header", async () => {
    for (const [method, skipped, line] of [
      ['grid', { count: 6, exact: true, combinations: 18 }, 'constraints skipped 6 of 18 grid points'],
      ['random', { count: 41, exact: true }, 'constraints rejected 41 sampled points (drawn again)'],
      ['bayes', { count: 3, exact: false }, 'constraints rejected at least 3 sampled points (drawn again)'],
    ] as const) {
      const cli = createTestCli({ setup: (e) => e.addSweep({ name: 's', method, status: 'completed', skipped, trials: [{ params: { lr: 0.1 }, finalValue: 1 }] }) })
      expect(await runCli(['show', '1'], cli.ctx)).toBe(0)
      expect(cli.stdout.text.split('\n')[3]).toBe(line)
    }
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

  it('filters by --reason and rejects an unknown one', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', '1', '--reason', 'nonzero_exit'], cli.ctx)).toBe(0)
    const rows = cli.stdout.text.split('\n').filter((l) => /^\d+ /.test(l))
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['2'])
    const none = createTestCli({ setup })
    expect(await runCli(['show', '1', '--reason', 'oom'], none.ctx)).toBe(0)
    expect(none.stdout.text).toContain('no oom trials')
    const bad = createTestCli({ setup })
    expect(await runCli(['show', '1', '--reason', 'memory'], bad.ctx)).toBe(2)
    expect(bad.stderr.text).toContain("argument 'memory' is invalid. expected one of nan_metric, oom, nonzero_exit")
  })

  it('rejects an unknown --status as bad usage', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['show', '1', '--status', 'done'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toContain("argument 'done' is invalid. expected one of queued, running, completed")
  })

  describe('--importance', () => {
    /** 24 trials on a grid: acc depends strongly on lr, a little on the optimizer, not on seed_offset. */
    function tuned(e: FakeEngine): void {
      const trials = []
      for (const lr of [0.1, 0.2, 0.3, 0.4]) {
        for (const opt of ['adam', 'sgd']) {
          for (const seedOffset of [1, 2, 3]) trials.push({ params: { lr, opt, seed_offset: seedOffset }, finalValue: lr + (opt === 'sgd' ? 0.02 : 0) + seedOffset * 1e-4 * (lr * 10 % 3) })
        }
      }
      e.addSweep({ name: 'tuned', status: 'completed', goal: 'maximize', metricName: 'acc', trials })
    }

    it('prints each parameter with a bar, its 90% interval, correlation and rank stability, most important first', async () => {
      const cli = createTestCli({ setup: tuned })
      expect(await runCli(['show', 'tuned', '--importance'], cli.ctx)).toBe(0)
      const lines = cli.stdout.text.split('\n')
      expect(lines[0]).toBe('sweep 1 "tuned" completed: 24/24 trials done (24 completed)')
      expect(lines[1]).toBe('importance for acc (maximize) from 24 finished trials: fANOVA on a 48-tree random forest, intervals over 30 bootstrap resamples')
      expect(lines[3]).toMatch(/^parameter\s+scale\s+importance\s+90% interval\s+correlation\s+rank held$/)
      const rows = lines.slice(4, 7).map((l) => l.split(/ {2,}/))
      expect(rows.map((r) => [r[0], r[1]])).toEqual([['lr', 'linear'], ['opt', 'categorical'], ['seed_offset', 'linear']])
      const [lr, opt] = rows
      expect(lr![2]).toMatch(/^█{9,10}/)
      expect(Number(lr![3]!.replace('%', ''))).toBeGreaterThan(90)
      expect(lr![4]).toMatch(/^\d+%–\d+%$/)
      expect(lr![5]).toMatch(/^\+(0\.9\d|1\.00)$/)
      expect(lr![6]).toBe('100%')
      expect(opt![opt!.length - 2]).toBe('-')
      expect(cli.stdout.text).toContain('rank held: share of resamples that rank it the same')
    })

    it('says how many more finished trials it needs', async () => {
      const cli = createTestCli({ setup })
      expect(await runCli(['show', 'mnist', '--importance'], cli.ctx)).toBe(0)
      // 4 trials with a value (the pruned one counts, the failed one does not); lr, note and opt.beta vary.
      expect(cli.stdout.text.split('\n')[1]).toBe('importance: 6 more finished trials with a value of acc needed (4 of 10 for 3 parameters)')
    })

    it('--json prints the API result', async () => {
      const cli = createTestCli({ setup: tuned })
      expect(await runCli(['show', '1', '--importance', '--json'], cli.ctx)).toBe(0)
      const out = JSON.parse(cli.stdout.text) as ImportanceResult
      expect(out).toMatchObject({ ok: true, metric: 'acc', goal: 'maximize', trials: 24 })
      expect(out.ok && out.params.map((p) => p.name)).toEqual(['lr', 'opt', 'seed_offset'])
      expect(cli.engines[0]!.calls.map((c) => c.method)).toContain('getImportance')
    })

    it('refuses --status and --limit, which it would ignore, as bad usage', async () => {
      const cli = createTestCli({ setup: tuned })
      expect(await runCli(['show', '1', '--importance', '--status', 'completed'], cli.ctx)).toBe(2)
      expect(cli.stderr.text).toBe('error: --importance ranks parameters over all finished trials; it takes no --status, --reason or --limit\n')
      expect(cli.engines.flatMap((e) => e.calls)).toEqual([])
    })

    it('draws bars in eighths of a cell, padded to one width', () => {
      expect(importanceBar(1)).toBe('██████████')
      expect(importanceBar(0.5)).toBe('█████     ')
      expect(importanceBar(0.0125)).toBe('▏         ')
      expect(importanceBar(0)).toBe('          ')
    })
  })
})

describe('sweeplab show, a sweep with repeats', () => {
  function withRepeats(e: FakeEngine): void {
    e.addSweep({
      name: 'noisy', status: 'completed', goal: 'minimize', metricName: 'loss', repeats: 2,
      trials: [
        { params: { lr: 0.1 }, finalValue: 1 }, { params: { lr: 0.1 }, finalValue: 3 },
        { params: { lr: 0.2 }, finalValue: 0.5 }, { params: { lr: 0.2 }, status: 'failed', exitCode: 1 },
      ],
    })
  }

  it('lists the configs by mean ± std with n before the trials', async () => {
    const cli = createTestCli({ setup: withRepeats })
    expect(await runCli(['show', '1'], cli.ctx)).toBe(0)
    const out = cli.stdout.text.split('\n')
    const start = out.indexOf('configs (each run with 2 seeds), best mean first')
    expect(out.slice(start, start + 5)).toEqual([
      'configs (each run with 2 seeds), best mean first',
      'config  status     lr   loss mean ± std  n    trials',
      '1       completed  0.2  0.5              1/2  3,4',
      '0       completed  0.1  2 ± 1.414        2/2  1,2',
      '',
    ])
    expect(out[start + 5]).toBe('trials')
  })

  it('--json adds the configs, best mean first', async () => {
    const cli = createTestCli({ setup: withRepeats })
    expect(await runCli(['show', '1', '--json'], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as ShowJson
    expect(out.configs!.map((c) => [c.configIndex, c.mean, c.n, c.trialIds])).toEqual([[1, 0.5, 1, [3, 4]], [0, 2, 2, [1, 2]]])
  })
})

describe('sweeplab show on a running sweep', () => {
  it('prints its files, its projected finish and why it waits', async () => {
    const cli = createTestCli({
      setup: (e) => e.addSweep({
        name: 'big', status: 'running', total: 10, waiting: 'paused: 800 MB free on /w, needs 2.0 GB (disk.min_free); running trials go on and new ones start once space is freed',
        timing: { finished: 2, meanMs: 60_000, sdMs: 0, runningSince: [], concurrency: 2 },
        trials: [{ params: { lr: 0.1 }, finalValue: 0.5 }, { params: { lr: 0.2 }, finalValue: 0.4 }],
      }),
    })
    expect(await runCli(['show', '1'], cli.ctx)).toBe(0)
    const lines = cli.stdout.text.split('\n')
    expect(lines[3]).toMatch(/^files 2\.0 MB {3}eta ~4m \(\d+m( \d+s)?–\d+m( \d+s)?\), around \d\d:\d\d UTC$/)
    expect(lines[4]).toBe('paused: 800 MB free on /w, needs 2.0 GB (disk.min_free); running trials go on and new ones start once space is freed')
  })
})
