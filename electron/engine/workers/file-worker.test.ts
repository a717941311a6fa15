import { readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../store/test-helpers.ts'
import { parseStreamLine, STREAM_FILE, type StreamEntry } from '../executors/slurm/stream-file.ts'
import { runJobFile } from './file-worker.ts'
import type { TrialJob } from './protocol.ts'

const tmp = useTempDir()

describe('sweeplab worker --job (what a Slurm job runs)', () => {
  it('runs the trial with the local worker and writes every message it would send the engine to the stream file', async () => {
    const script = join(tmp(), 't.mjs')
    writeFileSync(script, "console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: Number(process.env.SWEEPLAB_SEED) })); console.log('bye')\n")
    const job: TrialJob = { trialId: 9, sweepId: 2, params: { x: 1 }, seed: 5, trialDir: join(tmp(), 'trial'), argv: [process.execPath, script], cwd: tmp(), env: {} }
    const file = join(tmp(), 'job.json')
    writeFileSync(file, JSON.stringify(job))
    expect(await runJobFile(file)).toBe(0)
    const entries = readFileSync(join(job.trialDir, STREAM_FILE), 'utf8').trim().split('\n').map((l) => parseStreamLine(l)!) as StreamEntry[]
    const rows = entries.flatMap((e) => (e.type === 'metrics' ? e.rows : e.type === 'finished' ? e.metrics : []))
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([['loss', 0, 5]])
    const logs = entries.flatMap((e) => (e.type === 'logs' ? e.rows : e.type === 'finished' ? e.logs : []))
    expect(logs.map((l) => l[2])).toContain('bye')
    // The wrapper says first where it runs (SLURMD_NODENAME on a cluster, else the host name).
    expect(entries[0]).toMatchObject({ type: 'node', node: process.env.SLURMD_NODENAME || hostname() })
    const last = entries.at(-1)!
    expect(last.type === 'finished' && last.outcome.status).toBe('completed')
  })
})
