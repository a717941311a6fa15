import { existsSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store-types.ts'
import { endedTrial, newSweep, useTempDir } from '../store/test-helpers.ts'
import { createRetentionRunner } from './retention-runner.ts'

const dir = useTempDir()
let store: Store
let sweepId: number
const changed: number[] = []
beforeEach(() => {
  store = openStore(join(dir(), 'w.db'))
  sweepId = store.sweeps.insert(newSweep())
  changed.length = 0
})
afterEach(() => store.close())

const files = () => join(dir(), 'w.files')
const trialDir = (trialId: number) => join(files(), 'trials', String(sweepId), String(trialId))

/** A finished trial with a saved model and the artifacts a worker would have recorded. */
function trialWithModel(index: number, loss: number | undefined, status: 'completed' | 'failed' = 'completed'): number {
  const id = endedTrial(store, sweepId, index, status, 1, loss)
  mkdirSync(join(trialDir(id), 'model'), { recursive: true })
  writeFileSync(join(trialDir(id), 'model', 'model.json'), '{}')
  writeFileSync(join(trialDir(id), 'metrics.txt'), 'kept')
  store.artifacts.insertMany([
    { trialId: id, kind: 'weights', name: 'model', path: join(trialDir(id), 'model'), size: 2, createdAt: 1 },
    { trialId: id, kind: 'file', name: 'metrics.txt', path: join(trialDir(id), 'metrics.txt'), size: 4, createdAt: 1 },
  ])
  return id
}

describe('the retention runner', () => {
  it('keep.best: 2 deletes the other trials\' weights, marks their rows, and leaves metrics and other files', async () => {
    const ids = [0.4, 0.1, 0.3, 0.2].map((loss, i) => trialWithModel(i, loss))
    const failed = trialWithModel(4, undefined, 'failed')
    const r = createRetentionRunner(store, files(), { trialChanged: (id) => changed.push(id), log: () => {} })
    await r.apply(sweepId, { best: 2, last: false }, 'minimize')
    const kept = ids.filter((id) => existsSync(join(trialDir(id), 'model')))
    expect(kept).toEqual([ids[1], ids[3]])
    expect(existsSync(join(trialDir(failed), 'model'))).toBe(false)
    for (const id of [...ids, failed]) expect(existsSync(join(trialDir(id), 'metrics.txt'))).toBe(true)
    const deleted = store.artifacts.listBySweep(sweepId).filter((a) => a.deletedAt !== null).map((a) => a.trialId)
    expect(deleted.sort()).toEqual([ids[0], ids[2], failed].sort())
    expect(store.trials.get(ids[0]!)?.finalValue).toBe(0.4)
    expect(changed.sort()).toEqual([ids[0], ids[2], failed].sort())
  })

  it('keep.last keeps the newest checkpoint of a trial, recorded or still running', async () => {
    const id = endedTrial(store, sweepId, 0, 'completed', 1, 0.5)
    mkdirSync(trialDir(id), { recursive: true })
    for (const [name, t] of [['ckpt-1.pt', 1000], ['ckpt-2.pt', 2000], ['ckpt-3.pt', 3000]] as const) {
      writeFileSync(join(trialDir(id), name), name)
      utimesSync(join(trialDir(id), name), t, t)
      store.artifacts.insertMany([{ trialId: id, kind: 'file', name, path: join(trialDir(id), name), size: 9, createdAt: 1 }])
    }
    const r = createRetentionRunner(store, files(), { trialChanged: () => {}, log: () => {} })
    await r.apply(sweepId, { last: true }, 'minimize', id)
    expect(['ckpt-1.pt', 'ckpt-2.pt', 'ckpt-3.pt'].map((n) => existsSync(join(trialDir(id), n)))).toEqual([false, false, true])
    expect(store.artifacts.listBySweep(sweepId).map((a) => a.deletedAt !== null)).toEqual([true, true, false])

    const running = join(trialDir(id + 1), 'out')
    mkdirSync(join(running, 'checkpoint-100'), { recursive: true })
    mkdirSync(join(running, 'checkpoint-200'), { recursive: true })
    writeFileSync(join(running, 'checkpoint-100', 'model.bin'), 'a')
    utimesSync(join(running, 'checkpoint-100', 'model.bin'), 1000, 1000)
    writeFileSync(join(running, 'checkpoint-200', 'model.bin'), 'b')
    await r.pruneRunning(sweepId, trialDir(id + 1))
    expect(existsSync(join(running, 'checkpoint-100'))).toBe(false)
    expect(existsSync(join(running, 'checkpoint-200', 'model.bin'))).toBe(true)
  })

  it('never removes what lies outside the sweep\'s trial folders, and removes a link without following it', async () => {
    const id = endedTrial(store, sweepId, 0, 'failed')
    const outside = join(dir(), 'precious.pt')
    writeFileSync(outside, 'x')
    mkdirSync(trialDir(id), { recursive: true })
    symlinkSync(outside, join(trialDir(id), 'link.pt'))
    store.artifacts.insertMany([
      { trialId: id, kind: 'file', name: 'elsewhere.pt', path: outside, size: 1, createdAt: 1 },
      { trialId: id, kind: 'file', name: 'link.pt', path: join(trialDir(id), 'link.pt'), size: 1, createdAt: 1 },
    ])
    const logs: string[] = []
    const r = createRetentionRunner(store, files(), { trialChanged: () => {}, log: (m) => logs.push(m) })
    await r.apply(sweepId, { best: 0, last: false }, 'minimize')
    expect(existsSync(outside)).toBe(true)
    expect(existsSync(join(trialDir(id), 'link.pt'))).toBe(false)
    expect(logs.some((l) => l.includes('outside sweep'))).toBe(true)
    expect(store.artifacts.listBySweep(sweepId).map((a) => a.deletedAt !== null)).toEqual([false, true])
  })
})
