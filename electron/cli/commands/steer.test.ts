import { describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'
import { parseParamEdits } from './steer.ts'

describe('sweeplab pause / edit / versions / rerun / rerun-best', () => {
  const setup = (e: FakeEngine): void => {
    e.addSweep({ name: 'done', status: 'completed', trials: [{ params: { lr: 0.1 }, finalValue: 1 }, { params: { lr: 0.2 }, finalValue: 0.5 }] })
    e.addSweep({ name: 'live', status: 'running', trials: [{ params: {}, status: 'running' }] })
  }

  it('pauses a sweep another process runs and says how to continue it', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['pause', 'live'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('sweep 2 paused; process 4242, which runs it, starts no new trial from now on (running ones finish). Continue it: sweeplab resume 2\n')
  })

  it('refuses to pause an ended sweep with exit 1', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['pause', 'done'], cli.ctx)).toBe(1)
    expect(cli.stderr.text).toBe('error: sweep 1 is completed\n')
  })

  it('edits single keys (none removes one) and passes a dry run and a note through', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['edit', '2', '--run-cap', '40', '--max-duration', 'none', '--workers', '3', '--note', 'more', '--dry-run'], cli.ctx)).toBe(0)
    expect(cli.engines[0]!.calls.filter((c) => c.method === 'updateSweep').map((c) => c.args)).toEqual([
      { sweepId: 2, set: { run_cap: 40, workers: 3, max_duration: null }, note: 'more', dryRun: true },
    ])
    expect(cli.stdout.text).toBe('dry run: version 2 of sweep 2 would be (2 trials left to sample of 1)\n  run_cap: → 40\n  workers: → 3\n  max_duration: → null\n')
  })

  it('needs something to change, and a number or none for counts', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['edit', '2'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toMatch(/give --file with the new sweep file/)
    const cli2 = createTestCli({ setup })
    expect(await runCli(['edit', '2', '--run-cap', 'lots'], cli2.ctx)).toBe(2)
    expect(cli2.stderr.text).toBe('error: --run-cap: expected a positive integer or none, got "lots"\n')
  })

  it('lists versions and prints one', async () => {
    const list = createTestCli({ setup: (e) => { setup(e); void e.updateSweep({ sweepId: 1, set: { run_cap: 5 } }) } })
    expect(await runCli(['versions', '1'], list.ctx)).toBe(0)
    expect(list.stdout.text).toMatch(/^v1 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}2 trials\nv2 \(current\) {2}.* {2}0 trials {2}edit 1\n$/)
    const show = createTestCli({ setup })
    expect(await runCli(['versions', '1', '--show', '1'], show.ctx)).toBe(0)
    expect(show.stdout.text).toBe('method: grid\n')
    const missing = createTestCli({ setup })
    expect(await runCli(['versions', '1', '--show', '3'], missing.ctx)).toBe(2)
  })

  it('reruns a trial with edited params read as YAML scalars, in the process that runs the sweep', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['rerun', '1', '--param', 'lr=0.5', '--param', 'model.layers=2', '--param', 'opt=adam', '--seed', '9'], cli.ctx)).toBe(0)
    expect(cli.engines[0]!.calls.find((c) => c.method === 'rerunTrial')?.args).toEqual({ trialId: 1, params: { lr: 0.5, 'model.layers': 2, opt: 'adam' }, seed: 9 })
    expect(cli.stdout.text).toBe('1 rerun queued in sweep 1 (trial 4); process 4242 runs the sweep and starts them\n')
  })

  it('reruns the best k configs with n seeds', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['rerun-best', 'done', '--top', '2', '--seeds', '3'], cli.ctx)).toBe(0)
    expect(cli.engines[0]!.calls.find((c) => c.method === 'rerunBest')?.args).toEqual({ sweepId: 1, top: 2, seeds: 3 })
    expect(cli.stdout.text).toMatch(/^6 reruns queued in sweep 1 \(trials 4, 5, 6, 7, 8, 9\); process 4242/)
    const bad = createTestCli({ setup })
    expect(await runCli(['rerun-best', 'done', '--top', '0', '--seeds', '3'], bad.ctx)).toBe(2)
  })

  it('reads --param values as YAML scalars and refuses a pair without a name', () => {
    expect(parseParamEdits(['a=1', 'b=true', 'c=x=y', 'd=', 'e=[1, 2]'])).toEqual({ a: 1, b: true, c: 'x=y', d: '', e: [1, 2] })
    expect(() => parseParamEdits(['=3'])).toThrow(/expected name=value/)
  })
})
