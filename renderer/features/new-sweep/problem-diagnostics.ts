import type { Diagnostic } from '@codemirror/lint'
import type { ChangeSpec, Text } from '@codemirror/state'
import type { ErrorLocation } from '../../../shared/errors.ts'

/**
 * The engine's located problems as editor diagnostics: from the reported column to the end of the
 * line (the offending value or key), or the whole line when the column is past its text.
 */
export function toDiagnostics(doc: Text, problems: readonly ErrorLocation[]): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const p of problems) {
    if (p.line === undefined) continue
    const line = doc.line(Math.min(Math.max(1, p.line), doc.lines))
    const end = line.from + line.text.trimEnd().length
    let from = Math.min(line.from + Math.max(0, (p.column ?? 1) - 1), end)
    if (from === end) from = line.from + (line.text.length - line.text.trimStart().length)
    out.push({ from, to: Math.max(from, end), severity: 'error', source: 'sweeplab', message: p.path ? `${p.path}: ${p.message}` : p.message })
  }
  return out
}

/** The position of a 1-based line and column, clamped to the document. */
export function positionOf(doc: Text, line: number, column = 1): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines))
  return l.from + Math.min(Math.max(0, column - 1), l.length)
}

/** The smallest replacement that turns `a` into `b`, so the caret and undo history stay where they are. */
export function minimalChange(a: string, b: string): ChangeSpec {
  let start = 0
  const max = Math.min(a.length, b.length)
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--
    endB--
  }
  return { from: start, to: endA, insert: b.slice(start, endB) }
}
