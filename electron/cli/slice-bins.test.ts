import { describe, expect, it } from 'vitest'
import type { TrialSummary } from '../../shared/api/types.ts'
import { runCli } from './program.ts'
import { sliceBins } from './slice-bins.ts'
import { createTestCli } from './testing/capture.ts'

let id = 1
const trial = (index: number, params: Record<string, unknown>, finalValue: number | null, o: Partial<TrialSummary> = {}): TrialSummary => ({
  id: id++, sweepId: 1, index, attempt: 1, status: 'completed', params, seed: 0, finalValue, bestValue: finalValue,
  startedAt: 0, endedAt: 1, exitCode: 0, signal: null, backend: null, backendNote: null, error: null, workerId: null, prunedAtStep: null,
  failureReason: null, failureNote: null, configVersion: 1, rerunOf: null, ...o,
})

describe('show --slices bins', () => {
  it('bins numbers in five equal bins (log over two decades), categories by value, with each bin best and mean', () => {
    const trials = [
      trial(0, { lr: 1e-4, opt: 'adam', x: 0 }, 4), trial(1, { lr: 1e-3, opt: 'sgd', x: 1 }, 2), trial(2, { lr: 1e-2, opt: 'adam', x: 2 }, 1),
      trial(3, { lr: 1e-1, opt: 'adam', x: 10 }, 3), trial(4, { lr: 0.05, opt: 'sgd', x: 3 }, null, { status: 'failed' }), trial(5, { lr: 1e-3, opt: 'adam', x: 4, k: 1 }, 9),
    ]
    const s = sliceBins(trials, 'minimize')
    expect(s.map((x) => [x.name, x.scale])).toEqual([['lr', 'log'], ['opt', 'categorical'], ['x', 'linear']])
    expect(s[0]!.bins).toEqual([
      { label: '0.0001 … 0.0003981', count: 1, best: 4, mean: 4 },
      // Three decades in five bins of 0.6 decades each: 1e-3 sits in the second, 1e-2 in the fourth.
      { label: '0.0003981 … 0.001585', count: 2, best: 2, mean: 5.5 },
      { label: '0.00631 … 0.02512', count: 1, best: 1, mean: 1 },
      { label: '0.02512 … 0.1', count: 1, best: 3, mean: 3 },
    ])
    expect(s[1]!.bins).toEqual([{ label: 'adam', count: 4, best: 1, mean: 17 / 4 }, { label: 'sgd', count: 1, best: 2, mean: 2 }])
    // k has one value: no slice. x: 0..10 in bins of 2, the last one closed.
    expect(s[2]!.bins.map((b) => [b.label, b.count])).toEqual([['0 … 2', 2], ['2 … 4', 1], ['4 … 6', 1], ['8 … 10', 1]])
    expect(sliceBins(trials, 'maximize')[1]!.bins[0]!.best).toBe(9)
  })

  it('prints the blocks from the CLI, and refuses other filters with it', async () => {
    const cli = createTestCli({ setup: (e) => e.addSweep({ name: 'q', metricName: 'loss', status: 'completed', trials: [{ params: { opt: 'adam' }, finalValue: 1 }, { params: { opt: 'sgd' }, finalValue: 2 }] }) })
    expect(await runCli(['show', '1', '--slices'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toContain('slices of loss (minimize): completed trials binned by each parameter\'s value')
    expect(cli.stdout.text).toMatch(/opt\n\s+value\s+trials\s+best loss\s+mean\n\s+adam\s+1\s+1\s+1\n\s+sgd\s+1\s+2\s+2/)
    const bad = createTestCli({ setup: (e) => e.addSweep({ name: 'q', trials: [] }) })
    expect(await runCli(['show', '1', '--slices', '--limit', '2'], bad.ctx)).toBe(2)
  })
})
