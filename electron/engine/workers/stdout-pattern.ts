/**
 * The rules on a `stdout_metrics` pattern, shared by the sweep-file check (which reports them with a
 * line and column) and the worker (which compiles what passed).
 */

/** Where the value of one metric sits in a match: a group number, or a group name. */
export interface ValueGroup {
  metric: string
  group: number | string
}

export type PatternAnalysis =
  | { ok: true; values: ValueGroup[]; hasStep: boolean }
  | { ok: false; message: string }

interface GroupInfo {
  index: number
  name: string | null
}

/**
 * Lookarounds and backreferences are refused: without them every pattern can run on V8's linear-time
 * engine, which the worker falls back to when a match backtracks too much (see stdout-metrics.ts).
 */
function scanGroups(pattern: string): { groups: GroupInfo[] } | { message: string } {
  const groups: GroupInfo[] = []
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') {
      const next = pattern[i + 1] ?? ''
      if (!inClass && /[1-9]/.test(next)) return { message: `uses backreference \\${next} (character ${i + 1}), which is not supported: it can make matching take exponential time` }
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return { message: `uses backreference \\k<…> (character ${i + 1}), which is not supported: it can make matching take exponential time` }
      i++
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      continue
    }
    if (c === '[') {
      inClass = true
      continue
    }
    if (c !== '(') continue
    if (pattern[i + 1] !== '?') {
      groups.push({ index: groups.length + 1, name: null })
      continue
    }
    const rest = pattern.slice(i + 2, i + 4)
    if (rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') {
      return { message: `uses lookaround (?${rest.startsWith('<') ? rest : rest[0]}…) (character ${i + 1}), which is not supported; match the text itself instead` }
    }
    if (rest.startsWith('P<')) return { message: `uses (?P<name>…) (character ${i + 1}), Python's spelling; JavaScript writes a named group (?<name>…)` }
    const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(i + 1))
    if (named) groups.push({ index: groups.length + 1, name: named[1]! })
  }
  return { groups }
}

/**
 * Checks one pattern: it compiles, cannot match an empty line, and says where the value is. `name`
 * given: the `value` group, else the one capture group besides `step`. No name: each named group
 * besides `step` is a metric of that name.
 */
export function analyzeStdoutPattern(pattern: string, name: string | undefined): PatternAnalysis {
  const scanned = scanGroups(pattern)
  if ('message' in scanned) return { ok: false, message: scanned.message }
  let re: RegExp
  try {
    re = new RegExp(pattern)
  } catch (e) {
    return { ok: false, message: `is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}` }
  }
  // The alternation matches '' at once, so exec reports every group (undefined): their true count.
  const total = new RegExp(`${pattern}|`).exec('')!.length - 1
  if (total !== scanned.groups.length) return { ok: false, message: `has capture groups that could not be numbered (found ${scanned.groups.length}, the engine counts ${total}); simplify the groups` }
  if (re.test('')) return { ok: false, message: 'matches an empty line, so every line would be read as a metric; anchor it on text the line must contain, e.g. loss=(\\S+)' }
  const hasStep = scanned.groups.some((g) => g.name === 'step')
  const others = scanned.groups.filter((g) => g.name !== 'step')
  if (name !== undefined) {
    if (others.some((g) => g.name === 'value')) return { ok: true, values: [{ metric: name, group: 'value' }], hasStep }
    if (others.length === 0) return { ok: false, message: `has no capture group for the value of ${name}: put it in ( ) or (?<value>…), e.g. loss=(\\S+)` }
    if (others.length > 1) return { ok: false, message: `has ${others.length} capture groups besides step; mark the value with (?<value>…) and make the others non-capturing (?:…)` }
    const only = others[0]!
    return { ok: true, values: [{ metric: name, group: only.name ?? only.index }], hasStep }
  }
  if (others.some((g) => g.name === 'value')) return { ok: false, message: 'has (?<value>…) but no name: add name: (the metric to store it as), or name the group after the metric' }
  const named = others.filter((g): g is GroupInfo & { name: string } => g.name !== null)
  if (named.length === 0) return { ok: false, message: 'has no named group and no name: add name: (the metric), or name each group after its metric, e.g. loss=(?<loss>\\S+)' }
  return { ok: true, values: named.map((g) => ({ metric: g.name, group: g.name })), hasStep }
}
