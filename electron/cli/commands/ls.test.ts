import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SweepSummary } from '../../../shared/api/types.ts'
import { runCli } from '../program.ts'
import { createTestCli, TEST_DB } from '../testing/capture.ts'
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
        'id  name      method  status     done  best             created  duration  eta',
        '2   cifar     random  running    1/∞   -                2h ago   2h 00m    no end',
        '1   mnist-lr  grid    completed  2/2   val_loss=0.0312  2h ago   -         -',
        'workspace: 3.5 MB (database 1.0 MB, trial files 2.0 MB, datasets and cache 500 kB)',
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
    expect(await runCli(['ls', '--db', TEST_DB], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(`no sweeps yet in ${TEST_DB}\nstart one: sweeplab run sweep.yaml\n`)
  })
})

describe('read commands on a --db that is not a workspace', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweeplab-ls-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it.each([['ls'], ['show', '1'], ['export', '1', '--best'], ['cancel', '1'], ['resume', '1']])('%s on a missing file exits 2 and creates nothing', async (...args) => {
    const db = join(dir, 'typo', 'w.db')
    const cli = createTestCli()
    expect(await runCli([...args, '--db', db], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe(`error: no workspace at ${db} (run a sweep first, or check --db / SWEEPLAB_DB)\n`)
    expect(cli.stdout.text).toBe('')
    expect(cli.engines).toHaveLength(0)
    expect(existsSync(join(dir, 'typo'))).toBe(false)
  })

  it.each([['ls'], ['show', '1'], ['run', 'sweep.yaml'], ['data', 'ls']])('%s on a directory exits 2 and says --db takes the file', async (...args) => {
    writeFileSync(join(dir, 'sweep.yaml'), 'method: grid\ntrainer: noop\nparameters:\n  x: {values: [1]}\n')
    const cli = createTestCli()
    const argv = args.map((a) => (a === 'sweep.yaml' ? join(dir, a) : a))
    expect(await runCli([...argv, '--db', dir], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe(`error: ${dir} is a directory; --db takes the workspace's .db file\n`)
    expect(cli.engines).toHaveLength(0)
  })

  it('takes SWEEPLAB_DB the same way', async () => {
    const db = join(dir, 'nope.db')
    const cli = createTestCli({ env: { SWEEPLAB_DB: db } })
    expect(await runCli(['ls'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toContain(`no workspace at ${db}`)
    expect(existsSync(db)).toBe(false)
  })
})
