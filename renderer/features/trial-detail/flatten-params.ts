/**
 * Nested param dicts as dotted names (`{opt: {lr: 1}}` → `opt.lr`), in insertion order. Arrays stay
 * values and an empty dict stays `{}`, so nothing is dropped. The same rules as the engine's CSV
 * export (electron/engine/export/flatten-params.ts), so the table and the CSV columns agree.
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Strings as they are, numbers in their shortest exact form, everything else as compact JSON. */
export function formatParamValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (value === undefined) return ''
  return JSON.stringify(value)
}
