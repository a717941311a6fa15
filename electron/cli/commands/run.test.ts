import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { guardOutput, type GuardedOutput } from '../guarded-output.ts'
import type { SweepResultJson } from '../watch-sweep.ts'
import { runCli } from '../program.ts'
import { createTestCli, TEST_DB } from '../testing/capture.ts'
import type { FakeSweepInit } from '../testing/fake-engine.ts'

/** A file the engine's parser accepts: run checks it before it opens the workspace. */
const SPEC = 'method: grid\ntrainer: noop\nparameters:\n  x: {values: [1, 2]}\n'

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweeplab-cli-'))
  file = join(dir, 'sweep.yaml')
  writeFileSync(file, SPEC)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const twoGood: FakeSweepInit = {
  name: 'mnist',
  plan: [
    { params: { lr: 0.1, opt: { name: 'adam' } }, finalValue: 0.0312 },
    { params: { lr: 0.01, opt: { name: 'sgd' } }, finalValue: 0.05, durationMs: 65_000 },
  ],
}

function cliWith(init: FakeSweepInit, isTTY = false) {
  return createTestCli({ isTTY, setup: (e) => (e.nextSweep = init) })
}

describe('sweeplab run', () => {
  it('prints a line per ended trial and a summary with the top trials, and exits 0', async () => {
    const cli = cliWith(twoGood)
    expect(await runCli(['run', file], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(
      [
        `sweep 1 "mnist": grid, 2 trials, db ${TEST_DB}`,
        'trial 1 completed val_loss=0.0312 (3.2s)',
        'trial 2 completed val_loss=0.05 (1m 05s)',
        'sweep 1 "mnist" completed in 10m 00s: 2/2 trials done (2 completed)',
        'best: val_loss=0.0312 (trial 1)',
        '',
        'top 2 by val_loss (minimize):',
        'trial  status     lr    opt.name  val_loss  duration',
        '1      completed  0.1   adam      0.0312    3.2s',
        '2      completed  0.01  sgd       0.05      1m 05s',
        '',
        'export the best config: sweeplab export 1 --best --format yaml > best.yaml',
        'see every trial:        sweeplab show 1',
        '',
      ].join('\n'),
    )
    expect(cli.stderr.text).toBe('')
    expect(cli.engines[0]?.calls[0]).toEqual({ method: 'createSweep', args: { text: SPEC, fileName: file } })
    expect(cli.engines[0]?.shutdownCalls).toHaveLength(1)
  })

  it('says why a trial failed and exits 1 when the sweep failed', async () => {
    const cli = cliWith({ plan: [{ params: { lr: 1 }, finalValue: 0.2 }, { params: { lr: 2 }, status: 'failed', exitCode: 1 }] })
    expect(await runCli(['run', file], cli.ctx)).toBe(1)
    expect(cli.stdout.text).toContain('\ntrial 2 failed: exit code 1\n')
    expect(cli.stdout.text).toContain('sweep 1 "sweep-1" failed in 10m 00s: 2/2 trials done (1 completed, 1 failed)')
  })

  it('--json prints one object with the summary and the trials, and nothing else', async () => {
    const cli = cliWith(twoGood)
    expect(await runCli(['run', file, '--json'], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as SweepResultJson
    expect(out).toMatchObject({ id: 1, name: 'mnist', status: 'completed', done: 2, total: 2, bestValue: 0.0312, bestTrialId: 1 })
    expect(out.trials.map((t) => [t.id, t.status, t.finalValue])).toEqual([[1, 'completed', 0.0312], [2, 'completed', 0.05]])
  })

  it('--quiet prints only the final status line', async () => {
    const cli = cliWith(twoGood)
    expect(await runCli(['run', file, '-q'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('sweep 1 "mnist" completed in 10m 00s: 2/2 trials done (2 completed)\n')
  })

  it('rejects a bad spec with its located problems on stderr, exit 2, without opening the workspace', async () => {
    writeFileSync(file, 'method: nope\ntrainer: noop\nparameters:\n  x: {values: [1, 2]}\ntimeout: 0s\n')
    const db = join(dir, 'ws', 'w.db')
    const cli = cliWith(twoGood)
    expect(await runCli(['run', file, '--db', db], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe([
      `error: ${file}:1:9 method: expected one of grid, random, bayes, got "nope"`,
      `${file}:5:10 timeout: expected a duration between 1ms and 24 days, got "0s"`,
      '',
    ].join('\n'))
    expect(cli.stdout.text).toBe('')
    expect(cli.engines).toHaveLength(0)
    expect(existsSync(join(dir, 'ws'))).toBe(false)
  })

  it('exits 2 for a missing sweep file without opening the workspace', async () => {
    const cli = cliWith(twoGood)
    expect(await runCli(['run', join(dir, 'nope.yaml')], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe(`error: cannot read sweep file ${join(dir, 'nope.yaml')}: no such file\n`)
    expect(cli.engines).toHaveLength(0)
  })

  it('passes --db, --workers and a --verbose log sink to the engine', async () => {
    const cli = cliWith(twoGood)
    await runCli(['--verbose', 'run', file, '--workers', '3', '--db', join(dir, 'w.db'), '-q'], cli.ctx)
    const opts = cli.engines[0]?.options
    expect(opts).toMatchObject({ dbPath: join(dir, 'w.db'), maxWorkers: 3, shutdownGraceMs: 10_000 })
    opts?.log?.('hello')
    expect(cli.stderr.text).toBe('[engine] hello\n')
  })

  it('adds --db to the suggested commands when one was given', async () => {
    const cli = cliWith(twoGood)
    await runCli(['run', file, '--db', "my dir/it's.db"], cli.ctx)
    expect(cli.stdout.text).toContain(`sweeplab export 1 --db 'my dir/it'\\''s.db' --best`)
  })

  it('rejects --workers 0 as bad usage', async () => {
    const cli = cliWith(twoGood)
    expect(await runCli(['run', file, '--workers', '0'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toContain("option '--workers <n>' argument '0' is invalid. expected a positive integer")
  })

  it('draws a progress bar with done/total and the best value in a terminal, failures above it', async () => {
    const plan = [...(twoGood.plan ?? []), { params: { lr: 1, opt: { name: 'x' } }, status: 'crashed' as const, signal: 'SIGKILL' }]
    const cli = cliWith({ ...twoGood, plan }, true)
    expect(await runCli(['run', file], cli.ctx)).toBe(1)
    expect(cli.stdout.text).toContain('] 3/3 trials | 0 running | best val_loss=0.0312 | took ')
    expect(cli.stdout.text).toContain('trial 3 \u001b[31mcrashed\u001b[39m: out of memory: killed by SIGKILL, which Sweeplab did not send (usually the kernel\'s out-of-memory killer)\n')
    expect(cli.stdout.text).not.toContain('trial 1 completed')
  })

  it('leaves colors out in a terminal when NO_COLOR is set', async () => {
    const cli = createTestCli({ isTTY: true, env: { NO_COLOR: '1' }, setup: (e) => (e.nextSweep = twoGood) })
    expect(await runCli(['run', file], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toContain('sweep 1 "mnist" completed in')
    expect(cli.stdout.text).toContain('\ntrial  status     lr    opt.name  val_loss  duration\n')
  })

  it('counts trials without a bar when the sweep is unbounded', async () => {
    const cli = cliWith({ ...twoGood, total: null }, true)
    expect(await runCli(['run', file], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toMatch(/[|/\\-] 2 trials done \| 0 running \| best val_loss=0\.0312 \| elapsed/)
  })
})

/**
 * A pipe whose reader goes away after the first line (`sweeplab run f | head -1`): later writes fail
 * with EPIPE, as on a real pipe. Seen through the same guard the process context puts on stdout.
 */
function pipeClosingAfterFirstLine(): { out: GuardedOutput; text: () => string } {
  let text = ''
  const pipe = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (text.includes('\n')) return cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
      text += String(chunk)
      cb()
    },
  })
  return { out: guardOutput(pipe), text: () => text }
}

describe('sweeplab run, stdout closed by its reader (EPIPE)', () => {
  it('stops as on SIGTERM: graceful shutdown, sweep interrupted, a note and the resume hint on stderr', async () => {
    const cli = cliWith({ hang: true, total: 10, plan: [{ params: { lr: 0.1 }, finalValue: 0.3 }, { params: { lr: 0.2 }, finalValue: 0.2 }] })
    const pipe = pipeClosingAfterFirstLine()
    cli.ctx.stdout = pipe.out
    cli.ctx.onStdoutClosed = (h) => pipe.out.onClose(h)
    expect(await runCli(['run', file], cli.ctx)).toBe(1)
    expect(pipe.out.closed).toBe(true)
    expect(pipe.text()).toBe(`sweep 1 "sweep-1": grid, 10 trials, db ${TEST_DB}\n`)
    expect(cli.engines[0]?.shutdownCalls).toEqual([{ reason: 'stdout was closed (EPIPE)' }])
    expect(cli.stderr.text).toBe([
      'stdout was closed (EPIPE); stopping: waiting up to 10s for running trials (Ctrl-C again to kill now)',
      'sweep 1 "sweep-1" interrupted in 10m 00s: 1/10 trials done (1 completed)',
      'continue it: sweeplab resume 1',
      '',
    ].join('\n'))
  })

})

describe('sweeplab run, stopped by a signal', () => {
  it('shuts down gracefully on the first Ctrl-C, summarises what it saw, and exits 1', async () => {
    const cli = cliWith({ hang: true, total: 10, plan: [{ params: { lr: 0.1 }, finalValue: 0.3 }] })
    const done = runCli(['run', file], cli.ctx)
    await vi.waitFor(() => expect(cli.stdout.text).toContain('trial 1 completed'))
    cli.signal('SIGINT')
    expect(await done).toBe(1)
    expect(cli.stderr.text).toBe('')
    expect(cli.stdout.text).toContain('stopping: waiting up to 10s for running trials (Ctrl-C again to kill now)\n')
    expect(cli.stdout.text).toContain('sweep 1 "sweep-1" interrupted in 10m 00s: 1/10 trials done (1 completed)')
    expect(cli.stdout.text).toContain('continue it:            sweeplab resume 1')
    expect(cli.engines[0]?.shutdownCalls).toEqual([{ reason: 'SIGINT' }])
  })

  it('kills at once on the second signal', async () => {
    const cli = cliWith({ hang: true, total: 10, plan: [] })
    const done = runCli(['run', file, '--json'], cli.ctx)
    await vi.waitFor(() => expect(cli.engines[0]?.calls.some((c) => c.method === 'getSweep')).toBe(true))
    cli.signal('SIGTERM')
    cli.signal('SIGTERM')
    expect(await done).toBe(1)
    expect(cli.engines[0]?.shutdownCalls).toEqual([{ reason: 'SIGTERM' }, { graceMs: 0, reason: 'SIGTERM' }])
    expect(cli.stderr.text).toContain('killing running trials now')
    expect(JSON.parse(cli.stdout.text)).toMatchObject({ status: 'interrupted', trials: [] })
  })
})
