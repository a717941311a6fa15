/** One occurrence of the search text: the line (index into the searched list) and the span in it. */
export interface LogMatch {
  line: number
  start: number
  end: number
}

/** Counting stops here: a one-letter query in 20k lines would otherwise build a huge list. */
export const MAX_LOG_MATCHES = 10_000

/**
 * Every occurrence of `query` in `lines`, case-insensitive, plain text (no regex: log text is full
 * of brackets and dots), in reading order; non-overlapping within a line. An empty query finds nothing.
 */
export function findLogMatches(lines: readonly string[], query: string, limit = MAX_LOG_MATCHES): LogMatch[] {
  const needle = query.toLowerCase()
  if (!needle) return []
  const out: LogMatch[] = []
  for (let i = 0; i < lines.length && out.length < limit; i++) {
    const hay = lines[i]!.toLowerCase()
    // Lowercasing can change the length of a few characters (e.g. "İ"); then offsets would drift.
    if (hay.length !== lines[i]!.length) {
      for (const m of scanExact(lines[i]!, query)) if (out.length < limit) out.push({ line: i, ...m })
      continue
    }
    let from = 0
    for (;;) {
      const at = hay.indexOf(needle, from)
      if (at < 0 || out.length >= limit) break
      out.push({ line: i, start: at, end: at + needle.length })
      from = at + needle.length
    }
  }
  return out
}

function scanExact(line: string, query: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  const q = query.toLowerCase()
  for (let at = 0; at + query.length <= line.length; at++) {
    if (line.slice(at, at + query.length).toLowerCase() === q) {
      out.push({ start: at, end: at + query.length })
      at += query.length - 1
    }
  }
  return out
}

export interface Segment {
  text: string
  /** Index of the match in the full match list, or null for plain text. */
  match: number | null
}

/** A line cut into plain and highlighted pieces, given its matches (sorted, from `findLogMatches`). */
export function splitLine(text: string, matches: ReadonlyArray<LogMatch & { index: number }>): Segment[] {
  const out: Segment[] = []
  let at = 0
  for (const m of matches) {
    if (m.start > at) out.push({ text: text.slice(at, m.start), match: null })
    out.push({ text: text.slice(m.start, m.end), match: m.index })
    at = m.end
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), match: null })
  return out
}

/** The next match index after `current` (wrapping), or the previous one with `backwards`. */
export function stepMatch(current: number, count: number, backwards: boolean): number {
  if (count === 0) return -1
  if (current < 0) return backwards ? count - 1 : 0
  return (current + (backwards ? count - 1 : 1)) % count
}
