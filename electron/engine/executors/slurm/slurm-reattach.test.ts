import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../store/open-store.ts'
import type { Store } from '../../store/store-types.ts'
import { newSweep, newTrial, useTempDir } from '../../store/test-helpers.ts'
import { cancelOrphanedJobs } from './cancel-orphaned-jobs.ts'
import type { CommandResult } from './slurm-commands.ts'
import { createSlurmJobRepo, type SlurmJobRepo } from './slurm-job-repo.ts'
import { findReattachable } from './slurm-reattach.ts'
import { STREAM_FILE } from './stream-file.ts'

const tmp = useTempDir()
let store: Store
let jobs: SlurmJobRepo
let sweepId: number
beforeEach(() => {
  store = openStore(join(tmp(), 'w.db'))
  jobs = createSlurmJobRepo(store.db)
  sweepId = store.sweeps.insert(newSweep())
})
afterEach(() => store.close())

function running(index: number, jobId: string | null): number {
  const id = store.trials.insert(newTrial(sweepId, index))
  store.trials.markRunning(id, { workerId: -1, startedAt: 3_000 })
  if (jobId) jobs.record(id, jobId)
  return id
}

describe('resume on a Slurm sweep', () => {
  it('re-attaches to jobs Slurm knows and to streams with unread lines, and to nothing else', async () => {
    const queued = running(0, '70_0')
    const forgotten = running(1, '70_1')
    const unread = running(2, '70_2')
    running(3, null)
    const ended = store.trials.insert(newTrial(sweepId, 4))
    store.trials.finish(ended, { status: 'completed', endedAt: 4_000, durationMs: 1 })
    jobs.record(ended, '70_4')
    const dir = join(tmp(), 'w.files', 'trials', String(sweepId), String(unread))
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, STREAM_FILE), '{"type":"logs","trialId":1,"rows":[]}\n')
    const calls: string[] = []
    const run = async (cmd: string, args: readonly string[]): Promise<CommandResult> => {
      calls.push(`${cmd} ${args.join(' ')}`)
      if (cmd === 'squeue') return { code: 0, stdout: '70_0|PENDING|Priority|\n', stderr: '' }
      return { code: 1, stdout: '', stderr: 'Slurm accounting storage is disabled' }
    }
    const found = await findReattachable(store, jobs, sweepId, join(tmp(), 'w.files'), run)
    expect(found.map((t) => [t.trialId, t.jobId, t.offset])).toEqual([[queued, '70_0', 0], [unread, '70_2', 0]])
    expect(found.map((t) => t.trialId)).not.toContain(forgotten)
    expect(calls.some((c) => c.startsWith('sacct') && c.includes('70_1,70_2'))).toBe(true)
  })

  it('cancel of a sweep whose engine is gone scancels its jobs still recorded as running', async () => {
    running(0, '80_0')
    running(1, '80_1')
    const calls: string[] = []
    const n = await cancelOrphanedJobs(store, jobs, sweepId, () => {}, async (cmd, args) => {
      calls.push(`${cmd} ${args.join(' ')}`)
      return { code: 0, stdout: '', stderr: '' }
    })
    expect(n).toBe(2)
    expect(calls).toEqual(['scancel 80_0 80_1'])
  })
})
