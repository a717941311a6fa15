import { Lexer } from 'yaml'
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

/**
 * List entries (flow `,` and block `- `) anywhere in the file, counted by YAML's lexer, which costs a
 * fraction of a full parse and stops at the limit: a file of a million values is refused in a
 * fraction of a second instead of after seconds of parsing. Quoted text and comments are single
 * tokens, so commas inside them do not count. The exact per-sweep limit is `MAX_VALUES` (checkDataSize);
 * this bound leaves room for every other list a file may hold.
 */
export const MAX_LIST_ENTRIES = 2 * MAX_VALUES
/** Tokens the lexer adds that are not in the source text. */
const SYNTHETIC_TOKENS = new Set(['\x02', '\x18', '\x1f'])

export function checkListEntries(text: string): SpecProblem | undefined {
  let entries = 0
  let offset = 0
  for (const token of new Lexer().lex(text)) {
    if (token === ',' || token === '-') {
      if (++entries > MAX_LIST_ENTRIES) return { ...problem('spec/too-large', [], 'value', `the file holds more than ${MAX_LIST_ENTRIES} list entries; a sweep may have at most ${MAX_VALUES} entries in values lists`), position: positionOf(text, offset) }
    }
    if (!SYNTHETIC_TOKENS.has(token)) offset += token.length
  }
  return undefined
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
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
