import type { StdoutMetricSpec } from '../../../shared/sweep-spec.ts'
import { analyzeStdoutPattern } from '../workers/stdout-pattern.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/**
 * `stdout_metrics`: each pattern compiles, cannot match an empty line, says where its value is, and
 * avoids what could make matching exponential; each problem points at the pattern's own line.
 */
export function checkStdoutMetrics(data: Readonly<Record<string, unknown>>, hasIssueUnder: (path: DocPath) => boolean): SpecProblem[] {
  const value = data.stdout_metrics
  if (value === undefined) return []
  const problems: SpecProblem[] = []
  if (data.trainer !== undefined && data.program === undefined && data.command === undefined) {
    problems.push(problem('spec/invalid', ['stdout_metrics'], 'key', "stdout_metrics reads the lines a command prints; a built-in trainer reports its metrics itself: remove it, or run your own program"))
  }
  if (hasIssueUnder(['stdout_metrics'])) return problems
  const check = (path: DocPath, pattern: unknown, name: unknown): void => {
    if (typeof pattern !== 'string') return
    const a = analyzeStdoutPattern(pattern, typeof name === 'string' ? name : undefined)
    if (!a.ok) problems.push(problem('spec/invalid', path, 'value', `the pattern ${a.message}`))
  }
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      if (typeof entry === 'object' && entry !== null) check(['stdout_metrics', i, 'pattern'], (entry as { pattern?: unknown }).pattern, (entry as { name?: unknown }).name)
    })
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, pattern] of Object.entries(value)) check(['stdout_metrics', name], pattern, name)
  }
  return problems
}

/** The mapping form (`loss: 'loss=(\S+)'`) as the list form every consumer reads. */
export function normalizeStdoutMetrics(value: StdoutMetricSpec[] | Record<string, string>): StdoutMetricSpec[] {
  if (Array.isArray(value)) return value
  return Object.entries(value).map(([name, pattern]) => ({ name, pattern, stream: 'stdout' as const }))
}
