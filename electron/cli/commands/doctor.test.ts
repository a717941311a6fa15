import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SweeplabError } from '../../../shared/errors.ts'
import { openStore } from '../../engine/store/open-store.ts'
import { newSweep, newTrial } from '../../engine/store/test-helpers.ts'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import { isNodeSupported, type DoctorJson } from './doctor.ts'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweeplab-doctor-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A real (empty) workspace: the FakeEngine creates none, and doctor checks the file's integrity. */
function workspace(): string {
  const db = join(dir, 'w.db')
  openStore(db).close()
  return db
}

describe('sweeplab doctor', () => {
  it('prints a checklist of Node, the database and its integrity, CPUs, GPUs and backends', async () => {
    const cli = createTestCli()
    const db = workspace()
    expect(await runCli(['doctor', '--db', db], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(
      [
        '[ok]   Sweeplab 0.1.0 on linux-x64',
        '[ok]   Node 24.21.0',
        `[ok]   database ${db} (writable)`,
        '[ok]   database integrity: ok',
        '[ok]   workspace size: 3.5 MB (database 1.0 MB, trial files 2.0 MB, datasets and cache 500 kB)',
        '[ok]   CPU cores: 16',
        '[warn] GPUs: none detected (nvidia-smi not found); trials run on CPU',
        'training backends:',
        '  [ok]   cpu: available (pure JS)',
        '  [no]   tfjs-node: not available (not installed)',
        '[warn] Slurm: sbatch was not found on PATH; executor: slurm is unavailable (local sweeps are unaffected)',
        '',
      ].join('\n'),
    )
  })

  it('reports sbatch and the partitions sinfo lists when Slurm is on PATH', async () => {
    const bin = join(dir, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'sbatch'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    writeFileSync(join(bin, 'sinfo'), '#!/bin/sh\nprintf "debug|up|1|idle\\ngpu|up|2|mixed\\ngpu|up|1|drained\\n"\n', { mode: 0o755 })
    const cli = createTestCli({ env: { PATH: bin } })
    expect(await runCli(['doctor', '--db', workspace()], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toContain('[ok]   Slurm: sbatch found; partitions: debug (up, 1 node: idle); gpu (up, 3 nodes: mixed, drained)\n')
  })

  it('lists GPUs and warns about an old Node', async () => {
    const cli = createTestCli({
      setup: (e) => (e.environment = { node: '22.3.0', gpus: [{ index: 0, name: 'NVIDIA H100', memoryMiB: 81_559 }] }),
    })
    expect(await runCli(['doctor', '--db', workspace()], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toContain('[warn] Node 22.3.0: Sweeplab needs Node >= 22.14')
    expect(cli.stdout.text).toContain('[ok]   GPU 0: NVIDIA H100 (79.6 GiB)\n')
  })

  it('--json adds the CLI checks to the environment', async () => {
    const cli = createTestCli()
    expect(await runCli(['doctor', '--json', '--db', workspace()], cli.ctx)).toBe(0)
    const out = JSON.parse(cli.stdout.text) as DoctorJson
    expect(out).toMatchObject({ node: '24.21.0', cpuCores: 16, gpus: [], nodeOk: true, dbWritable: true, dbIntegrity: { ok: true, problems: [] } })
  })

  it('runs the full integrity check and fails (exit 1) on a damaged workspace', async () => {
    const db = workspace()
    const store = openStore(db)
    const sweepId = store.sweeps.insert(newSweep())
    for (let i = 0; i < 400; i++) store.trials.insert(newTrial(sweepId, i, { params: { note: 'x'.repeat(200) } }))
    store.close()
    // Pages 3..6 overwritten after a clean close: opening no longer quick_checks, doctor must notice.
    const fd = openSync(db, 'r+')
    writeSync(fd, Buffer.alloc(4 * 4096, 0x5a), 0, 4 * 4096, 2 * 4096)
    closeSync(fd)
    const cli = createTestCli()
    expect(await runCli(['doctor', '--db', db], cli.ctx)).toBe(1)
    expect(cli.stdout.text).toMatch(/\n\[no\] {3}database integrity: \d+ problem\(s\); restore the workspace from a backup\n {9}\S/)
  })

  it('does not call a directory given as --db writable (exit 2)', async () => {
    const cli = createTestCli()
    expect(await runCli(['doctor', '--db', dir], cli.ctx)).toBe(2)
    expect(cli.stdout.text).toContain(`[no]   database ${dir} (a directory); the engine failed to open it`)
    expect(cli.stdout.text).not.toContain('(writable)')
    expect(cli.stderr.text).toBe(`error: ${dir} is a directory; --db takes the workspace's .db file\n`)
  })

  it('still reports what it can when the engine cannot open the database (exit 1)', async () => {
    const cli = createTestCli()
    cli.ctx.engineFactory = () => {
      throw new SweeplabError('store/open-failed', 'cannot open /nope/w.db: permission denied')
    }
    // Under a plain file, so not even root can create it.
    writeFileSync(join(dir, 'file'), '')
    const db = join(dir, 'file', 'w.db')
    expect(await runCli(['doctor', '--db', db], cli.ctx)).toBe(1)
    expect(cli.stdout.text).toContain(`[no]   database ${db} (not writable); the engine failed to open it`)
    expect(cli.stderr.text).toBe('error: cannot open /nope/w.db: permission denied\n')
  })

  it('knows which Node versions are supported', () => {
    expect(['22.13.9', '22.14.0', 'v23.0.0', '24.21.0', '20.20.2'].map(isNodeSupported)).toEqual([false, true, true, true, false])
  })
})
