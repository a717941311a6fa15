import { describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import type { FakeEngine } from '../testing/fake-engine.ts'

describe('sweeplab cancel', () => {
  const setup = (e: FakeEngine): void => {
    e.addSweep({ name: 'done', status: 'completed', trials: [{ params: {}, finalValue: 1 }] })
    e.addSweep({ name: 'live', status: 'running', trials: [{ params: {}, status: 'running' }] })
  }

  it('cancels a running sweep by name', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['cancel', 'live'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('sweep 2 cancelled\n')
  })

  it('says there is nothing to cancel for a finished sweep', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['cancel', '1'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('sweep 1 is completed; nothing to cancel\n')
  })

  it('forwards a trial cancel to the process that runs it', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['cancel', '2', '--trial', '2'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('trial 2: cancel requested; process 4242 stops it within a second\n')
  })

  it('exits 2 for an unknown sweep or trial, as docs/cli.md says', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['cancel', '9'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: no sweep 9\n')
    const cli2 = createTestCli({ setup })
    expect(await runCli(['cancel', '2', '--trial', '99'], cli2.ctx)).toBe(2)
    expect(cli2.stderr.text).toBe('error: no trial 99\n')
  })

  it('refuses a trial of another sweep and a malformed trial id with exit 2', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['cancel', '2', '--trial', '1'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toMatch(/trial 1 belongs to sweep 1, not 2/)
    const cli2 = createTestCli({ setup })
    expect(await runCli(['cancel', '2', '--trial', 'abc'], cli2.ctx)).toBe(2)
  })
})
