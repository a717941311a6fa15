import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../engine.ts'
import type { Engine } from '../engine-types.ts'

const HOUR_MS = 3_600_000

describe('elapsed time under wall-clock jumps (suspend, NTP, a user changing the clock)', () => {
  let dir = ''
  let engine: Engine | null = null
  afterEach(async () => {
    vi.useRealTimers()
    await engine?.shutdown({ graceMs: 500 })
    engine = null
    rmSync(dir, { recursive: true, force: true })
  })

  it('neither fires a trial timeout early nor records a negative or inflated duration', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sweeplab-clock-'))
    const script = join(dir, 'sleep.mjs')
    writeFileSync(script, "await new Promise((r) => setTimeout(r, 1500)); console.log('@@sweeplab ' + JSON.stringify({ step: 0, loss: 1 }))\n")
    engine = createEngine({ dbPath: join(dir, 'w.db'), maxWorkers: 2 })
    const yaml = `method: grid\ntimeout: 5s\nworkers: 2\ncommand: ['${process.execPath}', '${script}']\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {values: [1, 2]}\n`
    const { sweepId } = await engine.createSweep({ text: yaml, fileName: join(dir, 'sweep.yaml') })
    const started = Date.now()
    // Mid-trial the wall clock leaps an hour ahead (as after a laptop's sleep) and then back before it.
    await new Promise((r) => setTimeout(r, 400))
    vi.setSystemTime(started + HOUR_MS)
    await new Promise((r) => setTimeout(r, 400))
    vi.setSystemTime(started - HOUR_MS)
    const done = await engine.waitForSweep(sweepId)
    vi.useRealTimers()
    expect(done.status).toBe('completed')
    const db = new Database(join(dir, 'w.db'), { readonly: true })
    const trials = db.prepare('SELECT status, duration_ms AS ms FROM trials ORDER BY id').all() as Array<{ status: string; ms: number }>
    db.close()
    // Completed, not `timeout`: the 5 s limit was not judged on a clock that had moved an hour.
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed'])
    for (const t of trials) {
      expect(t.ms).toBeGreaterThanOrEqual(1_400)
      expect(t.ms).toBeLessThan(5_000)
    }
  })
})
