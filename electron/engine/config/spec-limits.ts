import { problem } from './spec-problem.ts'
import type { SpecProblem } from './spec-problem.ts'

/** Refused before parsing: no real sweep file is near this, and YAML parsing is linear in it. */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024
/** Parameters (nested ones included) in one file. */
export const MAX_PARAMETERS = 100_000
/** Entries of all `values` lists together. */
export const MAX_VALUES = 100_000
/** Nesting of maps and lists; deeper data would only risk the validator's stack. */
export const MAX_DEPTH = 64

export function checkTextSize(text: string): SpecProblem | undefined {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes <= MAX_SPEC_BYTES) return undefined
  return { ...problem('spec/too-large', [], 'value', `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a sweep file may be at most ${MAX_SPEC_BYTES / 1024 / 1024} MiB`), position: { line: 1, column: 1 } }
}

/** Depth and size checks on the parsed data, iterative so hostile nesting cannot overflow the stack. */
export function checkDataSize(data: unknown): SpecProblem[] {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: data, depth: 0 }]
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number }
    if (typeof value !== 'object' || value === null) continue
    if (depth >= MAX_DEPTH) return [{ ...problem('spec/too-large', [], 'value', `the document nests deeper than ${MAX_DEPTH} levels`), position: { line: 1, column: 1 } }]
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 })
  }
  const parameters = (data as { parameters?: unknown } | null)?.parameters
  let paramCount = 0
  let valueCount = 0
  const queue: unknown[] = [parameters]
  while (queue.length > 0) {
    const params = queue.pop()
    if (typeof params !== 'object' || params === null || Array.isArray(params)) continue
    for (const p of Object.values(params)) {
      paramCount++
      if (typeof p !== 'object' || p === null) continue
      const { values, parameters: nested } = p as { values?: unknown; parameters?: unknown }
      if (Array.isArray(values)) valueCount += values.length
      queue.push(nested)
    }
  }
  const problems: SpecProblem[] = []
  if (paramCount > MAX_PARAMETERS) problems.push(problem('spec/too-large', ['parameters'], 'key', `${paramCount} parameters; a sweep may have at most ${MAX_PARAMETERS}`))
  if (valueCount > MAX_VALUES) problems.push(problem('spec/too-large', ['parameters'], 'key', `${valueCount} entries in values lists; a sweep may have at most ${MAX_VALUES}`))
  return problems
}
