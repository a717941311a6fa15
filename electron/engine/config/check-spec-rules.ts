import { findCommandProblems, formatArgValue } from './command-macros.ts'
import { problem } from './spec-problem.ts'
import type { DocPath, SpecProblem } from './spec-problem.ts'

/** Top-level rules zod cannot express: what a trial runs, the search method, command macros. */
export function checkSpecRules(data: Readonly<Record<string, unknown>>, hasIssueUnder: (path: DocPath) => boolean): SpecProblem[] {
  const problems: SpecProblem[] = []
  if (data.method === 'bayes') {
    problems.push(
      problem('spec/unsupported-method', ['method'], 'value', 'method bayes arrives in a later version of Sweeplab; use method: random meanwhile (it takes the same parameters)'),
    )
  }

  const { parameters } = data
  if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) && Object.keys(parameters).length === 0) {
    problems.push(problem('spec/invalid', ['parameters'], 'value', 'expected at least one parameter, got an empty mapping'))
  }

  const has = (key: string): boolean => data[key] !== undefined
  if (!has('program') && !has('command') && !has('trainer')) {
    problems.push(problem('spec/invalid', [], 'value', 'nothing to run: set program (your script), command, or trainer'))
  }
  if (has('trainer') && (has('program') || has('command'))) {
    problems.push(problem('spec/invalid', ['trainer'], 'key', 'trainer cannot be combined with program or command: a trial runs either a built-in trainer or your command'))
  }
  if (Array.isArray(data.command) && !hasIssueUnder(['command'])) {
    for (const p of findCommandProblems(normalizeCommand(data.command), has('program'))) problems.push(problem('spec/invalid', ['command', p.index], 'value', p.message))
  }
  return problems
}

/** W&B `str()`s every command element; numbers and booleans written in YAML become text. */
export function normalizeCommand(command: ReadonlyArray<unknown>): string[] {
  return command.map((c) => (typeof c === 'string' ? c : formatArgValue(c)))
}
