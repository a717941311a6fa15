import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
import type { DiskStats } from '../resources/disk-guard.ts'
import { buildSweepPlan } from '../sweep-plan.ts'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { newSweep, useTempDir } from '../store/test-helpers.ts'
import { createWriteBatcher } from '../store/write-batcher.ts'
import { createScheduler, type Scheduler, type SweepEnd } from './scheduler.ts'

const dir = useTempDir()
let store: Store | null = null
let scheduler: Scheduler | null = null
afterEach(async () => {
  await scheduler?.shutdown(500)
  store?.close()
  scheduler = null
  store = null
})

/**
 * A trial that writes what it was given (CUDA_VISIBLE_DEVICES, OMP_NUM_THREADS) to `started-<x>`,
 * then holds its slot until the test creates `release`: the test sees exactly what runs at once.
 */
function holdingScript(): string {
  const script = join(dir(), 'hold.mjs')
  writeFileSync(script, `
import { existsSync, writeFileSync } from 'node:fs'
const x = process.argv.find((a) => a.startsWith('--x=')).slice(4)
writeFileSync(${JSON.stringify(dir())} + '/started-' + x, JSON.stringify({ cuda: process.env.CUDA_VISIBLE_DEVICES, omp: process.env.OMP_NUM_THREADS }))
while (!existsSync(${JSON.stringify(join(dir(), 'release'))})) await new Promise((r) => setTimeout(r, 20))
console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: Number(x) }))
`)
  return script
}

function setUp(yaml: string, opts: { maxCpu: number; gpus?: number[]; statfs?: () => DiskStats; total: number }) {
  const s = openStore(join(dir(), 'w.db'))
  store = s
  const file = join(dir(), 'sweep.yaml')
  const spec = parseSweepSpec(`${yaml}\ncommand: ['${process.execPath}', '${holdingScript()}', '\${args}']\nmetric: {name: loss, goal: minimize}\n`, file)
  const sweepId = s.sweeps.insert(newSweep({ total: opts.total }))
  const ended: Array<{ end: SweepEnd; error: string | null }> = []
  const changes: number[] = []
  const batcher = createWriteBatcher(s, { flushIntervalMs: 20 })
  const sch = createScheduler({
    store: s, batcher, maxCpu: opts.maxCpu, workspaceDir: join(dir(), 'w.files'),
    ...(opts.statfs ? { disk: { statfs: opts.statfs, path: '/data/ws.files', checkEveryMs: 25 } } : {}),
    hooks: { trialChanged: () => {}, sweepChanged: (id) => changes.push(id), sweepEnded: (_id, end, error) => void ended.push({ end, error }), log: () => {} },
  })
  scheduler = sch
  if (opts.gpus) sch.setGpus(opts.gpus)
  sch.run(buildSweepPlan({ sweepId, spec, specFile: file, seed: 1, nextIndex: 0, maxCpu: opts.maxCpu, gpusPresent: (opts.gpus?.length ?? 0) > 0, pending: [], workspace: { workspaceDir: join(dir(), 'w.files') } }))
  return { s, sch, sweepId, ended, changes }
}

const started = (): Array<{ x: string; cuda: string; omp: string }> =>
  readdirSync(dir()).filter((f) => f.startsWith('started-')).map((f) => ({ x: f.slice(8), ...(JSON.parse(readFileSync(join(dir(), f), 'utf8')) as { cuda: string; omp: string }) }))
const release = () => writeFileSync(join(dir(), 'release'), '')

describe('resources in the scheduler', () => {
  it('packs two gpu: 0.5 trials per GPU, each seeing its one device, and never dispatches a config twice', async () => {
    const { s, sch, ended } = setUp('method: grid\nworkers: 8\nresources: {gpu: 0.5}\nparameters:\n  x: {values: [1, 2, 3, 4, 5, 6]}', { maxCpu: 8, gpus: [3, 7], total: 6 })
    await expect.poll(() => started().length, { timeout: 20_000 }).toBe(4)
    // Four at once on two GPUs: both devices full, two trials each, nothing else dispatched.
    expect(sch.runningCount()).toBe(4)
    expect(sch.gpuUsage()).toEqual([{ id: 3, used: 1 }, { id: 7, used: 1 }])
    expect(started().map((t) => t.cuda).sort()).toEqual(['3', '3', '7', '7'])
    release()
    await expect.poll(() => ended.length, { timeout: 20_000 }).toBe(1)
    expect(ended[0]!.end).toBe('completed')
    const rows = s.db.prepare('SELECT idx, status FROM trials ORDER BY idx').all() as Array<{ idx: number; status: string }>
    expect(rows).toEqual([0, 1, 2, 3, 4, 5].map((idx) => ({ idx, status: 'completed' })))
    expect(started().map((t) => t.x).sort()).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(started().every((t) => t.cuda === '3' || t.cuda === '7')).toBe(true)
  })

  it('gives a cpu: 2 trial two slots: two at once on four slots, with its thread variables at 2', async () => {
    const { sch, ended } = setUp('method: grid\nworkers: 4\nresources: {cpu: 2}\nparameters:\n  x: {values: [1, 2, 3]}', { maxCpu: 4, total: 3 })
    await expect.poll(() => started().length, { timeout: 20_000 }).toBe(2)
    expect(sch.runningCount()).toBe(2)
    expect(started().map((t) => t.omp)).toEqual(['2', '2'])
    release()
    await expect.poll(() => ended.length, { timeout: 20_000 }).toBe(1)
    expect(started()).toHaveLength(3)
  })

  it('holds launches while the disk is low, says why on the sweep, and goes on by itself when space is back', async () => {
    let free = 0.5e9
    const { s, sweepId, ended } = setUp('method: grid\nworkers: 2\ndisk: {min_free: 1GB}\nparameters:\n  x: {values: [1, 2, 3]}', { maxCpu: 2, total: 3, statfs: () => ({ freeBytes: free, totalBytes: 100e9 }) })
    await expect.poll(() => s.sweeps.summary(sweepId)?.waiting, { timeout: 10_000 }).toBe(
      'paused: 500 MB free on /data/ws.files, needs 1.0 GB (disk.min_free); running trials go on and new ones start once space is freed',
    )
    expect(s.trials.listBySweep(sweepId)).toEqual([])
    free = 5e9
    await expect.poll(() => started().length, { timeout: 20_000 }).toBe(2)
    expect(s.sweeps.summary(sweepId)?.waiting).toBeNull()
    // Low again while two run: they go on, the third waits.
    free = 0.2e9
    await expect.poll(() => s.sweeps.summary(sweepId)?.waiting ?? null, { timeout: 10_000 }).not.toBeNull()
    release()
    await expect.poll(() => s.trials.listBySweep(sweepId).filter((t) => t.status === 'completed').length, { timeout: 20_000 }).toBe(2)
    expect(s.trials.listBySweep(sweepId)).toHaveLength(2)
    expect(ended).toEqual([])
    free = 5e9
    await expect.poll(() => ended.length, { timeout: 20_000 }).toBe(1)
    expect(ended[0]!.end).toBe('completed')
    expect(s.trials.listBySweep(sweepId)).toHaveLength(3)
    expect(s.sweeps.summary(sweepId)?.waiting).toBeNull()
    expect(existsSync(join(dir(), 'started-3'))).toBe(true)
  })
})
