import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../store/test-helpers.ts'
import { createWorkspaceSizer } from './workspace-size.ts'

const dir = useTempDir()

describe('the workspace size', () => {
  it('adds the database files, each sweep\'s trial folders and the rest, and caches the answer', async () => {
    const db = join(dir(), 'w.db')
    const files = join(dir(), 'w.files')
    writeFileSync(db, Buffer.alloc(4096))
    writeFileSync(`${db}-wal`, Buffer.alloc(1000))
    mkdirSync(join(files, 'trials', '1', '7', 'model'), { recursive: true })
    mkdirSync(join(files, 'trials', '3', '9'), { recursive: true })
    mkdirSync(join(files, 'datasets'), { recursive: true })
    writeFileSync(join(files, 'trials', '1', '7', 'model', 'weights.bin'), Buffer.alloc(300))
    writeFileSync(join(files, 'trials', '1', '7', 'params.json'), Buffer.alloc(20))
    writeFileSync(join(files, 'trials', '3', '9', 'out.txt'), Buffer.alloc(50))
    writeFileSync(join(files, 'datasets', 'spam.csv'), Buffer.alloc(700))
    let t = 1_000
    const sizer = createWorkspaceSizer(db, files, () => t)
    const size = await sizer.get()
    expect(size).toEqual({
      totalBytes: 5096 + 370 + 700, databaseBytes: 5096, trialBytes: 370, otherBytes: 700,
      sweeps: [{ sweepId: 1, bytes: 320 }, { sweepId: 3, bytes: 50 }], measuredAt: 1_000,
    })
    writeFileSync(join(files, 'datasets', 'more.csv'), Buffer.alloc(100))
    t += 5_000
    expect((await sizer.get()).otherBytes).toBe(700)
    expect((await sizer.get({ fresh: true })).otherBytes).toBe(800)
    t += 20_000
    const [a, b] = await Promise.all([sizer.get(), sizer.get()])
    expect(a).toBe(b)
  })

  it('is zero for a workspace with no files yet', async () => {
    const size = await createWorkspaceSizer(join(dir(), 'none.db'), join(dir(), 'none.files')).get()
    expect(size).toMatchObject({ totalBytes: 0, sweeps: [] })
  })
})
