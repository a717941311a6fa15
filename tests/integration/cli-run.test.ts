import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspace, REPO_ROOT, runCli, waitFor, type Workspace } from './helpers.ts'

describe('the sweeplab CLI on a real workspace', () => {
  let ws: Workspace
  beforeEach(() => {
    ws = createWorkspace()
  })
  afterEach(async () => {
    await ws.cleanup()
  })

  it('refuses a malformed sweep file with exit 2, a located message, and writes nothing', async () => {
    const file = ws.write('bad.yaml', 'method: grid\nparameters:\n  lr:\n    min: 1e-3x\n    max: 0.1\n  bs: {valeus: [1, 2]}\n')
    const { code, stderr, stdout } = await runCli(['run', file, '--db', ws.dbPath]).done
    expect(code).toBe(2)
    expect(stderr).toMatch(/bad\.yaml:4:10 parameters\.lr\.min: .*number/)
    expect(stderr).toMatch(/bad\.yaml:6:\d+ parameters\.bs/)
    expect(stdout).toBe('')
    const sweeps = existsSync(ws.dbPath) ? ws.query<{ n: number }>('SELECT count(*) AS n FROM sweeps')[0]!.n : 0
    expect(sweeps).toBe(0)
    // Not even an empty workspace, nor its folder: the file is checked before the database opens.
    const db = join(ws.dir, 'new', 'w.db')
    const again = await runCli(['run', file, '--db', db]).done
    expect(again.code).toBe(2)
    expect(existsSync(db)).toBe(false)
    expect(existsSync(join(ws.dir, 'new'))).toBe(false)
  })

  it('refuses read commands on a --db that does not exist, creating nothing (exit 2)', async () => {
    const db = join(ws.dir, 'typo.db')
    for (const args of [['ls'], ['show', '1'], ['export', '1', '--trials'], ['cancel', '1']]) {
      const r = await runCli([...args, '--db', db]).done
      expect([args[0], r.code, r.stderr]).toEqual([args[0], 2, `error: no workspace at ${db} (run a sweep first, or check --db / SWEEPLAB_DB)\n`])
    }
    expect(existsSync(db)).toBe(false)
    const dir = await runCli(['ls', '--db', ws.dir]).done
    expect([dir.code, dir.stderr]).toEqual([2, `error: ${ws.dir} is a directory; --db takes the workspace's .db file\n`])
  })

  it('runs the Node example end to end, then lists, shows and exports it', async () => {
    const example = join(REPO_ROOT, 'resources', 'examples', 'quadratic-node.yaml')
    const run = await runCli(['run', example, '--db', ws.dbPath]).done
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)

    const ls = JSON.parse((await runCli(['ls', '--json', '--db', ws.dbPath]).done).stdout) as Array<{ id: number; status: string }>
    expect(ls).toHaveLength(1)
    expect(ls[0]!.status).toBe('completed')

    const show = await runCli(['show', String(ls[0]!.id), '--db', ws.dbPath]).done
    expect(show.code).toBe(0)
    expect(show.stdout).toMatch(/completed/)

    const best = await runCli(['export', String(ls[0]!.id), '--best', '--format', 'json', '--db', ws.dbPath]).done
    expect(best.code).toBe(0)
    const params = JSON.parse(best.stdout) as Record<string, unknown>
    expect(Object.keys(params).length).toBeGreaterThan(0)

    const csv = await runCli(['export', String(ls[0]!.id), '--trials', '--format', 'csv', '--db', ws.dbPath]).done
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,/)
  })

  it('runs the Python example through the Python client', async () => {
    const example = join(REPO_ROOT, 'resources', 'examples', 'quadratic-python.yaml')
    const run = await runCli(['run', example, '--db', ws.dbPath, '--json']).done
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout) as { status: string; trials: Array<{ status: string; finalValue: number | null; error: string | null }> }
    expect(out.status).toBe('completed')
    expect(out.trials).toHaveLength(12)
    // The example's search space includes learning rates that blow up on purpose.
    for (const t of out.trials) {
      if (t.status === 'completed') expect(t.finalValue).not.toBeNull()
      else expect([t.status, t.error]).toEqual(['diverged', expect.stringMatching(/non-finite metric/)])
    }
    expect(out.trials.filter((t) => t.status === 'completed').length).toBeGreaterThan(6)
  })

  it('fails fast when a sweep asks for a GPU and none is detected', async () => {
    const file = ws.write('gpu.yaml', 'method: grid\ntrainer: noop\nresources: {gpu: 1}\nparameters:\n  x: {values: [1]}\n')
    const { code, stderr } = await runCli(['run', file, '--db', ws.dbPath], { env: { SWEEPLAB_NVIDIA_SMI: join(ws.dir, 'no-such-tool') } }).done
    expect(code).toBe(2)
    expect(stderr).toMatch(/resources\.gpu: each trial asks for 1 GPU\(s\) but no GPU was detected/)
  })

  it('stops gracefully on SIGINT, recording running trials as interrupted, and resumes to the end', async () => {
    const train = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')
    const file = ws.write('slow.yaml', [
      'method: grid', 'workers: 2', `program: ${train}`, "command: ['node', '${program}', '${args}']",
      'metric: {name: val_loss}', 'parameters:', '  x: {values: [0.1, 0.2, 0.3, 0.4]}', '  steps: {value: 60}', '  sleep_ms: {value: 50}',
    ].join('\n'))
    const run = runCli(['run', file, '--db', ws.dbPath])
    await waitFor(() => {
      try {
        return ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics')[0]!.n >= 4
      } catch {
        return false
      }
    }, 30_000, 'metrics to arrive')
    run.child.kill('SIGINT')
    const res = await run.done
    expect(res.code).toBe(1)
    const sweep = ws.query<{ status: string }>('SELECT status FROM sweeps')[0]!
    expect(sweep.status).toBe('interrupted')
    const trials = ws.query<{ id: number; status: string }>('SELECT id, status FROM trials')
    expect(trials.length).toBe(2)
    expect(trials.every((t) => t.status === 'interrupted')).toBe(true)
    const kept = ws.query<{ n: number }>('SELECT count(*) AS n FROM metrics')[0]!.n
    expect(kept).toBeGreaterThanOrEqual(4)

    const resumed = await runCli(['resume', '1', '--db', ws.dbPath]).done
    expect(resumed.code).toBe(0)
    const finals = ws.query<{ idx: number; status: string }>("SELECT idx, status FROM trials WHERE status != 'interrupted' ORDER BY idx")
    expect(finals).toEqual([0, 1, 2, 3].map((idx) => ({ idx, status: 'completed' })))
  })

  it('stops as on SIGTERM when its stdout reader goes away (| head -1), leaving the sweep resumable', async () => {
    const train = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')
    const file = ws.write('piped.yaml', [
      'method: grid', 'workers: 1', `program: ${train}`, "command: ['node', '${program}', '${args}']",
      'metric: {name: val_loss}', 'parameters:', '  x: {values: [0.1, 0.2, 0.3]}', '  steps: {value: 20}', '  sleep_ms: {value: 50}',
    ].join('\n'))
    const run = runCli(['run', file, '--db', ws.dbPath])
    // The reader closes after the first line, as `head -1` does; the next line the CLI writes gets EPIPE.
    let firstLine = ''
    run.child.stdout!.on('data', (c) => {
      firstLine += String(c)
      if (firstLine.includes('\n')) run.child.stdout!.destroy()
    })
    const res = await run.done
    expect(firstLine).toMatch(/^sweep 1 "piped": grid, 3 trials/)
    expect(res.stderr).not.toMatch(/Unhandled|at .*\(node:|Error: write EPIPE/)
    expect(res.stderr).toContain('stdout was closed (EPIPE); stopping: waiting up to 10s for running trials')
    expect(res.stderr).toMatch(/sweep 1 "piped" interrupted .*\ncontinue it: sweeplab resume 1 --db /)
    expect(res.code).toBe(1)
    expect(ws.query<{ status: string }>('SELECT status FROM sweeps')[0]!.status).toBe('interrupted')
    expect(ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE status = 'running'")[0]!.n).toBe(0)

    const resumed = await runCli(['resume', '1', '--db', ws.dbPath]).done
    expect(resumed.code).toBe(0)
    expect(ws.query<{ status: string }>('SELECT status FROM sweeps')[0]!.status).toBe('completed')

    // Any other command just exits, quietly, when nobody reads its output.
    const show = runCli(['show', '1', '--db', ws.dbPath])
    show.child.stdout!.destroy()
    const shown = await show.done
    expect(shown.stderr).toBe('')
    expect(shown.code).toBe(0)
  })

  it('cancels a sweep that another CLI process is running', async () => {
    const train = join(REPO_ROOT, 'tests', 'fixtures', 'train.mjs')
    const file = ws.write('long.yaml', [
      'method: grid', 'workers: 2', `program: ${train}`, "command: ['node', '${program}', '${args}']",
      'parameters:', '  x: {values: [0.1, 0.2, 0.3, 0.4]}', '  steps: {value: 200}', '  sleep_ms: {value: 50}',
    ].join('\n'))
    const run = runCli(['run', file, '--db', ws.dbPath])
    await waitFor(() => {
      try {
        return ws.query<{ n: number }>("SELECT count(*) AS n FROM trials WHERE status = 'running'")[0]!.n === 2
      } catch {
        return false
      }
    }, 30_000, 'two running trials')
    const cancel = await runCli(['cancel', '1', '--db', ws.dbPath]).done
    expect(cancel.code).toBe(0)
    expect(cancel.stdout).toMatch(/sweep 1: cancel requested; process \d+ stops its running trials/)
    const res = await run.done
    expect(res.code).toBe(1)
    expect(ws.query<{ status: string }>('SELECT status FROM sweeps')[0]!.status).toBe('cancelled')
    expect(ws.query<{ status: string }>('SELECT status FROM trials').map((t) => t.status)).toEqual(['cancelled', 'cancelled'])
  })
})
