import type { ErrorLocation } from '../../../shared/errors.ts'
import type { ParamField } from './param-kinds.ts'
import type { ParamRow } from './spec-form.ts'

/** The engine's problems at `path` (dotted) exactly, for a form field. */
export function problemsAt(problems: readonly ErrorLocation[], path: string): string[] {
  return problems.filter((p) => p.path === path).map((p) => p.message)
}

/** The engine's problems inside a parameter that no child parameter shows. */
export function paramProblems(problems: readonly ErrorLocation[], row: ParamRow, field?: ParamField | 'distribution'): string[] {
  const base = paramPath(row.path)
  if (field) return problemsAt(problems, `${base}.${field}`)
  const fieldPaths = new Set([...Object.keys(row.fields), 'distribution'].map((f) => `${base}.${f}`))
  const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`)
  return problems
    .filter((p) => p.path !== undefined && within(p.path, base) && !fieldPaths.has(p.path))
    .filter((p) => !row.children.some((c) => within(p.path!, paramPath(c.path))))
    .map((p) => p.message)
}

/** The dotted key path of a parameter, as the engine names it: `parameters.opt.parameters.lr`. */
function paramPath(path: readonly string[]): string {
  return ['parameters', ...path.flatMap((n, i) => (i === 0 ? [n] : ['parameters', n]))].join('.')
}
