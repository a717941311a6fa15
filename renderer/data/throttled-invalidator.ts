import type { QueryClient, QueryKey } from '@tanstack/react-query'

export interface ThrottledInvalidator {
  /** Marks a query (exact key) stale; the refetch happens on the next flush. */
  mark(key: QueryKey): void
  /** Marks every query matching `predicate` stale on the next flush. */
  markWhere(id: string, predicate: (key: QueryKey) => boolean): void
  dispose(): void
}

/**
 * Collects invalidations and flushes them at most once per `intervalMs`: a busy sweep emits many
 * events a second, and refetching on each would make plots redraw faster than anyone can read and
 * starve input. The first event after a quiet spell flushes at once.
 */
export function createThrottledInvalidator(qc: QueryClient, intervalMs = 1000, now = () => Date.now()): ThrottledInvalidator {
  const pending = new Map<string, (key: QueryKey) => boolean>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastFlush = -Infinity

  function flush(): void {
    timer = undefined
    lastFlush = now()
    const predicates = [...pending.values()]
    pending.clear()
    void qc.invalidateQueries({ predicate: (q) => predicates.some((p) => p(q.queryKey)) })
  }

  function schedule(): void {
    if (timer !== undefined) return
    timer = setTimeout(flush, Math.max(0, lastFlush + intervalMs - now()))
  }

  return {
    mark(key) {
      const hash = JSON.stringify(key)
      pending.set(hash, (k) => JSON.stringify(k) === hash)
      schedule()
    },
    markWhere(id, predicate) {
      pending.set(id, predicate)
      schedule()
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      pending.clear()
    },
  }
}
