/**
 * Flattens every nested param dict into dotted names (`{opt: {lr: 1}}` → `opt.lr`) for CSV
 * columns and table cells. Arrays stay values; an empty dict stays a value so nothing is dropped.
 * Key order is insertion order. Not for argv: a trial's `${args}` (and the exported best `args`)
 * dot only nested `parameters` groups, by command-macros' flattenParams with the sweep's spec.
 */
export function flattenForDisplay(params: Readonly<Record<string, unknown>>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = []
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (isPlainObject(value) && Object.keys(value).length > 0) out.push(...flattenForDisplay(value, name))
    else out.push([name, value])
  }
  return out
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * One param value as plain text: strings as they are, numbers in their shortest exact form
 * (`String(0.1)` round-trips through every IEEE-754 parser), everything else as compact JSON.
 */
export function formatParamText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (value === undefined) return ''
  return JSON.stringify(value)
}
