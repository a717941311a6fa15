import type { TrialSummary } from '../../../shared/api/types.ts'
import type { Store } from '../store/store-types.ts'

export interface PendingAttempt {
  index: number
  attempt: number
  params: Record<string, unknown>
  seed: number
  /** The config version it was sampled from (default: the plan's). */
  version?: number
  /** The trial a rerun repeats. */
  rerunOf?: number | null
  /** A rerun's trial row, already written (queued) by whoever asked for it: started instead of inserted. */
  queuedTrialId?: number
}

const RETRYABLE = new Set(['failed', 'crashed'])

/**
 * Brings a sweep left behind by a dead engine to a consistent state: attempts that were queued or
 * running end as `interrupted` (their committed metrics stay), and every search index whose latest
 * attempt did not finish for good is queued again as a new attempt. Pure reads of committed rows,
 * so it can run any number of times.
 */
export function recoverSweep(
  store: Store,
  sweepId: number,
  retries: number,
  reason: string,
  requeue = true,
  /** Trials left as they are: Slurm jobs still running that resume re-attaches to. */
  keep: ReadonlySet<number> = new Set(),
): { pending: PendingAttempt[]; interrupted: number; keptPoints: number } {
  const now = Date.now()
  const waiting = store.trials.listByStatus(sweepId, ['queued', 'running']).filter((t) => !keep.has(t.id))
  // Reruns that never started are still waiting for their turn, not interrupted.
  const reruns = waiting.filter(isWaitingRerun)
  const left = waiting.filter((t) => !isWaitingRerun(t))
  store.db.transaction(() => {
    for (const t of left) store.trials.finish(t.id, { status: 'interrupted', endedAt: now, durationMs: null, error: reason })
  })()
  const keptPoints = left.reduce((n, t) => n + store.metrics.count(t.id), 0)
  if (!requeue) {
    store.db.transaction(() => {
      for (const t of reruns) store.trials.finish(t.id, { status: 'cancelled', endedAt: now, durationMs: null, error: reason })
    })()
    return { pending: [], interrupted: left.length, keptPoints }
  }
  const latest = new Map<number, TrialSummary>()
  for (const t of store.trials.listBySweep(sweepId)) {
    const prev = latest.get(t.index)
    if (!prev || t.attempt > prev.attempt) latest.set(t.index, t)
  }
  const pending: PendingAttempt[] = []
  for (const t of [...latest.values()].sort((a, b) => a.index - b.index)) {
    const again = t.status === 'interrupted' || (RETRYABLE.has(t.status) && t.attempt <= retries)
    if (again) pending.push({ index: t.index, attempt: t.attempt + 1, params: t.params, seed: t.seed, version: t.configVersion, rerunOf: t.rerunOf })
  }
  for (const t of reruns) pending.push(queuedRerunAttempt(t))
  return { pending, interrupted: left.length, keptPoints }
}

/** A rerun row written by `rerunTrial`/`rerunBest` that no engine has started yet. */
export function isWaitingRerun(t: TrialSummary): boolean {
  return t.status === 'queued' && t.rerunOf !== null && t.startedAt === null && t.workerId === null
}

export function queuedRerunAttempt(t: TrialSummary): PendingAttempt {
  return { index: t.index, attempt: t.attempt, params: t.params, seed: t.seed, version: t.configVersion, rerunOf: t.rerunOf, queuedTrialId: t.id }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
