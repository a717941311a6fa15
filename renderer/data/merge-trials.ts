import type { TrialSummary } from '../../shared/api/types.ts'
import { isTerminalTrialStatus } from '../../shared/status.ts'

// A trial row only moves forward: queued → running → one terminal state (resume makes a new row).
function stage(t: TrialSummary): number {
  if (isTerminalTrialStatus(t.status)) return 2
  return t.status === 'running' ? 1 : 0
}

/**
 * A refetched trial list merged with the cached one: a row the cache already has at a later stage
 * wins. A refetch answered just before a trial ended can arrive after the `trial-updated` event that
 * ended it; without this it would put the trial back to "running" until the next refetch.
 */
export function mergeTrialRows(cached: readonly TrialSummary[] | undefined, fresh: TrialSummary[]): TrialSummary[] {
  if (!cached || cached.length === 0) return fresh
  const byId = new Map(cached.map((t) => [t.id, t]))
  return fresh.map((t) => {
    const old = byId.get(t.id)
    return old && stage(old) > stage(t) ? old : t
  })
}
