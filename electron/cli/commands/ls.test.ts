import { describe, expect, it } from 'vitest'
import type { SweepSummary } from '../../../shared/api/types.ts'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'

describe('sweeplab ls', () => {
  const setup = (e: FakeEngine): void => {
    e.addSweep({ name: 'mnist-lr', status: 'completed', trials: [{ params: {}, finalValue: 0.0312 }, { params: {}, finalValue: 0.5 }] })
    e.addSweep({ name: 'cifar', method: 'random', status: 'running', total: null, trials: [{ params: {}, status: 'failed' }] })
  }

  it('lists sweeps newest first with progress, best value and age', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['ls'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(
      [
        'id  name      method  status     done  best             created  duration',
        '2   cifar     random  running    1/∞   -                2h ago   2h 00m',
        '1   mnist-lr  grid    completed  2/2   val_loss=0.0312  2h ago   -',
        '',
      ].join('\n'),
    )
  })

  it('--json prints the summaries', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['ls', '--json'], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as SweepSummary[]
    expect(out.map((s) => [s.id, s.name, s.status, s.done, s.total])).toEqual([[2, 'cifar', 'running', 1, null], [1, 'mnist-lr', 'completed', 2, 2]])
  })

  it('says how to start when the workspace is empty', async () => {
    const cli = createTestCli()
    expect(await runCli(['ls', '--db', '/tmp/x/empty.db'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('no sweeps yet in /tmp/x/empty.db\nstart one: sweeplab run sweep.yaml\n')
  })
})
