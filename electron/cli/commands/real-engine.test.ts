// The new commands against the real engine and a real workspace (the other CLI tests use FakeEngine):
// exports are the API's bytes, and rm removes what the engine recorded.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../engine/engine.ts'
import { useTempDir } from '../../engine/store/test-helpers.ts'
import { sweepFilesDir, workspaceFilesDir } from '../../engine/workspace-files.ts'
import type { CliContext } from '../context.ts'
import { runCli } from '../program.ts'
import { captureStream } from '../testing/capture.ts'

const dir = useTempDir()
let dbPath: string
let sweepId: number
let trialIds: number[]

beforeEach(async () => {
  dbPath = join(dir(), 'workspace.db')
  const engine = createEngine({ dbPath, maxWorkers: 1 })
  try {
    const program = join(dir(), 'p.mjs')
    writeFileSync(program, "console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: JSON.parse(process.env.SWEEPLAB_PARAMS).x }))\n")
    ;({ sweepId } = await engine.createSweep({
      text: `name: real\nmethod: grid\nprogram: ${program}\ncommand: [node, '\${program}']\nmetric: {name: loss}\nparameters:\n  x: {values: [0.5, 0.25, 2]}\n  opt: {parameters: {name: {value: adam w}}}\n`,
    }))
    await engine.waitForSweep(sweepId)
    trialIds = (await engine.getTrials({ sweepId })).map((t) => t.id)
  } finally {
    await engine.shutdown()
  }
})

function cli(opts: { answers?: string[] } = {}): { ctx: CliContext; stdout: ReturnType<typeof captureStream>; stderr: ReturnType<typeof captureStream> } {
  const stdout = captureStream()
  const stderr = captureStream()
  const answers = [...(opts.answers ?? [])]
  const ctx: CliContext = {
    engineFactory: (o) => createEngine(o),
    stdout,
    stderr,
    isTTY: false,
    env: { SWEEPLAB_DB: dbPath },
    ...(opts.answers ? { ask: async () => answers.shift() ?? null } : {}),
  }
  return { ctx, stdout, stderr }
}

describe('the CLI on a real engine', () => {
  it('prints exactly what exportBest and exportTrials return, for every format and trial choice', async () => {
    const cases: Array<[string[], { best: boolean; format: string; trialId?: number; trialIds?: number[] }]> = [
      [['--best'], { best: true, format: 'yaml' }],
      [['--best', '--format', 'args'], { best: true, format: 'args' }],
      [['--best', '--format', 'json', '--trial', String(trialIds[2])], { best: true, format: 'json', trialId: trialIds[2]! }],
      [['--best', '--trial', String(trialIds[0])], { best: true, format: 'yaml', trialId: trialIds[0]! }],
      [['--trials'], { best: false, format: 'csv' }],
      [['--trials', '--format', 'json', '--trial', `${trialIds[2]},${trialIds[0]}`], { best: false, format: 'json', trialIds: [trialIds[2]!, trialIds[0]!] }],
    ]
    for (const [args, api] of cases) {
      const c = cli()
      expect(await runCli(['export', 'real', ...args], c.ctx), args.join(' ')).toBe(0)
      const engine = createEngine({ dbPath })
      try {
        const { best, format, ...rest } = api
        const expected = best
          ? await engine.exportBest({ sweepId, format: format as 'yaml', ...rest })
          : await engine.exportTrials({ sweepId, format: format as 'csv', ...rest })
        expect(c.stdout.text, args.join(' ')).toBe(expected.content)
      } finally {
        await engine.shutdown()
      }
    }
  })

  it('rm deletes the sweep and its trial folder after a yes', async () => {
    const folder = sweepFilesDir(workspaceFilesDir(dbPath), sweepId)
    expect(existsSync(folder)).toBe(true)
    const c = cli({ answers: ['y'] })
    expect(await runCli(['rm', 'real'], c.ctx)).toBe(0)
    expect(c.stdout.text).toBe(`deleted sweep ${sweepId} "real" (completed, 3 trials)\n`)
    expect(existsSync(folder)).toBe(false)
    const ls = cli()
    expect(await runCli(['ls', '--json'], ls.ctx)).toBe(0)
    expect(JSON.parse(ls.stdout.text)).toEqual([])
  })
})
