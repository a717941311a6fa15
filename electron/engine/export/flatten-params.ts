/**
 * Flattens nested param dicts into dotted names (`{opt: {lr: 1}}` → `opt.lr`), the way W&B
 * nested `parameters` reach a program. Arrays stay values; an empty dict stays a value so
 * nothing is dropped. Key order is insertion order.
 */
export function flattenParams(params: Readonly<Record<string, unknown>>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = []
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (isPlainObject(value) && Object.keys(value).length > 0) out.push(...flattenParams(value, name))
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
