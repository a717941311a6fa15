const EXCERPT_CHARS = 120

/**
 * Near-duplicates share most of their text, often the whole start: show both from a little before
 * the first difference (as `sweeplab data show` does), cut to a readable length.
 */
export function excerptPair(a: string, b: string): [string, string] {
  let same = 0
  while (same < a.length && same < b.length && a[same] === b[same]) same++
  const from = Math.max(0, same - 24)
  const cut = (s: string) => {
    const flat = s.replace(/\s+/g, ' ')
    const part = flat.slice(from, from + EXCERPT_CHARS)
    return `${from > 0 ? '…' : ''}${part}${from + EXCERPT_CHARS < flat.length ? '…' : ''}`
  }
  return [cut(a), cut(b)]
}
