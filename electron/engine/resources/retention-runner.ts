import type { Dirent } from 'node:fs'
import { readdir, rm, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Artifact } from '../../../shared/api/types.ts'
import type { MetricGoal } from '../../../shared/status.ts'
import type { KeepSpec } from '../../../shared/sweep-spec.ts'
import type { Store } from '../store/store-types.ts'
import { sweepFilesDir } from '../workspace-files.ts'
import { checkpointsOutsideBest, checkpointUnit, isCheckpoint, olderCheckpointUnits } from './checkpoint-retention.ts'

export interface RetentionHooks {
  /** A trial's artifacts changed (some were deleted). */
  trialChanged(trialId: number): void
  log(msg: string): void
}

/** How deep `keep.last` looks for checkpoint files in a trial folder (as collect-artifacts does). */
const MAX_DEPTH = 3

/**
 * Applies a sweep's `keep:` to the files on disk. Work for one sweep runs one job at a time (a
 * trial end during a deletion queues behind it), off the engine's thread apart from the small
 * store reads and writes. Only paths inside the sweep's own trial folders are ever removed, and a
 * symbolic link is removed as a link, never followed.
 */
export function createRetentionRunner(store: Store, filesDir: string, hooks: RetentionHooks) {
  const chains = new Map<number, Promise<void>>()

  function enqueue(sweepId: number, job: () => Promise<void>): Promise<void> {
    const next = (chains.get(sweepId) ?? Promise.resolve()).then(job).catch((e: unknown) => {
      hooks.log(`checkpoint retention of sweep ${sweepId}: ${(e as Error).message}`)
    })
    chains.set(sweepId, next)
    void next.then(() => {
      if (chains.get(sweepId) === next) chains.delete(sweepId)
    })
    return next
  }

  function inside(sweepId: number, path: string): boolean {
    const rel = relative(sweepFilesDir(filesDir, sweepId), path)
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel.split(sep).length >= 2
  }

  async function remove(sweepId: number, artifacts: readonly Artifact[], why: string): Promise<void> {
    const done: number[] = []
    for (const a of artifacts) {
      if (!inside(sweepId, a.path)) {
        hooks.log(`checkpoint retention: ${a.path} is outside sweep ${sweepId}'s folder; left alone`)
        continue
      }
      await rm(a.path, { recursive: true, force: true })
      done.push(a.id)
    }
    if (done.length === 0) return
    store.artifacts.markDeleted(done, Date.now())
    const trials = new Set(artifacts.filter((a) => done.includes(a.id)).map((a) => a.trialId))
    hooks.log(`sweep ${sweepId}: deleted ${done.length} checkpoint(s) of ${trials.size} trial(s) (${why})`)
    for (const t of trials) hooks.trialChanged(t)
  }

  /** keep.last for recorded artifacts of the given trials: all of each trial's checkpoints but its newest. */
  async function olderRecorded(artifacts: readonly Artifact[], trialIds: ReadonlySet<number>): Promise<Artifact[]> {
    const byTrial = new Map<number, Array<Artifact & { mtimeMs: number }>>()
    for (const a of artifacts) {
      if (a.deletedAt !== null || a.kind === 'weights' || !trialIds.has(a.trialId) || !isCheckpoint(a)) continue
      const mtimeMs = await stat(a.path).then((s) => s.mtimeMs, () => 0)
      byTrial.set(a.trialId, [...(byTrial.get(a.trialId) ?? []), { ...a, mtimeMs }])
    }
    return [...byTrial.values()].flatMap((files) => {
      const doomed = new Set(olderCheckpointUnits(files))
      return files.filter((f) => doomed.has(checkpointUnit(f.name)!))
    })
  }

  return {
    /**
     * After a trial ended (its artifacts are recorded): `keep.last` for that trial, then `keep.best`
     * over the sweep. Without `endedTrialId` (a sweep starting or resuming) `last` covers every trial.
     */
    apply(sweepId: number, keep: KeepSpec, goal: MetricGoal, endedTrialId?: number): Promise<void> {
      return enqueue(sweepId, async () => {
        if (keep.last) {
          const artifacts = store.artifacts.listBySweep(sweepId)
          const ids = new Set(endedTrialId !== undefined ? [endedTrialId] : artifacts.map((a) => a.trialId))
          await remove(sweepId, await olderRecorded(artifacts, ids), 'keep.last: only the newest checkpoint of a trial')
        }
        if (keep.best !== undefined) {
          const doomed = checkpointsOutsideBest(store.trials.listBySweep(sweepId), store.artifacts.listBySweep(sweepId), keep.best, goal)
          await remove(sweepId, doomed, `keep.best: ${keep.best}`)
        }
      })
    },
    /** `keep.last` while a trial runs: deletes all but the newest checkpoint file under its folder. */
    pruneRunning(sweepId: number, trialDir: string): Promise<void> {
      return enqueue(sweepId, async () => {
        const older = olderCheckpointUnits(await listFiles(trialDir))
        for (const unit of older) await rm(join(trialDir, unit), { recursive: true, force: true })
        if (older.length) hooks.log(`${trialDir}: deleted ${older.length} older checkpoint(s) (keep.last)`)
      })
    },
    /** Resolves when every queued job has run (tests, shutdown). */
    async idle(): Promise<void> {
      while (chains.size) await Promise.all([...chains.values()])
    },
  }
}

/** Checkpoint files under `dir` (links are not followed), with names relative to it. */
async function listFiles(dir: string): Promise<Array<{ name: string; mtimeMs: number }>> {
  const out: Array<{ name: string; mtimeMs: number }> = []
  const visit = async (d: string, depth: number): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await readdir(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const path = join(d, e.name)
      if (e.isDirectory() && depth < MAX_DEPTH) await visit(path, depth + 1)
      else if (e.isFile() && checkpointUnit(relative(dir, path).split(sep).join('/')) !== null) {
        const s = await stat(path).catch(() => null)
        if (s) out.push({ name: relative(dir, path).split(sep).join('/'), mtimeMs: s.mtimeMs })
      }
    }
  }
  await visit(dir, 0)
  return out
}

export type RetentionRunner = ReturnType<typeof createRetentionRunner>
