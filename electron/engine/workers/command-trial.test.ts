import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCommandTrial, type TrialSink } from './command-trial.ts'
import type { TrialJob, WorkerMetricRow } from './protocol.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function job(script: string): TrialJob {
  const trialDir = mkdtempSync(join(tmpdir(), 'sweeplab-cmd-'))
  dirs.push(trialDir)
  return { trialId: 1, sweepId: 1, params: {}, seed: 1, trialDir, cwd: trialDir, env: {}, argv: [process.execPath, '-e', script] }
}

function sink(rows: WorkerMetricRow[]): TrialSink {
  return { metrics: (r) => rows.push(...r), logs: () => undefined, started: () => undefined }
}

/** Reports one point, then idles; with `trap`, it ignores SIGTERM. */
const script = (trap: boolean) => `${trap ? "process.on('SIGTERM', () => {});" : ''}
process.stdout.write('@@sweeplab {"step": 0, "loss": 1}\\n'); setInterval(() => {}, 1000)`

describe('a pruned command trial', () => {
  it('ends pruned on SIGTERM with its points kept', async () => {
    const rows: WorkerMetricRow[] = []
    const run = runCommandTrial(job(script(false)), sink(rows))
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    run.cancel('pruned', 5_000)
    const out = await run.done
    expect(out).toMatchObject({ status: 'pruned', signal: 'SIGTERM', error: null })
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['loss', 0, 1]])
  })

  it('gets SIGKILL when it ignores SIGTERM past the grace period', async () => {
    const rows: WorkerMetricRow[] = []
    const run = runCommandTrial(job(script(true)), sink(rows))
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    const t0 = Date.now()
    run.cancel('pruned', 300)
    const out = await run.done
    expect(out).toMatchObject({ status: 'pruned', signal: 'SIGKILL' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250)
  })

  it('ends cancelled when a cancel follows the prune', async () => {
    const rows: WorkerMetricRow[] = []
    const run = runCommandTrial(job(script(true)), sink(rows))
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    run.cancel('pruned', 5_000)
    run.cancel('cancelled', 100)
    expect((await run.done).status).toBe('cancelled')
  })
})

describe('a command trial that writes malformed metric lines', () => {
  it('keeps the good points, completes, and says how many lines it ignored', async () => {
    const rows: WorkerMetricRow[] = []
    const logs: string[] = []
    const lines = ['{"step": 0, "loss": 1}', '{"step": 1, "loss"', '[1, 2]', '{"step": -3, "loss": 0.5}', '{"step": 1, "loss": 0.5}']
    const src = lines.map((l) => `process.stdout.write(${JSON.stringify(`@@sweeplab ${l}\n`)})`).join(';')
    const run = runCommandTrial(job(src), { metrics: (r) => rows.push(...r), logs: (r) => logs.push(...r.filter((l) => l[0] === 'system').map((l) => l[2])), started: () => undefined })
    const out = await run.done
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['loss', 0, 1], ['loss', 1, 0.5]])
    expect(out.status).toBe('completed')
    expect(out.error).toMatch(/^ignored 3 malformed metric lines \(first from stdout: not JSON/)
    expect(logs.filter((l) => l.startsWith('malformed metrics line from stdout'))).toHaveLength(3)
    expect(logs.at(-1)).toBe(out.error)
  })

  it('completes with no note when every line was read', async () => {
    const out = await runCommandTrial(job('process.stdout.write(\'@@sweeplab {"loss": 1}\\n\')'), sink([])).done
    expect(out).toMatchObject({ status: 'completed', error: null })
  })
})

describe('a command trial whose output outpaces the engine', () => {
  it('holds back its metrics file while the engine lags, then reads every point', async () => {
    const rows: WorkerMetricRow[] = []
    let release: () => void = () => undefined
    const lagging = new Promise<void>((r) => (release = r))
    let caughtUp = false
    void lagging.then(() => (caughtUp = true))
    // Writes 10,000 points (~270 KB) to the metrics file at once, then waits for the test's go-ahead file.
    const src = `const fs = require('node:fs'); const f = process.env.SWEEPLAB_METRICS_FILE
      fs.appendFileSync(f, Array.from({ length: 10000 }, (_, s) => JSON.stringify({ step: s, loss: s }) + '\\n').join(''))
      const t = setInterval(() => { if (fs.existsSync(process.env.SWEEPLAB_TRIAL_DIR + '/go')) { clearInterval(t) } }, 10)`
    const j = job(src)
    const run = runCommandTrial(j, {
      metrics: (r) => rows.push(...r),
      logs: () => undefined,
      started: () => undefined,
      // The engine is behind from the first batch on, until the test catches it up.
      whenWritable: () => (caughtUp || rows.length === 0 ? null : lagging),
    })
    while (rows.length === 0) await new Promise((r) => setTimeout(r, 10))
    await new Promise((r) => setTimeout(r, 200))
    // One 64 KB read (~2,500 points of this size) and no more while the engine lags.
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(3_000)
    release()
    writeFileSync(join(j.trialDir, 'go'), '')
    await run.done
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: 10_000 }, (_, s) => s))
  })
})

describe('a command trial with a hostile metrics file', () => {
  it('cuts a line that never ends at 1 MiB, reports it malformed, and keeps reading', async () => {
    const rows: WorkerMetricRow[] = []
    // 3 MiB without a newline, then a good line: a worker must not hold the whole run-on line.
    const src = `const fs = require('node:fs'); const f = process.env.SWEEPLAB_METRICS_FILE
      fs.appendFileSync(f, 'x'.repeat(3 * 1024 * 1024)); fs.appendFileSync(f, '\\n{"step": 0, "loss": 2}\\n')`
    const out = await runCommandTrial(job(src), sink(rows)).done
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['loss', 0, 2]])
    expect(out.status).toBe('completed')
    // Cut at the first read past 1 MiB each time: two cut pieces, then the rest ended by the newline.
    expect(out.error).toMatch(/^ignored 3 malformed metric lines \(first from metrics file: not JSON/)
  })

  it('reads a multi-byte character that a 64 KiB read splits in two', async () => {
    const rows: WorkerMetricRow[] = []
    // The key's é (2 bytes in UTF-8) straddles the first read's end.
    const pad = 65_536 - '{"step": 0, "pad": "'.length - 1
    const src = `const fs = require('node:fs'); const f = process.env.SWEEPLAB_METRICS_FILE
      fs.appendFileSync(f, '{"step": 0, "pad": "' + 'a'.repeat(${pad}) + 'é", "loss": 1}\\n')`
    const out = await runCommandTrial(job(src), sink(rows)).done
    expect(out).toMatchObject({ status: 'completed', error: null })
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['loss', 0, 1]])
  })
})
