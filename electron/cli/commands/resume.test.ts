import { describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'

function interrupted(e: FakeEngine): void {
  e.addSweep({
    name: 'mnist', status: 'interrupted', total: 3,
    trials: [{ params: { lr: 1 }, finalValue: 0.4 }],
    plan: [{ params: { lr: 2 }, finalValue: 0.2 }, { params: { lr: 3 }, finalValue: 0.3 }],
  })
  e.addSweep({ name: 'dup', status: 'interrupted' })
  e.addSweep({ name: 'dup', status: 'interrupted' })
  e.addSweep({ name: 'done', status: 'completed' })
}

describe('sweeplab resume', () => {
  it('resumes a sweep by name, follows it, and exits 0 when it completes', async () => {
    const cli = createTestCli({ setup: interrupted })
    expect(await runCli(['resume', 'mnist'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toMatch(/^resuming sweep 1 "mnist": 2 trials requeued, 1\/3 done\n/)
    expect(cli.stdout.text).toContain('trial 2 completed val_loss=0.2 (3.2s)\ntrial 3 completed val_loss=0.3 (3.2s)\n')
    expect(cli.stdout.text).toContain('sweep 1 "mnist" completed in 10m 00s: 3/3 trials done (3 completed)')
    expect(cli.stdout.text).toContain('best: val_loss=0.2 (trial 2)')
    expect(cli.engines[0]?.calls.find((c) => c.method === 'resumeSweep')?.args).toEqual({ sweepId: 1 })
  })

  it('resumes by id with --json', async () => {
    const cli = createTestCli({ setup: interrupted })
    expect(await runCli(['resume', '1', '--json'], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as { status: string; trials: unknown[] }
    expect(out.status).toBe('completed')
    expect(out.trials).toHaveLength(3)
  })

  it('asks for the id when a name is ambiguous (exit 2)', async () => {
    const cli = createTestCli({ setup: interrupted })
    expect(await runCli(['resume', 'dup'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: 2 sweeps are named "dup" (ids 2, 3); give the id instead\n')
  })

  it('reports an unknown sweep as bad input (exit 2)', async () => {
    const cli = createTestCli({ setup: interrupted })
    expect(await runCli(['resume', 'ghost'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: no sweep with id or name "ghost" (see sweeplab ls)\n')
  })

  it("passes on the engine's refusal to resume a completed sweep (exit 1)", async () => {
    const cli = createTestCli({ setup: interrupted })
    expect(await runCli(['resume', 'done'], cli.ctx)).toBe(1)
    expect(cli.stderr.text).toBe('error: sweep 4 is already completed\n')
  })
})
