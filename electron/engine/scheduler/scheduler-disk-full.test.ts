import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSweepSpec } from '../config/parse-sweep-spec.ts'
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
 * The same SQLITE_FULL a full disk gives, without root: `max_page_count` stops the file growing.
 * (tests/faults/storage-disk-full.faults.test.ts does it for real on a tmpfs.)
 */
describe('the scheduler on a database that runs out of space', () => {
  it('stops launching, stops the running trials, and ends the sweep interrupted with the disk-full message', async () => {
    const s = openStore(join(dir(), 'w.db'))
    store = s
    const script = join(dir(), 'train.mjs')
    writeFileSync(script, "for (let i = 0; i < 40; i++) { console.log('@@sweeplab ' + JSON.stringify({ step: i, loss: 1 / (i + 1) })); await new Promise((r) => setTimeout(r, 10)) }\n")
    const spec = parseSweepSpec(`method: grid\nworkers: 2\ncommand: ['${process.execPath}', '${script}']\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {values: [${Array.from({ length: 20 }, (_, i) => i).join(', ')}]}\n`, join(dir(), 'sweep.yaml'))
    const sweepId = s.sweeps.insert(newSweep({ total: 20 }))
    const logs: string[] = []
    let ended: { end: SweepEnd; error: string | null } | null = null
    const batcher = createWriteBatcher(s, { flushIntervalMs: 20, onError: (e) => logs.push(`metric writer: ${(e as Error).message}`) })
    scheduler = createScheduler({
      store: s, batcher, maxCpu: 2, workspaceDir: dir(),
      hooks: { trialChanged: () => {}, sweepChanged: () => {}, sweepEnded: (_id, end, error) => void (ended = { end, error }), log: (m) => logs.push(m) },
    })
    scheduler.run(buildSweepPlan({ sweepId, spec, specFile: join(dir(), 'sweep.yaml'), seed: 1, nextIndex: 0, maxCpu: 2, gpusPresent: false, pending: [], workspace: { workspaceDir: dir() } }))
    const completed = () => (s.db.prepare("SELECT count(*) AS n FROM trials WHERE status = 'completed'").get() as { n: number }).n
    await expect.poll(completed, { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
    const pointsBefore = (s.db.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number }).n
    s.db.pragma(`max_page_count = ${s.db.pragma('page_count', { simple: true }) as number}`)
    await expect.poll(() => ended, { timeout: 20_000 }).not.toBeNull()
    const trialsAtStop = (s.db.prepare('SELECT count(*) AS n FROM trials').get() as { n: number }).n

    expect(ended!.end).toBe('interrupted')
    expect(ended!.error).toMatch(new RegExp(`^disk full: cannot write to ${s.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(database or disk is full\\)`))
    expect(logs.filter((l) => l.startsWith('disk full:'))).toHaveLength(1)
    expect(logs.some((l) => l.includes('retrying in'))).toBe(false)
    expect(trialsAtStop).toBeLessThan(20)
    expect(scheduler.isRunning(sweepId)).toBe(false)
    // Nothing committed before the stop went away, and the file is sound.
    expect((s.db.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number }).n).toBeGreaterThanOrEqual(pointsBefore)
    expect(s.checkIntegrity()).toEqual([])
  })
})
