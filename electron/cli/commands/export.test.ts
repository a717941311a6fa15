import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../program.ts'
import { createTestCli } from '../testing/capture.ts'
import { FakeEngine } from '../testing/fake-engine.ts'

function setup(e: FakeEngine): void {
  e.addSweep({
    name: 'mnist', status: 'completed',
    trials: [
      { params: { lr: 0.1, msg: "it's", opt: { name: 'adam w' } }, finalValue: 0.02 },
      { params: { lr: 0.2, msg: 'b', opt: { name: 'sgd' } }, finalValue: 0.5 },
    ],
  })
  e.addSweep({ name: 'empty', status: 'failed', trials: [{ params: {}, status: 'failed' }] })
}

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweeplab-export-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('sweeplab export', () => {
  it('--best --format args prints one pasteable line', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', '1', '--best', '--format', 'args'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(`--lr=0.1 --msg='it'\\''s' --opt.name='adam w'\n`)
    expect(cli.engines[0]?.calls.at(-1)).toEqual({ method: 'exportBest', args: { sweepId: 1, format: 'args' } })
  })

  it('--best defaults to yaml', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', 'mnist', '--best'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(`# Best config of sweep "mnist" (id 1)\n# trial 1: val_loss=0.02 (minimize)\n\nlr: 0.1\nmsg: it's\nopt:\n  name: adam w\n`)
  })

  it('--trials --out writes the CSV to a file and says so on stderr', async () => {
    const cli = createTestCli({ setup })
    const out = join(dir, 'trials.csv')
    expect(await runCli(['export', '1', '--trials', '--out', out], cli.ctx)).toBe(0)
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toBe(
      'id,index,attempt,status,lr,msg,opt.name,val_loss,val_loss_best,seed,started_at,ended_at,duration_s,exit_code,signal,backend,error',
    )
    expect(cli.stdout.text).toBe('')
    expect(cli.stderr.text).toBe(`wrote trials of sweep 1 to ${out}\n`)
  })

  it('--format wandb writes the sweep file for W&B, or says which keys W&B cannot hold (exit 1)', async () => {
    const specText = 'method: grid  # a comment\nprogram: train.py\nworkers: 2\nparameters:\n  opt: {values: [adam, sgd]}\n  m: {values: [0.9], when: {opt: sgd}}\nconstraints: ["m < 1"]\n'
    const wandbSetup = (e: FakeEngine) => e.addSweep({ name: 'cond', status: 'completed', specText })
    const refused = createTestCli({ setup: wandbSetup })
    expect(await runCli(['export', '1', '--format', 'wandb'], refused.ctx)).toBe(1)
    expect(refused.stderr.text).toBe(
      'error: W&B cannot hold these keys of sweep 1:\n  parameters.m.when (line 6): a condition; W&B always sweeps the parameter\n  constraints (line 7): constraints\n' +
        'Export with --drop-unsupported (the app: "Leave them out") to write the file without them.\n',
    )
    const cli = createTestCli({ setup: wandbSetup })
    expect(await runCli(['export', '1', '--format', 'wandb', '--drop-unsupported'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe(
      '# W&B sweep file exported by Sweeplab from sweep 1 (cond)\n# Left out, W&B cannot hold them: parameters.m.when, constraints\n' +
        "# Left out, Sweeplab's own run settings: workers\nmethod: grid # a comment\nprogram: train.py\nparameters:\n  opt: {values: [adam, sgd]}\n  m: {values: [0.9]}\n",
    )
    expect(cli.stderr.text).toContain('left out (W&B cannot hold them):\n  parameters.m.when (line 6)')
    expect(cli.engines[0]?.calls.at(-1)).toEqual({ method: 'exportWandb', args: { sweepId: 1, dropUnsupported: true } })
  })

  it('needs exactly one of --best and --trials (exit 2)', async () => {
    for (const args of [['export', '1'], ['export', '1', '--best', '--trials']]) {
      const cli = createTestCli({ setup })
      expect(await runCli(args, cli.ctx)).toBe(2)
      expect(cli.stderr.text).toBe('error: export needs exactly one of --best, --trials or --weights, or --format wandb for the sweep file\n')
      expect(cli.engines).toHaveLength(0)
    }
  })

  it('rejects a format that does not fit the export (exit 2)', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', '1', '--best', '--format', 'csv'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: --best --format must be one of yaml, json, args (got "csv")\n')
  })

  it('exits 2 for an unknown sweep', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', '5', '--trials'], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe('error: no sweep 5\n')
  })

  it('fails with the engine message when no trial finished (exit 1)', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', 'empty', '--best'], cli.ctx)).toBe(1)
    expect(cli.stderr.text).toBe('error: sweep 2 has no completed trial with a value for val_loss yet\n')
  })

  it('reports an --out it cannot write as bad input (exit 2)', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', '1', '--best', '-o', join(dir, 'no', 'such', 'dir.yaml')], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toMatch(/^error: cannot write .*dir\.yaml: ENOENT/)
  })

  it('--weights needs --out, and says how to save weights when the trial has none', async () => {
    const a = createTestCli({ setup })
    expect(await runCli(['export', '1', '--weights'], a.ctx)).toBe(2)
    expect(a.stderr.text).toMatch(/--weights needs --out DIR/)
    const b = createTestCli({ setup })
    expect(await runCli(['export', '1', '--weights', '--out', join(dir, 'model')], b.ctx)).toBe(2)
    expect(b.stderr.text).toMatch(/saved no weights; set save: best \(or last\)/)
  })

  it('--weights says when keep: deleted the trial\'s weights', async () => {
    const cli = createTestCli({
      setup: (e) => {
        e.addSweep({ name: 'kept', status: 'completed', trials: [{ params: { lr: 0.1 }, finalValue: 0.5 }] })
        e.artifacts = [{ id: 1, trialId: 1, kind: 'weights', name: 'model', path: join(dir, 'gone'), size: 10, createdAt: 1, deletedAt: 2 }]
      },
    })
    expect(await runCli(['export', '1', '--weights', '--trial', '1', '--out', join(dir, 'model')], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toBe("error: trial 1's weights were deleted by the sweep's keep: (checkpoint retention keeps only the best trials' weights); export the best trial's, or run the config again\n")
  })

  it('refuses two of --best, --trials and --weights at once', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', '1', '--best', '--weights', '--out', dir], cli.ctx)).toBe(2)
    expect(cli.stderr.text).toMatch(/exactly one of --best, --trials or --weights/)
  })

  it('--best --trial prints that trial\'s config, saying which trial it is', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', 'mnist', '--best', '--trial', '2'], cli.ctx)).toBe(0)
    expect(cli.stdout.text).toBe('# Config of trial 2 of sweep "mnist" (id 1)\n# completed: val_loss=0.5 (minimize)\n\nlr: 0.2\nmsg: b\nopt:\n  name: sgd\n')
    expect(cli.engines[0]?.calls.at(-1)).toEqual({ method: 'exportBest', args: { sweepId: 1, format: 'yaml', trialId: 2 } })
  })

  it('--trials --trial exports only those trials, in the sweep order', async () => {
    const cli = createTestCli({ setup })
    expect(await runCli(['export', '1', '--trials', '--format', 'json', '--trial', '2, 1,2'], cli.ctx)).toBe(0)
    expect((JSON.parse(cli.stdout.text) as Array<{ id: number }>).map((t) => t.id)).toEqual([1, 2])
    expect(cli.engines[0]?.calls.at(-1)).toEqual({ method: 'exportTrials', args: { sweepId: 1, format: 'json', trialIds: [2, 1] } })
    const out = join(dir, 'one.csv')
    const toFile = createTestCli({ setup })
    expect(await runCli(['export', '1', '--trials', '--trial', '2', '-o', out], toFile.ctx)).toBe(0)
    expect(readFileSync(out, 'utf8').split('\r\n').map((l) => l.split(',')[0])).toEqual(['id', '2', ''])
    expect(toFile.stderr.text).toBe(`wrote 1 trial of sweep 1 to ${out}\n`)
  })

  it('prints exactly the bytes the API returns, CSV line ends included', async () => {
    for (const args of [['--best', '--format', 'args'], ['--best', '--trial', '2'], ['--trials'], ['--trials', '--format', 'json', '--trial', '1']]) {
      const cli = createTestCli({ setup })
      expect(await runCli(['export', '1', ...args], cli.ctx)).toBe(0)
      const call = cli.engines[0]!.calls.at(-1)!
      // The same call on an engine in the same state (the CLI's own is shut down by now).
      const engine = new FakeEngine({ dbPath: 'same.db' })
      setup(engine)
      const api = call.method === 'exportBest' ? engine.exportBest(call.args as never) : engine.exportTrials(call.args as never)
      expect(cli.stdout.text).toBe((await api).content)
    }
  })

  it('refuses a trial of another sweep and malformed --trial values', async () => {
    const other = createTestCli({ setup })
    expect(await runCli(['export', '1', '--best', '--trial', '3'], other.ctx)).toBe(2)
    expect(other.stderr.text).toBe('error: trial 3 is not a trial of sweep 1\n')
    const some = createTestCli({ setup })
    expect(await runCli(['export', '1', '--trials', '--trial', '1,3,9'], some.ctx)).toBe(2)
    expect(some.stderr.text).toBe('error: trials 3, 9 are not trials of sweep 1\n')
    for (const [flag, value, message] of [
      ['--best', '1,2', 'error: --trial: expected a trial id, got "1,2"\n'],
      ['--trials', '1,,2', 'error: --trial: expected trial ids separated by commas (e.g. 4,7,9), got "1,,2"\n'],
      ['--trials', 'abc', 'error: --trial: expected trial ids separated by commas (e.g. 4,7,9), got "abc"\n'],
    ] as const) {
      const cli = createTestCli({ setup })
      expect(await runCli(['export', '1', flag, '--trial', value], cli.ctx)).toBe(2)
      expect(cli.stderr.text).toBe(message)
      expect(cli.engines).toHaveLength(0)
    }
  })
})
