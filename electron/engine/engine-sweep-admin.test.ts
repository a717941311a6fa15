// The engine's housekeeping methods end to end, with real workers: which sweeps run here,
// deleting a sweep (refused while it runs), reading trial artifacts, examples, exports of chosen trials.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { SweeplabEvent } from '../../shared/api/contract.ts'
import { isSweeplabError } from '../../shared/errors.ts'
import { createEngine } from './engine.ts'
import { sweepFilesDir, workspaceFilesDir } from './workspace-files.ts'
import { useTestEngine } from './testing/use-test-engine.ts'

const TRAIN = fileURLToPath(new URL('../../tests/fixtures/train.mjs', import.meta.url))
const testEngine = useTestEngine()
const dir = testEngine.dir

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  if (!isSweeplabError(e)) throw new Error(`expected a SweeplabError, got ${String(e)}`)
  return e.code
}

async function waitForRunningTrials(sweepId: number, n: number): Promise<void> {
  const end = Date.now() + 20_000
  while ((await testEngine.engine().getTrials({ sweepId })).filter((t) => t.status === 'running').length < n) {
    if (Date.now() > end) throw new Error(`sweep ${sweepId}: fewer than ${n} trials running after 20 s`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const hangingSweep = (): string => `method: grid\nprogram: ${TRAIN}\ncommand: [node, '\${program}']\nparameters:\n  hang: {value: true}\n  x: {values: [1, 2]}\n`

/** A program that leaves outputs in its trial folder, as a real training script would. */
function writeOutputsProgram(): string {
  const p = join(dir(), 'outputs.mjs')
  writeFileSync(p, [
    "import { mkdirSync, writeFileSync } from 'node:fs'",
    "import { join } from 'node:path'",
    'const d = process.env.SWEEPLAB_TRIAL_DIR',
    "writeFileSync(join(d, 'notes.txt'), 'lr was ' + JSON.parse(process.env.SWEEPLAB_PARAMS).lr + '\\n')",
    "writeFileSync(join(d, 'blob.bin'), Buffer.from([0, 1, 2, 0]))",
    "mkdirSync(join(d, 'model'), { recursive: true })",
    "writeFileSync(join(d, 'model', 'model.json'), '{}')",
    "console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: JSON.parse(process.env.SWEEPLAB_PARAMS).lr }))",
    '',
  ].join('\n'))
  return p
}

describe('activeSweepIds', () => {
  it('lists the sweeps this process runs, and only while they run', async () => {
    expect(testEngine.engine().activeSweepIds()).toEqual([])
    const a = (await testEngine.engine().createSweep({ text: hangingSweep(), fileName: join(dir(), 'a.yaml') })).sweepId
    const b = (await testEngine.engine().createSweep({ text: hangingSweep(), fileName: join(dir(), 'b.yaml') })).sweepId
    const idle = (await testEngine.engine().createSweep({ text: hangingSweep(), start: false })).sweepId
    expect(testEngine.engine().activeSweepIds()).toEqual([a, b])
    await testEngine.engine().cancelSweep({ sweepId: a })
    await testEngine.engine().waitForSweep(a)
    expect(testEngine.engine().activeSweepIds()).toEqual([b])
    expect(testEngine.engine().activeSweepIds()).not.toContain(idle)
  })
})

describe('deleteSweep', () => {
  it('refuses a running sweep, then deletes it once stopped: rows, trial files and a sweep-deleted event', async () => {
    const { sweepId } = await testEngine.engine().createSweep({ text: hangingSweep(), fileName: join(dir(), 'h.yaml') })
    await waitForRunningTrials(sweepId, 2)
    const events: SweeplabEvent[] = []
    testEngine.engine().subscribe((ev) => events.push(ev))
    await expect(testEngine.engine().deleteSweep({ sweepId })).rejects.toThrow(new RegExp(`^sweep ${sweepId} "h" is running; stop it first`))
    expect(await codeOf(testEngine.engine().deleteSweep({ sweepId }))).toBe('sweep/running')

    await testEngine.engine().cancelSweep({ sweepId })
    await testEngine.engine().waitForSweep(sweepId)
    const folder = sweepFilesDir(workspaceFilesDir(testEngine.engine().dbPath), sweepId)
    expect(existsSync(folder)).toBe(true)

    expect(await testEngine.engine().deleteSweep({ sweepId })).toEqual({ deleted: true })
    expect(existsSync(folder)).toBe(false)
    expect(events.filter((e) => e.type === 'sweep-deleted')).toEqual([{ type: 'sweep-deleted', payload: { sweepId } }])
    expect(await testEngine.engine().listSweeps({})).toEqual([])
    expect(await codeOf(testEngine.engine().getSweep({ sweepId }))).toBe('sweep/not-found')
    expect(await codeOf(testEngine.engine().deleteSweep({ sweepId }))).toBe('sweep/not-found')
  })
})

describe('readArtifact', () => {
  it("reads a trial's text outputs and refuses binaries, models and files deleted since", async () => {
    const program = writeOutputsProgram()
    const { sweepId } = await testEngine.engine().createSweep({ text: `method: grid\nprogram: ${program}\ncommand: [node, '\${program}']\nmetric: {name: loss}\nparameters:\n  lr: {value: 0.5}\n` })
    await testEngine.engine().waitForSweep(sweepId)
    const [trial] = await testEngine.engine().getTrials({ sweepId })
    const artifacts = await testEngine.engine().getArtifacts({ trialId: trial!.id })
    const byName = Object.fromEntries(artifacts.map((a) => [a.name, a]))
    expect(Object.keys(byName).sort()).toEqual(['blob.bin', 'model', 'notes.txt'])

    expect(await testEngine.engine().readArtifact({ artifactId: byName['notes.txt']!.id })).toEqual({ artifactId: byName['notes.txt']!.id, content: 'lr was 0.5\n', truncated: false, size: 11 })
    expect(await testEngine.engine().readArtifact({ artifactId: byName['notes.txt']!.id, maxBytes: 2 })).toMatchObject({ content: 'lr', truncated: true, size: 11 })
    expect(await codeOf(testEngine.engine().readArtifact({ artifactId: byName['blob.bin']!.id }))).toBe('artifact/not-text')
    expect(await codeOf(testEngine.engine().readArtifact({ artifactId: byName['model']!.id }))).toBe('artifact/not-text')
    rmSync(byName['notes.txt']!.path)
    await expect(testEngine.engine().readArtifact({ artifactId: byName['notes.txt']!.id })).rejects.toThrow(byName['notes.txt']!.path)
    expect(await codeOf(testEngine.engine().readArtifact({ artifactId: 987_654 }))).toBe('artifact/not-found')
  })
})

describe('listExamples', () => {
  it('lists the examples folder the engine was given', async () => {
    const examplesDir = join(dir(), 'examples')
    mkdirSync(examplesDir)
    writeFileSync(join(examplesDir, 'one.yaml'), 'description: One example\nmethod: grid\n')
    const e2 = createEngine({ dbPath: join(dir(), 'other.db'), examplesDir })
    try {
      expect(await e2.listExamples({})).toEqual([{ name: 'one', title: 'One example', fileName: join(examplesDir, 'one.yaml'), text: 'description: One example\nmethod: grid\n' }])
    } finally {
      await e2.shutdown()
    }
  })

  it('creates a sweep from a shipped example as listed, its relative program resolved', async () => {
    const example = (await testEngine.engine().listExamples({})).find((e) => e.name === 'quadratic-node')
    expect(example).toBeDefined()
    const { sweepId } = await testEngine.engine().createSweep({ text: example!.text, fileName: example!.fileName, start: false })
    expect((await testEngine.engine().getSweep({ sweepId })).specFile).toBe(example!.fileName)
  })
})

describe('exports of chosen trials', () => {
  it("exports one trial's config and a subset of trials", async () => {
    const { sweepId } = await testEngine.engine().createSweep({ text: 'name: pick\nmethod: grid\ntrainer: noop\nmetric: {name: loss}\nparameters:\n  x: {values: [1, 2, 3]}\n' })
    await testEngine.engine().waitForSweep(sweepId)
    const trials = await testEngine.engine().getTrials({ sweepId })
    const last = trials[2]!
    expect(await testEngine.engine().exportBest({ sweepId, format: 'yaml', trialId: last.id })).toEqual({
      trialId: last.id,
      content: `# Config of trial ${last.id} of sweep "pick" (id ${sweepId})\n# completed: loss=9 (minimize)\n\nx: 3\n`,
    })
    const subset = await testEngine.engine().exportTrials({ sweepId, format: 'json', trialIds: [last.id, trials[0]!.id] })
    expect((JSON.parse(subset.content) as Array<{ id: number }>).map((t) => t.id)).toEqual([trials[0]!.id, last.id])
    const other = (await testEngine.engine().createSweep({ text: 'method: grid\ntrainer: noop\nparameters:\n  x: {values: [1]}\n' })).sweepId
    await testEngine.engine().waitForSweep(other)
    await expect(testEngine.engine().exportBest({ sweepId: other, format: 'json', trialId: last.id })).rejects.toThrow(`trial ${last.id} is not a trial of sweep ${other}`)
    await expect(testEngine.engine().exportTrials({ sweepId: other, format: 'csv', trialIds: [last.id] })).rejects.toThrow(`trial ${last.id} is not a trial of sweep ${other}`)
  })
})
