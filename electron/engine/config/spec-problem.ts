import type { ErrorCode } from '../../../shared/errors.ts'

/** A path inside the sweep document: map keys and list indexes. */
export type DocPath = ReadonlyArray<string | number>

export type SpecErrorCode = Extract<ErrorCode, 'spec/parse' | 'spec/invalid' | 'spec/grid-continuous' | 'spec/too-large'>

/**
 * One problem found in a sweep file, before it is given a line and column.
 * `anchor` says where the caret goes: the offending value, its key (unknown or misnamed keys, keys that
 * do not belong), or the map that lacks a required key (`path` then names the missing key).
 */
export interface SpecProblem {
  code: SpecErrorCode
  path: DocPath
  anchor: 'value' | 'key' | 'parent'
  message: string
  /** Set when the position is known without a path (YAML syntax errors). */
  position?: { line: number; column: number }
  /** For a problem inside an expression string: the character offset in it (the caret goes there). */
  offset?: number
}

/**
 * The code of an error that lists several problems: a syntax or size problem wins (nothing else could be
 * checked properly); otherwise a specific code only when every problem has it, else `spec/invalid`.
 */
export function pickErrorCode(problems: ReadonlyArray<SpecProblem>): SpecErrorCode {
  for (const code of ['spec/parse', 'spec/too-large'] as const) if (problems.some((p) => p.code === code)) return code
  const first = problems[0]?.code ?? 'spec/invalid'
  return problems.every((p) => p.code === first) ? first : 'spec/invalid'
}

export function formatDocPath(path: DocPath): string {
  return path.map(String).join('.')
}

export function problem(code: SpecErrorCode, path: DocPath, anchor: SpecProblem['anchor'], message: string): SpecProblem {
  return { code, path, anchor, message }
}
