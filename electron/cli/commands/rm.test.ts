import { describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'

const setup = (e: FakeEngine): void => {
  e.addSweep({ name: 'old', status: 'completed', trials: [{ params: { x: 1 }, finalValue: 1 }, { params: { x: 2 }, status: 'failed' }] })
  e.addSweep({ name: 'live', status: 'running', trials: [{ params: {}, status: 'running' }] })
  e.addSweep({ name: 'one', status: 'cancelled', trials: [{ params: {}, status: 'cancelled' }] })
}

const deleteCalls = (cli: ReturnType<typeof createTestCli>) => cli.engines.flatMap((e) => e.calls).filter((c) => c.method === 'deleteSweep')

describe('sweeplab rm', () => {
  it('asks on a terminal and deletes on yes', async () => {
    const cli = createTestCli({ setup, answers: ['y'] })
    expect(await runCli(['rm', 'old'], cli.ctx)).toBe(0)
    expect(cli.questions).toEqual(['delete sweep 1 "old" (completed, 2 trials) with its metrics, logs and trial files? [y/N] '])
    expect(cli.stdout.text).toBe('deleted sweep 1 "old" (completed, 2 trials)\n')
    expect(deleteCalls(cli)).toEqual([{ method: 'deleteSweep', args: { sweepId: 1 } }])
  })

  it('accepts "yes" in any case, and keeps the sweep on anything else (exit 1)', async () => {
    const yes = createTestCli({ setup, answers: [' YES '] })
    expect(await runCli(['rm', '3'], yes.ctx)).toBe(0)
    expect(yes.stdout.text).toBe('deleted sweep 3 "one" (cancelled, 1 trial)\n')
    for (const answer of ['', 'n', 'nope', 'yy', null]) {
      const cli = createTestCli({ setup, answers: [answer] })
      expect(await runCli(['rm', '1'], cli.ctx)).toBe(1)
      expect(cli.stderr.text).toBe('sweep 1 "old" was not deleted\n')
      expect(cli.stdout.text).toBe('')
      expect(deleteCalls(cli)).toEqual([])
    }
  })

  it('deletes without asking with --yes or -y', async () => {
    for (const flag of ['--yes', '-y']) {
      const cli = createTestCli({ setup, answers: [] })
      expect(await runCli(['rm', '1', flag], cli.ctx)).toBe(0)
      expect(cli.questions).toEqual([])
      expect(deleteCalls(cli)).toHaveLength(1)
    }
  })

  it('refuses without --yes when stdin is not a terminal, saying to pass it (exit 2)', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['rm', '1'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: not deleting sweep 1 "old" (completed, 2 trials) without confirmation: stdin is not a terminal; pass --yes to delete it\n')
    expect(deleteCalls(cli)).toEqual([])
  })

  it('refuses a running sweep before asking, with the command that stops it (exit 1)', async () => {
    const cli = createTestCli({ setup, answers: [] })
    expect(await runCli(['rm', 'live', '--yes'], cli.ctx)).toBe(1)
    expect(cli.stderr.text).toBe('error: sweep 2 "live" is running; stop it first (sweeplab cancel 2), then delete it\n')
    const asked = createTestCli({ setup, answers: [] })
    expect(await runCli(['rm', 'live'], asked.ctx)).toBe(1)
    expect(asked.questions).toEqual([])
  })

  it('passes on the engine refusal when the sweep started running meanwhile (exit 1)', async () => {
    const cli = createTestCli({
      answers: ['y'],
      setup: (e) => {
        setup(e)
        const ask = cli.ctx.ask!
        cli.ctx.ask = async (q) => {
          const a = await ask(q)
          await e.resumeSweep({ sweepId: 3 })
          return a
        }
      },
    })
    expect(await runCli(['rm', '3'], cli.ctx)).toBe(1)
    expect(cli.stderr.text).toMatch(/^error: sweep 3 "one" is being run by process 4242; stop it first/)
  })

  it('exits 2 for an unknown sweep', async () => {
    const cli = createTestCli({ setup, answers: [] })
    expect(await runCli(['rm', '9', '--yes'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: no sweep 9\n')
  })
})
