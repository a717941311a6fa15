/** Malformed metric lines logged one by one; past this, only counted (a script printing junk each step stays quiet). */
export const MALFORMED_SHOWN = 20

/**
 * Counts the metric lines a trial wrote that could not be read. They are never fatal: the trial
 * goes on, the first few are logged as they come, and `summary()` says how many were ignored.
 */
export function createMalformedTally(shown = MALFORMED_SHOWN) {
  let count = 0
  let first: string | null = null
  return {
    /** Records one malformed line; returns the system log line for it, or null once past `shown`. */
    add(source: string, error: string): string | null {
      count++
      const described = `from ${source}: ${error}`
      first ??= described
      return count <= shown ? `malformed metrics line ${described}` : null
    },
    get count(): number {
      return count
    },
    /** `ignored 3 malformed metric lines (first from stdout: …)`, or null when there were none. */
    summary(): string | null {
      if (count === 0) return null
      const lines = count === 1 ? 'line' : 'lines'
      const logged = count > shown ? `; the first ${shown} are in the log` : ''
      return `ignored ${count.toLocaleString('en-US')} malformed metric ${lines} (first ${first!.length > 240 ? `${first!.slice(0, 240)}…` : first})${logged}`
    },
  }
}
